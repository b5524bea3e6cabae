"""The ontology is well formed: its header, its documentation, and the shapes that mirror it."""

from __future__ import annotations

import shutil
from importlib.metadata import version

import pytest
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from psygraph import resources
from psygraph.namespaces import ONTOLOGY_IRI, PSY
from psygraph.validate import owl_results

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
SHAPES = rdflib.Namespace("https://w3id.org/psygraph/shapes#")
ONTOLOGY = rdflib.URIRef(ONTOLOGY_IRI)
TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    graph = rdflib.Graph()
    for source in resources.schema_files():
        graph.parse(data=source.read_bytes(), format="turtle")
    return graph


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(data=resources.shapes_file().read_bytes(), format="turtle")


def terms(ontology: rdflib.Graph, kind: rdflib.URIRef) -> list[rdflib.URIRef]:
    return sorted(s for s in ontology.subjects(RDF.type, kind) if isinstance(s, rdflib.URIRef))


def test_header_has_title_description_licence_and_creators(ontology: rdflib.Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator):
        assert ontology.value(ONTOLOGY, prop) is not None, prop


def test_version_info_and_iri_match_the_package_version(ontology: rdflib.Graph) -> None:
    package_version = version("psygraph")
    assert str(ontology.value(ONTOLOGY, OWL.versionInfo)) == package_version
    assert str(ontology.value(ONTOLOGY, OWL.versionIRI)) == f"{ONTOLOGY_IRI}/{package_version}"


@pytest.mark.parametrize("kind", TERM_KINDS, ids=lambda k: k.fragment)
def test_every_term_has_an_english_label_and_definition(ontology: rdflib.Graph, kind: rdflib.URIRef) -> None:
    found = terms(ontology, kind)
    assert found
    for term in found:
        labels = [x for x in ontology.objects(term, RDFS.label) if x.language == "en"]
        definitions = [x for x in ontology.objects(term, SKOS.definition) if x.language == "en"]
        assert len(labels) == 1, f"{term} needs one English rdfs:label"
        assert len(definitions) == 1, f"{term} needs one English skos:definition"


def test_object_properties_have_domain_and_range(ontology: rdflib.Graph) -> None:
    for prop in terms(ontology, OWL.ObjectProperty):
        assert ontology.value(prop, RDFS.domain) is not None, f"{prop} has no rdfs:domain"
        assert ontology.value(prop, RDFS.range) is not None, f"{prop} has no rdfs:range"


def test_datatype_properties_have_a_range(ontology: rdflib.Graph) -> None:
    for prop in terms(ontology, OWL.DatatypeProperty):
        assert ontology.value(prop, RDFS.range) is not None, f"{prop} has no rdfs:range"


def test_no_term_is_punned(ontology: rdflib.Graph) -> None:
    kinds = (*TERM_KINDS, OWL.AnnotationProperty, OWL.NamedIndividual)
    for term in {s for kind in kinds for s in ontology.subjects(RDF.type, kind)}:
        declared = {k for k in kinds if (term, RDF.type, k) in ontology}
        assert len(declared) == 1, f"{term} is declared as {sorted(declared)}"


def test_every_psy_term_used_is_declared(ontology: rdflib.Graph) -> None:
    declared = {s for kind in (*TERM_KINDS, OWL.NamedIndividual) for s in ontology.subjects(RDF.type, kind)}
    used = {t for triple in ontology for t in triple if isinstance(t, rdflib.URIRef) and t.startswith(PSY)}
    assert used - declared == set()


def test_ontology_alone_is_owl_rl_consistent(ontology: rdflib.Graph) -> None:
    assert owl_results(rdflib.Graph(), ontology) == []


def test_relation_shapes_mirror_domain_and_range(ontology: rdflib.Graph, shapes: rdflib.Graph) -> None:
    for prop in terms(ontology, OWL.ObjectProperty):
        (shape,) = (
            s for s in shapes.subjects(SH.targetSubjectsOf, prop) if shapes.value(s, SH["class"]) is not None
        )
        assert shapes.value(shape, SH["class"]) == ontology.value(prop, RDFS.domain), prop
        ranges = [
            shapes.value(p, SH["class"])
            for p in shapes.objects(shape, SH.property)
            if shapes.value(p, SH.path) == prop
        ]
        assert ranges == [ontology.value(prop, RDFS.range)], prop


def test_every_kind_of_entity_but_work_must_cite_a_source(
    ontology: rdflib.Graph, shapes: rdflib.Graph
) -> None:
    kinds = set(ontology.subjects(RDFS.subClassOf, rdflib.URIRef(PSY + "Entity")))
    targeted = set(shapes.objects(SHAPES.SourcedEntityShape, SH.targetClass))
    assert targeted == kinds - {rdflib.URIRef(PSY + "Work")}


def test_every_shape_message_is_english_text(shapes: rdflib.Graph) -> None:
    messages = list(shapes.objects(None, SH.message))
    assert len(messages) >= 40
    assert all(m.language == "en" and len(str(m).split()) >= 4 for m in messages)


def test_shapes_are_valid_shacl(shapes: rdflib.Graph) -> None:
    import pyshacl

    conforms, _, text = pyshacl.validate(rdflib.Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_hermit_loads_the_ontology_and_finds_it_consistent(ontology: rdflib.Graph, tmp_path) -> None:
    # HermiT accepts only OWL 2 DL with the OWL 2 datatype map: the check Protégé users meet first.
    owlready2 = pytest.importorskip("owlready2")
    if shutil.which("java") is None:
        pytest.skip("HermiT needs a Java runtime")
    path = tmp_path / "ontology.nt"
    ontology.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    loaded = world.get_ontology(path.as_uri()).load()
    with loaded:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []
