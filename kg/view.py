"""View: an HTML page for a built output, whole or focused on one region."""
from __future__ import annotations

import re
from pathlib import Path

from .query import StoreGraph, graph_path, oxigraph_store
from .render import focus, write_html


def write_view(data="output", region: str = None) -> Path:
    """Write the page and return its path: `graph.html` for the whole graph, `view-<region>.html` for one
    region and its sub-regions (with their facts and the reports that name them). The triples are read
    from the output's Oxigraph store (the one `kg query` keeps), never by parsing the whole Turtle file."""
    path = graph_path(data)
    g = StoreGraph(oxigraph_store(data))
    if region:
        g = focus(g, region)
        safe = re.sub(r"[^\w]", "_", region)
        out = path.parent / f"view-{safe}.html"
        write_html(g, out, title=f"govkg · {region}")
    else:
        out = path.parent / "graph.html"
        write_html(g, out, title=f"govkg · {path.parent.name}")
    return out
