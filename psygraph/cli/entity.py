"""``psygraph show`` and ``psygraph search``: one entity in full, and finding entities by text.

These commands read the store with SPARQL only; they must not import rdflib or networkx, so that
they answer quickly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from psygraph._output import cell, output_options, printable, render, render_json, terminal_width, wrap
from psygraph.cli._common import Session, emit, pass_session

if TYPE_CHECKING:
    from psygraph.entity import Entity


@click.command()
@click.argument("term")
@output_options
@pass_session
def show(session: Session, term: str, fmt: str) -> None:
    """Everything about one entity: type, definition, synonyms, who introduced it and when,
    its relations in both directions, evidence, sources and outside identifiers.

    \b
    Example:
        psygraph show "projective identification"
        psygraph show freud --format json
        psygraph show id:mentalization-based-treatment
    """
    from psygraph.entity import describe

    entity = describe(session.kg, term)
    if fmt == "json":
        click.echo(render_json(entity.to_dict()))
    elif fmt == "csv":
        click.echo(render(entity_rows(entity), fmt), nl=False)
    else:
        click.echo(printable(format_entity(entity)))


@click.command()
@click.argument("text")
@click.option(
    "--type", "types", metavar="TYPE", help='Only entities of this type, e.g. "theorist", "defence".'
)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="At most this many.")
@output_options
@pass_session
def search(session: Session, text: str, types: str | None, limit: int, fmt: str) -> None:
    """Find entities whose labels, synonyms or definitions match TEXT, best match first.

    \b
    Example:
        psygraph search mirror
        psygraph search "object" --type concept --limit 5
        psygraph search defense --format csv
    """
    from psygraph.api import search as run_search

    rows = run_search(session.kg, text, limit=limit, types=types)
    emit(rows, fmt, f"nothing matches {text!r}; try fewer or shorter words")


def entity_rows(entity: Entity) -> list[dict[str, str]]:
    """An entity as flat ``field, value, id`` rows (for CSV)."""
    rows: list[dict[str, str]] = [
        {"field": "label", "value": entity.label, "id": entity.id},
        {"field": "type", "value": entity.type},
    ]
    rows += [{"field": "definition", "value": entity.definition}] if entity.definition else []
    rows += [{"field": "synonym", "value": s} for s in entity.synonyms]
    for key, year in (("year", entity.year), ("born", entity.born), ("died", entity.died)):
        rows += [{"field": key, "value": str(year)}] if year is not None else []
    rows += [{"field": "citation", "value": entity.citation}] if entity.citation else []
    rows += [{"field": "introduced by", "value": p["label"], "id": p["id"]} for p in entity.introduced_by]
    rows += [{"field": "introduced in", "value": w["label"], "id": w["id"]} for w in entity.introduced_in]
    for group in entity.relations:
        rows += [{"field": group["relation"], "value": t["label"], "id": t["id"]} for t in group["targets"]]
    for claim in entity.evidence:
        value = f"{claim['modality']} → {claim['condition']}: {claim['evidence']}"
        rows.append({"field": "evidence", "value": value, "id": claim["id"]})
    rows += [{"field": "source", "value": s["citation"] or s["label"], "id": s["id"]} for s in entity.sources]
    rows += [{"field": f"identifier: {i['scheme']}", "value": i["value"]} for i in entity.identifiers]
    rows += [{"field": "note", "value": note} for note in entity.notes]
    return [{"field": r["field"], "value": r["value"], "id": r.get("id", "")} for r in rows]


def format_entity(entity: Entity, width: int | None = None) -> str:
    """An entity as a page of text for people."""
    width = width or terminal_width()
    lines = [f"{entity.label}  ({entity.id})", _subtitle(entity)]
    if entity.definition:
        lines += ["", *wrap(entity.definition, width, break_on_hyphens=True)]
    facts = _facts(entity)
    if facts:
        lines += ["", *_aligned(facts, width, indent="")]
    relations = [(g["relation"], ", ".join(_linked(t) for t in g["targets"])) for g in entity.relations]
    other = "condition" if entity.type == "therapy modality" else "modality"
    evidence = [
        (c[other], "; ".join(x for x in (c["evidence"], cell(c["source"])) if x)) for c in entity.evidence
    ]
    sources = [("-", f"{s['citation'] or s['label']} ({s['id']})") for s in entity.sources]
    identifiers = [(i["scheme"], i["value"]) for i in entity.identifiers]
    for title, pairs in (
        ("Relations", relations),
        ("Evidence", evidence),
        ("Sources", sources),
        ("Identifiers", identifiers),
    ):
        if pairs:
            lines += ["", title, *_aligned(pairs, width)]
    return "\n".join(lines)


def _subtitle(entity: Entity) -> str:
    parts = [entity.type or "entity"]
    if entity.born or entity.died:
        parts.append(f"{entity.born or '?'}–{entity.died or ''}")
    elif entity.year:
        parts.append(str(entity.year))
    return " · ".join(parts)


def _facts(entity: Entity) -> list[tuple[str, str]]:
    facts = []
    if entity.synonyms:
        facts.append(("Synonyms:", "; ".join(entity.synonyms)))
    introduced = []
    if entity.introduced_by:
        introduced.append("by " + " and ".join(p["label"] for p in entity.introduced_by))
    if entity.year:
        introduced.append(str(entity.year))
    introduced += [
        f"in {w['label']!r}" + (f" ({w['year']})" if w["year"] else "") for w in entity.introduced_in
    ]
    if introduced and entity.type != "work":
        facts.append(("Introduced:", ", ".join(introduced)))
    if entity.citation:
        facts.append(("Citation:", entity.citation))
    facts += [("Note:", note) for note in entity.notes]
    return facts


def _linked(target: dict[str, Any]) -> str:
    return target["label"]


def _aligned(pairs: list[tuple[str, str]], width: int, indent: str = "  ") -> list[str]:
    """Key-value lines, values wrapped in a column; a key too long for the column gets its own line."""
    key_width = min(max(len(key) for key, _ in pairs), 32)
    margin = " " * (len(indent) + key_width + 2)
    body_width = max(width - len(margin), 30)
    lines = []
    for key, value in pairs:
        wrapped = wrap(value, body_width) or [""]
        if len(key) > key_width:
            lines.append(f"{indent}{key}")
            lines.append(margin + wrapped[0])
        else:
            lines.append(f"{indent}{key.ljust(key_width)}  {wrapped[0]}".rstrip())
        lines += [margin + rest for rest in wrapped[1:]]
    return lines
