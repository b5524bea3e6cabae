"""Check the loaded data against the rules of the model: SHACL shapes, OWL RL consistency, declared terms.

:func:`validate` runs three checks and gathers their findings into one :class:`ValidationReport`:

1. **SHACL** (pySHACL) with ``ontology/shapes.ttl`` over the data, the ontology merged in as
   ``ont_graph`` and ``inference="none"``. Merging lets ``sh:targetClass`` and ``sh:class`` follow
   ``rdfs:subClassOf``; turning inference off matters because RDFS inference would derive the type
   of each end of a relation from its ``rdfs:domain``/``rdfs:range``, so a wrong type (a work given
   as "introduced by") would be made right by inference instead of being reported.
2. **OWL RL consistency** (owlrl) over ontology + data. owlrl does not raise on an inconsistency:
   it adds ``[] a err:ErrorMessage ; err:error "..."`` triples to the closure (namespace
   ``http://www.daml.org/2002/03/agents/agent-ont#``), e.g. for members of ``owl:Nothing`` and for
   disjoint classes sharing an individual; those become results here. A functional property with
   two values is *not* an inconsistency in OWL RL (it infers ``owl:sameAs``), so psygraph, whose
   IRIs each name a distinct thing, checks functional properties directly.
3. **Declared terms**: every predicate and class the data uses is declared in the ontology or is
   a known standard term (:data:`KNOWN_PREDICATES`, :data:`KNOWN_CLASSES`), so a typo such as
   ``skos:preflabel`` or ``psy:Theorst`` is reported instead of silently making a new term.

The library never prints; :func:`format_report` gives the one-line-per-result text the CLI shows.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from psygraph import resources
from psygraph.namespaces import DCTERMS, OWL, PREFIXES, RDF, RDFS, SH, SKOS, compact

if TYPE_CHECKING:
    import sqlite3

    import rdflib

    from psygraph.graph import KnowledgeGraph

VIOLATION = "Violation"

_SKOS_KNOWN = (
    "prefLabel altLabel hiddenLabel definition note scopeNote example historyNote editorialNote changeNote "
    "exactMatch closeMatch broadMatch narrowMatch relatedMatch"
)
_DCTERMS_KNOWN = "source bibliographicCitation title description creator contributor created modified license"
#: Predicates the data may use without the ontology declaring them: OWL 2's built-in annotation
#: properties, rdf:type, and standard SKOS / Dublin Core annotation terms.
KNOWN_PREDICATES: frozenset[str] = frozenset(
    [RDF + "type"]
    + [RDFS + t for t in ("label", "comment", "seeAlso", "isDefinedBy")]
    + [OWL + t for t in ("sameAs", "differentFrom", "versionInfo", "deprecated")]
    + [SKOS + t for t in _SKOS_KNOWN.split(" ")]
    + [DCTERMS + t for t in _DCTERMS_KNOWN.split(" ")]
)

#: Classes the data may use without the ontology declaring them.
KNOWN_CLASSES: frozenset[str] = frozenset({OWL + "Thing", OWL + "NamedIndividual"})

_DECLARATION_TYPES = (
    OWL + "Class",
    OWL + "ObjectProperty",
    OWL + "DatatypeProperty",
    OWL + "AnnotationProperty",
    RDF + "Property",
    RDFS + "Class",
)

_IRI = re.compile(r"https?://[^\s,()'\"<>]+")
_DISJOINT = re.compile(r"^Disjoint classes (\S+) and (\S+) have a common individual (\S+)$")
_NOTHING = re.compile(r"^(\S+) is defined of type 'Nothing'$")

_FUNCTIONAL = f"""
SELECT DISTINCT ?s ?p WHERE {{
  ?p a <{OWL}FunctionalProperty> .
  ?s ?p ?a , ?b .
  FILTER (?a != ?b)
}}
"""


class ValidationResult(NamedTuple):
    """One finding: the entity it is about, the property (if any), a plain message, a severity."""

    focus: str
    path: str | None
    message: str
    severity: str = VIOLATION


@dataclass
class ValidationReport:
    """The outcome of :func:`validate`: ``conforms`` is true when there is no violation."""

    conforms: bool
    results: list[ValidationResult] = field(default_factory=list)


def validate(kg: KnowledgeGraph, *, reasoning: bool = True) -> ValidationReport:
    """Check the data of *kg* (shipped data and user files) against the shapes and the ontology.

    Parameters
    ----------
    kg
        The loaded graph.
    reasoning
        Run the OWL RL consistency check too (the slowest step); on by default.

    The report is kept in the on-disk cache (:meth:`KnowledgeGraph.derived`), so validating the
    same files again, with the same shapes and code, reads it back instead of checking again.

    Returns
    -------
    ValidationReport
        Results sorted by focus node; ``conforms`` is false when any result is a violation.
    """
    if kg.cache_key is None:
        return _check(kg, reasoning)
    import hashlib

    # The shapes are not among the loaded files the cache key covers, so their content names the file.
    shapes = hashlib.sha256(resources.shapes_file().read_bytes()).hexdigest()[:16]
    name = f"validation-{'owl' if reasoning else 'shacl'}-{shapes}"
    kept = kg.derived(name, _KEPT_RESULTS, lambda connection: _keep(_check(kg, reasoning), connection))
    rows = kept.rows(
        "SELECT focus, path, message, severity FROM results ORDER BY id",
        types=(str, (str, type(None)), str, str),
    )
    results = [ValidationResult(*row) for row in rows]
    return ValidationReport(conforms=not any(r.severity == VIOLATION for r in results), results=results)


#: A kept report (for inputs, shapes and code unchanged since the run that kept it).
_KEPT_RESULTS = """
CREATE TABLE results (
    id INTEGER PRIMARY KEY, focus TEXT NOT NULL, path TEXT, message TEXT NOT NULL, severity TEXT NOT NULL
) STRICT;
"""


def _keep(report: ValidationReport, connection: sqlite3.Connection) -> None:
    connection.executemany(
        "INSERT INTO results (focus, path, message, severity) VALUES (?, ?, ?, ?)", report.results
    )


def _check(kg: KnowledgeGraph, reasoning: bool) -> ValidationReport:
    """Run the checks of :func:`validate` (which keeps their report in the cache)."""
    data = kg.to_rdflib("data")
    ontology = kg.to_rdflib("ontology")
    results = shacl_results(data, ontology)
    if reasoning:
        results += owl_results(data, ontology)
    results += functional_results(data, ontology, already=results)
    results += undeclared_results(data, ontology)
    results = sorted(set(results), key=lambda r: (r.focus, r.path or "", r.message))
    conforms = not any(r.severity == VIOLATION for r in results)
    return ValidationReport(conforms=conforms, results=results)


def format_report(report: ValidationReport) -> str:
    """One line per result, ``<focus compact IRI>: <message>``; empty when there is none.

    Examples
    --------
    >>> r = ValidationResult("https://w3id.org/psygraph/id/x", None, "needs a label")
    >>> format_report(ValidationReport(conforms=False, results=[r]))
    'id:x: needs a label'
    """
    return "\n".join(f"{compact(r.focus)}: {r.message}" for r in report.results)


def shacl_results(data: rdflib.Graph, ontology: rdflib.Graph) -> list[ValidationResult]:
    """Run pySHACL with the shipped shapes over *data*, *ontology* merged in, inference off."""
    import pyshacl
    import rdflib

    from psygraph.shacl_graph import ParsedOnceGraph

    shapes = _shapes_graph(resources.shapes_file().read_bytes())
    # A copy that parses each SPARQL constraint once; pySHACL mixes the ontology into it in place.
    _, report_graph, _ = pyshacl.validate(
        ParsedOnceGraph(data),
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        allow_warnings=True,
        inplace=True,
    )
    sh = rdflib.Namespace(SH)
    results = []
    for node in report_graph.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = report_graph.value(node, sh.focusNode)
        path = report_graph.value(node, sh.resultPath)
        value = report_graph.value(node, sh.value)
        severity = report_graph.value(node, sh.resultSeverity)
        message = str(report_graph.value(node, sh.resultMessage) or "breaks a shape")
        message = _compact_iris(message)
        if value is not None and value != focus and _show(value) not in message:
            message += f" (found {_show(value)})"
        results.append(
            ValidationResult(
                focus=_node_text(focus),
                path=str(path) if isinstance(path, rdflib.URIRef) else None,
                message=message,
                severity=str(severity).rsplit("#", 1)[-1] if severity else VIOLATION,
            )
        )
    return results


@functools.lru_cache(maxsize=2)
def _shapes_graph(turtle: bytes) -> rdflib.Graph:
    """The shapes, parsed once per process (pySHACL adds two fixed RDFS axioms to the graph on its
    first run, and nothing after)."""
    import rdflib

    return rdflib.Graph().parse(data=turtle, format="turtle")


def owl_results(data: rdflib.Graph, ontology: rdflib.Graph) -> list[ValidationResult]:
    """Compute the OWL RL closure of ontology + data and turn owlrl's error messages into results.

    Data triples whose predicate is an annotation property (labels, definitions, sources, notes,
    identifiers) are left out: no OWL RL rule can draw an inconsistency from them, and dropping
    them roughly halves the time the closure takes.
    """
    from psygraph.infer import owl_rl

    return [_owl_result(text) for text in owl_rl(data + ontology).errors]


def functional_results(
    data: rdflib.Graph, ontology: rdflib.Graph, already: Iterable[ValidationResult] = ()
) -> list[ValidationResult]:
    """Subjects with two values of a functional property (unless *already* reports that pair)."""
    graph = data + ontology
    seen = {(r.focus, r.path) for r in already}
    results = []
    for s, p in cast(Iterable[tuple[Any, Any]], graph.query(_FUNCTIONAL)):
        if (str(s), str(p)) in seen:
            continue
        name = _term_label(ontology, p)
        results.append(
            ValidationResult(
                str(s), str(p), f"has more than one value for '{name}', which allows only one ({compact(p)})"
            )
        )
    return results


def undeclared_results(data: rdflib.Graph, ontology: rdflib.Graph) -> list[ValidationResult]:
    """Predicates and classes used in *data* that the ontology does not declare and are not standard."""
    import rdflib

    declared = {
        str(s) for kind in _DECLARATION_TYPES for s in ontology.subjects(rdflib.RDF.type, rdflib.URIRef(kind))
    }
    results = []
    for s, p, o in data:
        if str(p) not in declared and str(p) not in KNOWN_PREDICATES:
            results.append(
                ValidationResult(
                    _node_text(s),
                    str(p),
                    f"uses the undeclared property {compact(str(p))}; fix its spelling "
                    "or declare it in ontology/psygraph.ttl",
                )
            )
        elif p == rdflib.RDF.type and str(o) not in declared and str(o) not in KNOWN_CLASSES:
            results.append(
                ValidationResult(
                    _node_text(s),
                    str(p),
                    f"is typed with the undeclared class {_show(o)}; fix its spelling "
                    "or declare it in ontology/psygraph.ttl",
                )
            )
    return results


def _owl_result(text: str) -> ValidationResult:
    """Turn one owlrl error message into a result about the individual it names."""
    disjoint = _DISJOINT.match(text)
    if disjoint:
        first, second, individual = disjoint.groups()
        return ValidationResult(
            individual,
            None,
            f"is a {compact(first)} and a {compact(second)} (stated, or inferred from a relation's "
            "domain or range), but the ontology says nothing can be both",
        )
    nothing = _NOTHING.match(text)
    if nothing:
        return ValidationResult(
            nothing.group(1), None, "is inferred to be of type owl:Nothing, so the data is inconsistent"
        )
    iris = _IRI.findall(text)
    ours = [i for i in iris if i.startswith(PREFIXES["id"])]
    focus = (ours or iris or [""])[0]
    return ValidationResult(focus, None, f"the OWL RL reasoner found an inconsistency: {_compact_iris(text)}")


def _term_label(ontology: rdflib.Graph, term: rdflib.term.Node) -> str:
    import rdflib

    label = ontology.value(term, rdflib.RDFS.label)
    return str(label) if label is not None else compact(str(term))


def _node_text(node: rdflib.term.Node | None) -> str:
    import rdflib

    if node is None:
        return ""
    if isinstance(node, rdflib.BNode):
        return f"_:{node}"
    return str(node)


def _show(value: rdflib.term.Node) -> str:
    """A short display of a value: a compact IRI, or a literal with its tag or datatype."""
    import rdflib

    if isinstance(value, rdflib.Literal):
        if value.language:
            return f'"{value}"@{value.language}'
        if value.datatype is not None:
            return f'"{value}"^^{compact(str(value.datatype))}'
        return f'"{value}"'
    if isinstance(value, rdflib.BNode):
        return "a blank node"
    return compact(str(value))


def _compact_iris(text: str) -> str:
    return _IRI.sub(lambda m: compact(m.group(0)), text)
