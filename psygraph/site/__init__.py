"""The static site: a page per entity, index pages, the ontology's documentation and offline search.

``psygraph site -o DIR`` writes it with :func:`build_site`. The modules, each with one job:

* :mod:`psygraph.site.read` reads what the pages show from the graph, in a few bulk passes;
* :mod:`psygraph.site.ontology` documents the ontology's classes, properties, shapes and terms;
* :mod:`psygraph.site.linked` describes each entity as RDF (its own triples and their schema.org
  reading) for the embedded JSON-LD and the ``.ttl``/``.jsonld``/``.nt``/``.rdf`` files;
* :mod:`psygraph.site.build` renders the Jinja2 templates and swaps the new site in whole.
"""

from __future__ import annotations

from psygraph.site.build import MARKER, SiteSummary, build_site

__all__ = ["MARKER", "SiteSummary", "build_site"]
