"""Evidence claims as rows: what was compared with what, on which outcome, which way it went, how sure.

Each :class:`~psygraph` evidence claim is one result in PICO form (condition and population, modality,
comparator, outcome and time point) with its direction, study design and GRADE certainty. The
functions here turn claims into plain rows for the CLI, the notebook and the explorer:

* :func:`treatments` lists claims for a condition or a modality, highest certainty and strongest
  design first;
* :func:`evidence_chain` follows an idea to the modalities that put it to work and on to the claims
  and studies that test them, citing the work behind each step;
* :func:`study_counts` counts the studies behind a set of rows once each, however many claims cite
  them, so that one review cited for two results is not counted twice.

The evidence vocabulary (directions, comparators, outcomes, designs, certainty) is read from the
ontology's SKOS scheme, so labels and orderings live in one place, ``ontology/psygraph.ttl``.

Examples
--------
>>> import psygraph
>>> kg = psygraph.load()
>>> rows = treatments(kg, "bulimia nervosa")
>>> {row["result"] for row in rows if row["vs"] == "cognitive behaviour therapy"}
{'favours comparator'}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from psygraph import resolve as names
from psygraph import sparql
from psygraph.namespaces import PSY, compact

if TYPE_CHECKING:
    from psygraph.graph import KnowledgeGraph

__all__ = ["LEGEND", "evidence_chain", "no_trial_notes", "study_counts", "treatments"]

Row = dict[str, Any]

#: One line that says how to read a table of claims.
LEGEND = (
    'Legend: result = how the modality did against the comparator ("vs") on that outcome; certainty = GRADE '
    'rating from a systematic review, else "not graded"; design: SR/MA systematic review or meta-analysis, '
    "RCT randomised trial, OBS observational, EC expert consensus; highest certainty and design first."
)

#: Row keys of :func:`treatments`, in the order scripts receive them.
CLAIM_KEYS = (
    "modality",
    "condition",
    "population",
    "vs",
    "comparator_kind",
    "outcome",
    "measure",
    "time",
    "result",
    "effect",
    "n",
    "certainty",
    "design",
    "design_code",
    "source",
    "citation",
    "doi",
    "study_id",
    "evidence",
    "note",
    "id",
)


@dataclass(frozen=True)
class Term:
    """One term of the evidence vocabulary: its label, its symbol (directions) and its rank."""

    iri: str
    label: str
    notation: str
    rank: int


def vocabulary(kg: KnowledgeGraph) -> dict[str, Term]:
    """The evidence vocabulary of *kg*, by term IRI (``psy:FavoursModality`` ...)."""
    terms: dict[str, Term] = {}
    for row in kg.schema.evidence_terms:
        terms[row["term"]] = Term(
            row["term"], str(row["label"]), str(row["notation"] or ""), _int(row["rank"])
        )
    return terms


def treatments(kg: KnowledgeGraph, condition: str | None = None, *, modality: str | None = None) -> list[Row]:
    """The evidence claims for *condition*, or for *modality*, one row per claim.

    Give *condition* for the claims about it, *modality* for the claims about that modality, both
    for one pair, or neither for every claim. Rows run from the highest certainty and the strongest
    design down. A ``psy:addresses`` link that no claim backs is listed last, with the result
    "no claim recorded", so that a gap never reads as evidence.

    Returns
    -------
    list of dict
        Keys :data:`CLAIM_KEYS`: ``modality``, ``condition``, ``population``, ``vs`` (the
        comparator in words), ``comparator_kind``, ``outcome``, ``measure``, ``time``, ``result``
        (the direction), ``effect`` (the effect size as the source reports it, with its confidence
        interval, or ""), ``n``, ``certainty``, ``design`` and ``design_code`` (SR/MA, RCT, OBS,
        EC), ``source`` (short references), ``citation``, ``doi`` and ``study_id`` (lists, one per
        source), ``evidence`` (the claim in one line), ``note`` and ``id`` (the claim; "" for an
        unbacked link).
    """
    bindings = {
        "condition": names.resolve(kg, condition, types="Condition") if condition else None,
        "modality": names.resolve(kg, modality, types="TherapyModality") if modality else None,
    }
    return _claim_rows(kg, sparql.run(kg, "evidence", **bindings))


def no_trial_notes(
    kg: KnowledgeGraph, condition: str | None = None, *, modality: str | None = None
) -> list[Row]:
    """What the graph says about *condition* or *modality* when no evidence claim is about it.

    A modality or condition that no trial has tested can carry a ``psy:noTrialNote`` saying so and
    what support there is, so that :func:`treatments` finding nothing is not read as "unknown".
    Give the same arguments as to :func:`treatments`.

    Returns
    -------
    list of dict
        One row per note, with keys ``about`` (the label of the modality or condition), ``note``,
        ``source`` (short references of the works the entity cites) and ``id``; empty when neither
        has a note.

    Examples
    --------
    >>> import psygraph
    >>> kg = psygraph.load()
    >>> [row["about"] for row in no_trial_notes(kg, modality="Balint group")]
    ['Balint group']
    """
    entities = [
        names.resolve(kg, condition, types="Condition") if condition else None,
        names.resolve(kg, modality, types="TherapyModality") if modality else None,
    ]
    rows: list[Row] = []
    for entity in filter(None, entities):
        found: Row | None = None
        for row in sparql.run(kg, "no_trial_notes", entity=entity):
            if found is None:
                found = {
                    "about": names.label(kg, entity),
                    "note": str(row["note"]),
                    "source": [],
                    "id": compact(entity),
                }
                rows.append(found)
            if row["source"]:
                _append_new(found["source"], _short_reference(row["citation"], row["source"], kg))
    return rows


def evidence_chain(kg: KnowledgeGraph, concept: str) -> list[Row]:
    """From the idea *concept* to the modalities that put it to work, and on to the claims testing them.

    A modality puts an idea to work when it uses it as a technique, or when a work sets out both
    the idea and the modality (Kernberg's book on borderline conditions sets out projective
    identification and transference-focused psychotherapy). Each row is one claim about such a
    modality, with the step that links the idea to it and the work that step rests on; a modality
    with no claim gets one row saying so.

    Returns
    -------
    list of dict
        Keys ``concept``, ``modality``, ``link`` (how the idea reaches the modality), ``link_source``
        (short references of the works that link rests on) and the claim keys of :func:`treatments`
        (``condition``, ``vs``, ``outcome``, ``result``, ``certainty``, ``design``, ``source`` ...).
    """
    concept_iri = names.resolve(kg, concept, types="Concept")
    concept_label = names.label(kg, concept_iri)
    links: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    modalities = kg.schema.classes_under(PSY + "TherapyModality")
    for row in sparql.run_about(kg, "evidence_chain", concept=concept_iri, modalityClass=modalities):
        reference = _short_reference(row["citation"], row["work"], kg)
        _append_new(links[row["modality"]][str(row["how"])], reference)
    rows: list[Row] = []
    for modality_iri in sorted(links, key=lambda iri: names.label(kg, iri).casefold()):
        steps = links[modality_iri]
        link = "; ".join(f"{how} {', '.join(refs)}" for how, refs in sorted(steps.items()))
        sources = sorted({ref for refs in steps.values() for ref in refs})
        claims = _claim_rows(kg, sparql.run(kg, "evidence", modality=modality_iri), unbacked=False)
        head = {
            "concept": concept_label,
            "modality": names.label(kg, modality_iri),
            "link": link,
            "link_source": sources,
        }
        if not claims:
            rows.append(
                head
                | dict.fromkeys(CLAIM_KEYS[1:], "")
                | {"result": "no claim recorded", "study_id": [], "source": []}
            )
        rows += [head | {k: v for k, v in claim.items() if k != "modality"} for claim in claims]
    return rows


def study_counts(kg: KnowledgeGraph, rows: Iterable[Row]) -> dict[str, int]:
    """How many claims *rows* hold and how many distinct studies stand behind them, by design.

    A study cited by several claims counts once.

    Returns
    -------
    dict
        ``claims``, ``studies`` (distinct cited works that are studies), ``reviews``, ``trials``
        and ``observational`` (studies of each design), and ``other works`` (cited works that are
        not studies, such as case reports and books).
    """
    claims: set[str] = set()
    cited: set[str] = set()
    for row in rows:
        if row.get("id"):
            claims.add(row["id"])
            cited.update(row.get("study_id") or [])
    designs = {row["study"]: row["design"] for row in sparql.run(kg, "study_designs")}
    counts = {
        "claims": len(claims),
        "studies": 0,
        "reviews": 0,
        "trials": 0,
        "observational": 0,
        "other works": 0,
    }
    by_design = {
        PSY + "MetaAnalysisEvidence": "reviews",
        PSY + "RandomisedTrialEvidence": "trials",
        PSY + "ObservationalEvidence": "observational",
    }
    for work in cited:
        design = designs.get(_expand(work))
        if design in by_design:
            counts["studies"] += 1
            counts[by_design[design]] += 1
        else:
            counts["other works"] += 1
    return counts


def summary(counts: dict[str, int]) -> str:
    """*counts* from :func:`study_counts` as one sentence: "12 claims from 7 studies (3 reviews, 4 trials)".

    Examples
    --------
    >>> summary({"claims": 3, "studies": 2, "reviews": 1, "trials": 1, "observational": 0, "other works": 1})
    '3 claims from 2 studies (1 review, 1 trial) and 1 other work'
    """
    kinds = [
        _plural(counts[key], word)
        for key, word in (
            ("reviews", "review"),
            ("trials", "trial"),
            ("observational", "observational study"),
        )
        if counts[key]
    ]
    text = f"{_plural(counts['claims'], 'claim')} from {_plural(counts['studies'], 'study')}"
    if kinds:
        text += f" ({', '.join(kinds)})"
    if counts["other works"]:
        text += f" and {_plural(counts['other works'], 'other work')}"
    return text


# --- building rows ----------------------------------------------------------------------------------


def _claim_rows(kg: KnowledgeGraph, results: list[Row], *, unbacked: bool = True) -> list[Row]:
    terms = vocabulary(kg)
    claims: dict[tuple[Any, str, str], Row] = {}
    ranks: dict[tuple[Any, str, str], tuple[int, int]] = {}
    for row in results:
        key = (row["claim"], row["modality"], row["condition"])
        if row["claim"] is None and not unbacked:
            continue
        if key not in claims:
            claims[key] = _new_row(kg, row, terms)
            ranks[key] = (_rank(terms, row["certainty"]), _rank(terms, row["design"]))
        entry = claims[key]
        if row["source"] and compact(row["source"]) not in entry["study_id"]:
            entry["study_id"].append(compact(row["source"]))
            entry["source"].append(_short_reference(row["citation"], row["source"], kg))
            entry["citation"].append(str(row["citation"] or ""))
            entry["doi"].append(str(row["doi"] or ""))
    for entry in claims.values():
        entry["evidence"] = _one_line(entry)
    order = sorted(
        claims,
        key=lambda k: (
            claims[k]["id"] == "",
            -ranks[k][0],
            -ranks[k][1],
            claims[k]["modality"].casefold(),
            claims[k]["condition"].casefold(),
            claims[k]["source"],
            claims[k]["id"],
        ),
    )
    return [claims[k] for k in order]


def _new_row(kg: KnowledgeGraph, row: Row, terms: dict[str, Term]) -> Row:
    def label(key: str) -> str:
        term = terms.get(row[key]) if row[key] else None
        return term.label if term else ""

    backed = row["claim"] is not None
    return {
        "modality": names.label(kg, row["modality"]),
        "condition": names.label(kg, row["condition"]),
        "population": label("population"),
        "vs": str(row["comparator"] or ""),
        "comparator_kind": label("comparatorKind"),
        "outcome": label("outcome"),
        "measure": str(row["measure"] or ""),
        "time": label("timePoint"),
        "result": label("direction") if backed else "no claim recorded",
        "effect": _effect_text(row),
        "n": _int(row["sampleSize"]) or None,
        "certainty": label("certainty"),
        "design": label("design"),
        "design_code": terms[row["design"]].notation if row["design"] in terms else "",
        "source": [],
        "citation": [],
        "doi": [],
        "study_id": [],
        "evidence": "",
        "note": str(row["note"] or ""),
        "id": compact(row["claim"]) if backed else "",
    }


def _one_line(row: Row) -> str:
    """The claim in one line, for ``psygraph show`` and the notebook."""
    if not row["id"]:
        return "no claim recorded"
    vs = f" vs {row['vs']}" if row["vs"] and row["comparator_kind"] != "none" else ""
    text = f"{row['result']}{vs} ({row['outcome']}, {row['time']}); {row['design']}, {row['certainty']}"
    return text + (f"; {row['effect']}" if row["effect"] else "")


def _effect_text(row: Row) -> str:
    """ "odds ratio 13.40 (95% CI 2.45 to 73.42)", or "" when the claim records no effect size."""
    if row["effectSize"] is None:
        return ""
    text = f"{row['effectMeasure']} {_decimal(row['effectSize'])}"
    if row["ciLower"] is not None and row["ciUpper"] is not None and row["ciLevel"] is not None:
        level = round(float(row["ciLevel"]) * 100)
        text += f" ({level}% CI {_decimal(row['ciLower'])} to {_decimal(row['ciUpper'])})"
    return text


def _short_reference(citation: Any, work: str, kg: KnowledgeGraph) -> str:
    from psygraph.api import short_citation

    return short_citation(str(citation) if citation else None) or names.label(kg, work)


def _rank(terms: dict[str, Term], iri: str | None) -> int:
    term = terms.get(iri) if iri else None
    return term.rank if term else -1


def _decimal(value: Any) -> str:
    return f"{float(value):g}"


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _expand(curie: str) -> str:
    from psygraph.namespaces import ID

    return ID + curie.split(":", 1)[1] if curie.startswith("id:") else curie


def _append_new(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _plural(count: int, word: str) -> str:
    if count == 1:
        return f"1 {word}"
    plural = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{count} {plural}"
