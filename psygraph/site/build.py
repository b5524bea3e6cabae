"""Write the static site: pages from Jinja2 templates, RDF beside each page, all swapped in at once.

The site is built in a temporary folder beside the target and then renamed over it, so a failed or
interrupted build leaves the old site as it was. A folder is replaced only when it is empty or holds
a site psygraph wrote (it carries :data:`MARKER`), so ``-o ~/Documents`` cannot wipe a folder by
mistake.

The pages follow the explorer's rules for untrusted text: Jinja2 escapes every value (autoescape),
JSON embedded in a page goes through :func:`psygraph.viz.script_json`, links to the outside are
written only for ``http``/``https`` addresses, and a Content-Security-Policy allows nothing but the
page's own style and (on the search page) its own script, named by their SHA-256 hashes: no fetch,
no other script, no network access, from ``file://`` or from any static server.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from psygraph.errors import InputError, UsageError
from psygraph.namespaces import ONTOLOGY_IRI
from psygraph.site import linked
from psygraph.site.read import Entity, Row, Site, doi_href, read_site

if TYPE_CHECKING:
    from psygraph.graph import KnowledgeGraph

#: The file that marks a folder as a psygraph site (which a rebuild may replace).
MARKER = ".psygraph-site"
#: Prefix of the temporary folders a build writes into; the writing process's id follows it.
TEMP_PREFIX = ".psygraph-tmp-site-"
#: The RDF files beside each page: suffix -> writer.
ALTERNATES: dict[str, Callable[[list[ox.Triple]], bytes]] = {
    ".ttl": linked.turtle,
    ".nt": linked.ntriples,
    ".rdf": linked.rdfxml,
}
Progress = Callable[[int, int], None]

__all__ = ["MARKER", "SiteSummary", "build_site", "check_site_target"]


@dataclass
class SiteSummary:
    """What a build wrote: the folder, the number of entity pages and of files in all."""

    path: Path
    pages: int
    files: int


def build_site(
    kg: KnowledgeGraph,
    target: str | Path,
    *,
    explorer: bool = True,
    progress: Progress | None = None,
) -> SiteSummary:
    """Write the static site of *kg* into the folder *target* and return what was written.

    Parameters
    ----------
    kg
        The loaded graph.
    target
        The folder to write; it is created, or replaced when it is empty or an earlier site.
    explorer
        Also write the interactive explorer of the whole graph (``explorer.html``), which each
        entity page links to, focused on that entity.
    progress
        Called with ``(done, total)`` as entity pages are written.

    Raises
    ------
    UsageError
        *target* is inside psygraph's shipped data, or a folder that holds something else.
    InputError
        *target*'s parent folder does not exist or cannot be written.
    """
    folder = Path(target).expanduser()
    check_site_target(folder)
    site = read_site(kg)
    try:
        remove_stale_builds(folder.resolve().parent)
        temp = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=folder.resolve().parent))
    except OSError as exc:
        msg = f"cannot write '{folder}': {(exc.strerror or str(exc)).lower()}"
        raise InputError(msg) from None
    try:
        count = Writer(kg, site, temp, explorer).write_all(progress)
        (temp / MARKER).write_text("A static site written by psygraph; psygraph site may replace it.\n")
        _swap(temp, folder)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return SiteSummary(folder, len(site.entities), count + 1)


def check_site_target(folder: Path) -> None:
    """Refuse a target folder that a build must not replace (see the module's description)."""
    from psygraph.atomic import shipped_folders

    resolved = folder.resolve()
    for shipped in shipped_folders():
        if resolved == shipped or shipped in resolved.parents or resolved in shipped.parents:
            msg = (
                f"refusing to write the site to '{folder}': it holds psygraph's shipped data; choose another"
            )
            raise UsageError(msg)
    if not resolved.parent.is_dir():
        msg = f"cannot write '{folder}': the folder '{folder.parent}' does not exist; create it first"
        raise InputError(msg)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        msg = f"cannot write the site to '{folder}': it is not a folder; choose a new or empty folder"
        raise UsageError(msg)
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MARKER).is_file():
        msg = (
            f"refusing to replace '{folder}': it is not empty and not a site psygraph wrote; "
            "choose a new or empty folder"
        )
        raise UsageError(msg)


def remove_stale_builds(parent: Path) -> list[Path]:
    """Remove the temporary folders in *parent* of builds whose process no longer runs (killed
    half-way); return them. Only folders named ``.psygraph-tmp-site-<pid>-…`` are considered."""
    from psygraph.atomic import _running

    removed = []
    for entry in parent.glob(TEMP_PREFIX + "*"):
        pid = entry.name[len(TEMP_PREFIX) :].split("-", 1)[0]
        if entry.is_dir() and not entry.is_symlink() and pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _swap(temp: Path, folder: Path) -> None:
    """Put the new site *temp* in place of *folder*: two renames, then the old site is removed."""
    old = None
    if folder.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-old-", dir=temp.parent))
        os.rename(folder, old / "site")
    try:
        os.rename(temp, folder)
    except OSError:
        if old is not None:
            os.rename(old / "site", folder)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


#: How many neighbours the small picture of an entity's neighbourhood draws.
LOCAL_NODES = 12


def local_graph(entity: Entity) -> dict[str, Any]:
    """The small picture of *entity*'s neighbourhood on its page: up to :data:`LOCAL_NODES` linked
    entities on a circle around it, coloured by type as in the explorer (its placement in an
    480×300 box, labels shortened)."""
    import math

    from psygraph.namespaces import local_name
    from psygraph.viz import DEFAULT_STYLE, TYPE_STYLES

    def color(type_iri: str | None) -> str:
        return TYPE_STYLES.get(local_name(type_iri or ""), DEFAULT_STYLE).color

    linked: dict[str, Any] = {}
    for group in entity.relations:
        for target in group["targets"]:
            linked.setdefault(target.iri, target)
    chosen = list(linked.values())[:LOCAL_NODES]
    nodes = []
    for number, target in enumerate(chosen):
        angle = 2 * math.pi * number / max(len(chosen), 1) - math.pi / 2
        x, y = 240 + 185 * math.cos(angle), 150 + 105 * math.sin(angle)
        label = target.label if len(target.label) <= 22 else target.label[:21] + "…"
        nodes.append(
            {
                "x": round(x),
                "y": round(y),
                "ty": round(y + (18 if y >= 150 else -12)),
                "label": label,
                "color": color(target.type_iri),
            }
        )
    label = entity.label if len(entity.label) <= 30 else entity.label[:29] + "…"
    return {"nodes": nodes, "total": len(linked), "label": label, "color": color(entity.type_iri)}


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


class Writer:
    """Renders and writes every file of one site into a folder."""

    def __init__(self, kg: KnowledgeGraph, site: Site, folder: Path, explorer: bool) -> None:
        self.kg = kg
        self.site = site
        self.folder = folder
        self.explorer = explorer
        self.count = 0
        self.env = Environment(
            loader=PackageLoader("psygraph.site", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            keep_trailing_newline=True,
        )
        static = files("psygraph.site") / "static"
        self.css = (static / "site.css").read_text(encoding="utf-8")
        self.script = (static / "search.js").read_text(encoding="utf-8")
        style = _hash(self.css)
        base = "default-src 'none'; img-src data:; base-uri 'none'; form-action 'none'"
        self.csp = f"{base}; style-src {style}; script-src 'none'"
        self.search_csp = f"{base}; style-src {style}; script-src {_hash(self.script)}"
        self.ancestors = kg.schema.ancestors

    # --- writing ----------------------------------------------------------------------------------

    def write_all(self, progress: Progress | None) -> int:
        """Write every file; return how many."""
        (self.folder / "id").mkdir()
        (self.folder / "ontology").mkdir()
        entities = sorted(self.site.entities.values(), key=lambda e: e.slug)
        template = self.env.get_template("entity.html")
        for done, entity in enumerate(entities, start=1):
            self._entity(template, entity)
            if progress is not None and (done % 200 == 0 or done == len(entities)):
                progress(done, len(entities))
        self._indexes()
        self._ontology()
        if self.explorer:
            from psygraph.viz import write_explorer

            write_explorer(self.kg, self.folder / "explorer.html", title="psygraph explorer")
            self.count += 1
        return self.count

    def _write(self, relative: str, data: str | bytes) -> None:
        path = self.folder / relative
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        self.count += 1

    def _render(self, name: str, relative: str, root: str, **values: Any) -> None:
        page = self.env.get_template(name).render(
            root=root,
            css=Markup(self.css),  # noqa: S704 - the site's own style sheet
            csp=values.pop("csp", self.csp),
            dataset=self.site.dataset,
            explorer=self.explorer,
            **values,
        )
        self._write(relative, page)

    def _entity(self, template: Any, entity: Entity) -> None:
        from psygraph.viz import script_json

        triples = linked.description(entity, self.ancestors)
        document = linked.jsonld(triples)
        base = f"id/{entity.slug}"
        page = template.render(
            root="../",
            css=Markup(self.css),  # noqa: S704 - the site's own style sheet
            csp=self.csp,
            dataset=self.site.dataset,
            explorer=self.explorer,
            title=entity.label,
            e=entity,
            doi_href=doi_href(entity.doi),
            jsonld=Markup(script_json(document)),  # noqa: S704 - script_json escapes < > &
            claims=self._claims(entity.evidence, root="../"),
            local=local_graph(entity),
        )
        self._write(base + ".html", page)
        self._write(base + ".jsonld", script_json(document))
        for suffix, writer in ALTERNATES.items():
            self._write(base + suffix, writer(triples))

    def _claims(self, rows: list[Row], root: str) -> list[Row]:
        """Claim rows with links to their modality, condition and sources."""
        found = []
        for row in rows:
            about = [self.site.link(iri) for iri in row.get("_about", ())]
            modality = next((a for a in about if a and a.label == row["modality"]), None)
            condition = next((a for a in about if a and a.label == row["condition"]), None)
            sources = []
            for study, label, doi in zip(row["study_id"], row["source"], row["doi"], strict=False):
                link = self.site.link(_expand(study))
                sources.append({"label": label, "path": link.path if link else "", "doi_href": doi_href(doi)})
            found.append(row | {"modality_link": modality, "condition_link": condition, "sources": sources})
        return found

    # --- index pages ------------------------------------------------------------------------------

    def _indexes(self) -> None:
        from psygraph.viz import script_json

        entities = sorted(self.site.entities.values(), key=lambda e: (e.label.casefold(), e.iri))
        by_type: dict[str, list[Entity]] = defaultdict(list)
        for entity in entities:
            by_type[entity.type or "other"].append(entity)
        self._list("types.html", "Entities by type", by_type, sorted(by_type, key=str.casefold))
        letters: dict[str, list[Entity]] = defaultdict(list)
        for entity in entities:
            first = entity.label[:1].upper()
            letters[first if first.isalpha() else "#"].append(entity)
        self._list("a-z.html", "Entities A–Z", letters, sorted(letters), note="type")
        schools: dict[str, list[Entity]] = defaultdict(list)
        for entity in entities:
            for school in entity.schools:
                if school.iri != entity.iri:
                    schools[school.label].append(entity)
        self._list(
            "schools.html", "Entities by school", schools, sorted(schools, key=str.casefold), note="type"
        )
        decades: dict[str, list[Entity]] = defaultdict(list)
        for entity in sorted(entities, key=lambda e: (e.when or 0, e.label.casefold())):
            if entity.when is not None:
                decades[f"{entity.when // 10 * 10}s"].append(entity)
        order = sorted(decades, key=lambda d: int(d[:-1]))
        self._list(
            "decades.html",
            "Entities by decade",
            decades,
            order,
            note="when",
            intro="Dated by their year (a work's publication, an idea's introduction) or a theorist's birth.",
        )
        self._defences()
        self._evidence()
        search = [[e.label, [n for n, _ in e.names], e.type, e.path] for e in entities]
        total = len(self.site.entities)
        counts = (
            f"{total} entities, {len(self.site.claims)} evidence claims and "
            f"{sum(1 for t in self.site.terms if t.kind != 'shape')} ontology terms."
        )
        self._render(
            "index.html",
            "index.html",
            "",
            title=self.site.dataset["title"],
            counts=counts,
            search_data=Markup(script_json(search)),  # noqa: S704 - script_json escapes < > &
            script=Markup(self.script),  # noqa: S704 - the site's own script
            csp=self.search_csp,
        )

    def _list(
        self,
        relative: str,
        title: str,
        groups: dict[str, list[Entity]],
        order: list[str],
        *,
        note: str = "",
        intro: str = "",
    ) -> None:
        sections = []
        for number, heading in enumerate(order, start=1):
            items = [
                {
                    "label": e.label,
                    "path": e.path,
                    "note": e.type
                    if note == "type"
                    else (str(e.when) + " · " + e.type if note == "when" else ""),
                }
                for e in groups[heading]
            ]
            sections.append({"heading": heading, "id": f"s{number}", "items": items})
        self._render("list.html", relative, "", title=title, sections=sections, intro=intro)

    def _defences(self) -> None:
        hierarchies: dict[str, dict[tuple[Any, str], list[Row]]] = defaultdict(lambda: defaultdict(list))
        for row in self.site.defences:
            link = self.site.link(_expand(row["id"]))
            hierarchies[row["hierarchy"]][(row["rank"], row["level"])].append(
                {"label": row["defence"], "path": link.path if link else ""}
            )
        tables = [
            {
                "name": name,
                "levels": [
                    {"rank": rank, "name": level, "defences": defences}
                    for (rank, level), defences in levels.items()
                ],
            }
            for name, levels in hierarchies.items()
        ]
        self._render("defences.html", "defences.html", "", title="Defence hierarchies", hierarchies=tables)

    def _evidence(self) -> None:
        from psygraph.evidence import LEGEND

        conditions: dict[str, list[Row]] = defaultdict(list)
        for row in self._claims(self.site.claims, root=""):
            conditions[row["condition"]].append(row)
        found = [
            {
                "name": name,
                "path": rows[0]["condition_link"].path if rows[0]["condition_link"] else "",
                "claims": rows,
            }
            for name, rows in sorted(conditions.items(), key=lambda kv: kv[0].casefold())
        ]
        self._render(
            "evidence.html",
            "evidence.html",
            "",
            title="The evidence by condition",
            conditions=found,
            legend=LEGEND.removeprefix("Legend: "),
            claims=[],
        )

    # --- the ontology -----------------------------------------------------------------------------

    def _ontology(self) -> None:
        """The ontology's page and files, at ``ontology/`` and again at ``ontology/<version>/``."""

        kinds = [
            ("classes", "Classes", "class"),
            ("properties", "Properties", "property"),
            ("shapes", "Shapes (the rules of the data)", "shape"),
            ("terms", "Vocabulary terms", "term"),
        ]
        parts = [
            (key, heading, [t for t in self.site.terms if t.kind == kind]) for key, heading, kind in kinds
        ]
        triples = sorted(
            {
                quad.triple
                for graph in self.kg.graphs("ontology")
                for quad in self.kg.store.quads_for_pattern(None, None, None, graph)
            },
            key=str,
        )
        version = str(self.site.dataset["version"])
        folders = {"ontology": "../"}
        if re.fullmatch(r"[0-9][0-9A-Za-z.-]*", version) and ".." not in version:
            (self.folder / "ontology" / version).mkdir()
            folders[f"ontology/{version}"] = "../../"
        for folder, root in folders.items():
            self._render(
                "ontology.html",
                f"{folder}/index.html",
                root,
                title="The psygraph ontology",
                parts=[p for p in parts if p[2]],
                ontology_iri=ONTOLOGY_IRI,
            )
            self._rdf(f"{folder}/ontology", triples)
        from psygraph.dataset import void_triples

        self._rdf("dataset", void_triples(self.kg))

    def _rdf(self, stem: str, triples: list[ox.Triple]) -> None:
        """Write *triples* as ``stem.jsonld``, ``stem.ttl``, ``stem.nt`` and ``stem.rdf``."""
        from psygraph.viz import script_json

        self._write(f"{stem}.jsonld", script_json(linked.jsonld(triples)))
        for suffix, writer in ALTERNATES.items():
            self._write(stem + suffix, writer(triples))


def _expand(curie: str) -> str:
    from psygraph.namespaces import expand

    return expand(curie)
