"""``timeline``: who and what appeared when, by year and by decade, as rows, text or a plot.

An entity's place on the timeline is its ``psy:year`` (a work's publication, a concept's
introduction, a school's founding), a theorist's birth year, or for a concept with no year of its
own the year of the work that introduced it. :func:`timeline` gives the rows, :func:`text_timeline`
the compact text the terminal shows, and :func:`plot_timeline` a picture (matplotlib, imported only
when a picture is asked for).

Examples
--------
>>> import psygraph
>>> kg = psygraph.load()
>>> rows = timeline(kg, types="school", start=1900, end=1929)
>>> rows[0]["label"], rows[0]["event"], rows[0]["decade"]
('individual psychology', 'founded', 1910)
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psygraph import resolve as names
from psygraph import sparql
from psygraph.errors import UsageError
from psygraph.graph import as_year as year
from psygraph.namespaces import PSY, compact
from psygraph.questions._rows import label, type_of

if TYPE_CHECKING:
    from psygraph.graph import KnowledgeGraph

Row = dict[str, Any]

#: What appearing means for an entity of each class (subclasses take their parent's word).
EVENTS = {
    PSY + "Theorist": "born",
    PSY + "Work": "published",
    PSY + "School": "founded",
    PSY + "TherapyModality": "introduced",
    PSY + "Concept": "introduced",
}
#: Picture formats :func:`plot_timeline` writes, by file suffix.
PLOT_SUFFIXES = (".png", ".svg", ".pdf")


def timeline(
    kg: KnowledgeGraph,
    *,
    types: str | None = None,
    school: str | None = None,
    start: int | None = None,
    end: int | None = None,
) -> list[Row]:
    """Dated entities, oldest first, optionally of one type, of one school, or between two years.

    Parameters
    ----------
    types
        A type name ("theorist", "defence mechanism", "work"), subclasses included.
    school
        A school's name: the school, its founders and members, its concepts, and their works.
    start, end
        Keep years from *start* to *end*, both included.

    Returns
    -------
    list of dict
        Keys ``year``, ``decade``, ``event`` ("born", "published", "founded", "introduced"),
        ``label``, ``type``, ``by`` (authors, introducers or founders; a list), ``until`` (a
        theorist's death year, else ``None``) and ``id``.
    """
    if start is not None and end is not None and start > end:
        msg = f"--from {start} is after --to {end}; give the earlier year first"
        raise UsageError(msg)
    allowed = names.resolve_type(kg, types) if types else None
    members = _school_members(kg, school) if school else None
    index = names.name_index(kg)
    found: dict[str, Row] = {}
    people: dict[str, set[str]] = defaultdict(set)
    dated = (
        sparql.run_about(kg, "timeline", entity=sorted(members))
        if members is not None
        else sparql.run(kg, "timeline")
    )
    # An entity's own year (or birth year) wins over the year of the work that introduced it.
    years: dict[str, tuple[int, int | None, int | None]] = {}  # entity -> (rank, year, death)
    for row in dated:
        entity = row["entity"]
        kinds = index.classes(entity)
        if not kinds or (members is not None and entity not in members) or (allowed and not kinds & allowed):
            continue
        for rank, value in enumerate((row["year"], row["birth"], row["workYear"])):
            when = year(value)
            if when is not None and (entity not in years or (rank, when) < years[entity][:2]):
                years[entity] = (rank, when, year(row["death"]))
    for entity, (_, when, death) in years.items():
        if when is None or (start is not None and when < start) or (end is not None and when > end):
            continue
        found[entity] = {
            "year": when,
            "decade": when - when % 10,
            "event": _event(kg, entity),
            "label": label(kg, entity),
            "type": type_of(kg, entity),
            "by": [],
            "until": death,
            "id": compact(entity),
        }
    people_rows = (
        sparql.run_about(kg, "timeline_people", entity=sorted(found))
        if members is not None
        else sparql.run(kg, "timeline_people")
    )
    for row in people_rows:
        if row["entity"] in found:
            people[row["entity"]].add(row["person"])
    for entity, row in found.items():
        row["by"] = sorted((label(kg, p) for p in people.get(entity, ())), key=str.casefold)
    return sorted(found.values(), key=lambda r: (r["year"], r["label"].casefold()))


def text_timeline(rows: list[Row], *, by: str = "decade", width: int = 100) -> str:
    """*rows* (from :func:`timeline`) as a compact text timeline: one paragraph per decade or year.

    Examples
    --------
    >>> rows = [{"year": 1895, "decade": 1890, "event": "published", "label": "Studies on Hysteria",
    ...          "type": "work", "by": [], "until": None},
    ...         {"year": 1856, "decade": 1850, "event": "born", "label": "Sigmund Freud",
    ...          "type": "theorist", "by": [], "until": 1939}]
    >>> print(text_timeline(sorted(rows, key=lambda r: r["year"])))
    1850s  1856 Sigmund Freud (born; d. 1939)
    1890s  1895 Studies on Hysteria (work)
    """
    import textwrap

    if by not in ("decade", "year"):
        msg = f"by must be 'decade' or 'year', not {by!r}"
        raise UsageError(msg)
    groups: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row[by]].append(row)
    head = 6 if by == "decade" else 5
    lines = []
    for key in sorted(groups):
        entries = [_entry(row, with_year=by == "decade") for row in groups[key]]
        heading = f"{key}s" if by == "decade" else str(key)
        lines += textwrap.wrap(
            " · ".join(entries),
            width,
            initial_indent=heading.ljust(head) + " ",
            subsequent_indent=" " * (head + 1),
            break_on_hyphens=False,
        )
    return "\n".join(lines)


def plot_timeline(rows: list[Row], path: str | Path, *, title: str = "psygraph timeline") -> Path:
    """Draw *rows* (from :func:`timeline`) to *path* (.png, .svg or .pdf) and return the path.

    One lane per type, one mark per entity at its year, labelled when there are few enough to read;
    below, how many appeared in each decade. The file is written whole or not at all.
    """
    target = Path(path)
    if target.suffix.lower() not in PLOT_SUFFIXES:
        msg = f"cannot draw a timeline to {target.name!r}; use a file ending in {', '.join(PLOT_SUFFIXES)}"
        raise UsageError(msg)
    if not target.parent.is_dir():
        msg = f"no such folder: '{target.parent}'; create it first or choose another -o path"
        raise UsageError(msg)
    try:
        import matplotlib
    except ModuleNotFoundError:  # pragma: no cover - matplotlib is a dependency
        msg = "drawing a timeline needs matplotlib; install it with: pip install matplotlib"
        raise UsageError(msg) from None
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from psygraph.atomic import atomic_write

    lanes = sorted({row["type"] for row in rows}, key=str.casefold)
    figure = Figure(figsize=(12, 1.2 + 0.5 * len(lanes) + 2.5), layout="constrained")
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=[max(len(lanes), 2), 2])
    for lane, kind in enumerate(lanes):
        years = [row["year"] for row in rows if row["type"] == kind]
        top.scatter(years, [lane] * len(years), s=18, alpha=0.7)
    if len(rows) <= 60:
        for row in rows:
            top.annotate(
                row["label"],
                (row["year"], lanes.index(row["type"])),
                fontsize=6,
                rotation=30,
                xytext=(2, 3),
                textcoords="offset points",
            )
    top.set_yticks(range(len(lanes)), lanes)
    top.set_title(title)
    decades: dict[int, int] = defaultdict(int)
    for row in rows:
        decades[row["decade"]] += 1
    bottom.bar(list(decades), list(decades.values()), width=8, align="edge")
    bottom.set_ylabel("per decade")
    bottom.set_xlabel("year")
    with atomic_write(target, "wb") as handle:
        figure.savefig(handle, format=target.suffix.lower()[1:])
    return target


def _school_members(kg: KnowledgeGraph, school: str) -> set[str]:
    iri = names.resolve(kg, school, types="School")
    return {iri} | {row["entity"] for row in sparql.run_about(kg, "school_members", school=iri)}


def _event(kg: KnowledgeGraph, entity: str) -> str:
    ancestors = kg.schema.ancestors
    for cls in sorted(names.name_index(kg).classes(entity)):
        for kind, word in EVENTS.items():
            if kind == cls or kind in ancestors.get(cls, ()):
                return word
    return "dated"


def _entry(row: Row, *, with_year: bool) -> str:
    what = row["event"] if row["type"] == "theorist" else row["type"]
    if row.get("until"):
        what += f"; d. {row['until']}"
    text = f"{row['label']} ({what})"
    return f"{row['year']} {text}" if with_year else text
