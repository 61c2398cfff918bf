"""View: an HTML page for a built output, whole or focused on one region."""
from __future__ import annotations

import re
from pathlib import Path

from .query import StoreGraph, graph_path, oxigraph_store
from .render import focus, write_html


def write_view(data="output", region: str = None) -> Path:
    """Write the page and return its path: `graph.html` for the whole graph, `view-<region>.html` for one
    region and its sub-regions (with their facts and the reports that name them). The triples are read
    from the output's Oxigraph store (the one `kg query` keeps), never by parsing the whole Turtle file.
    The whole graph's page is the one `kg build` wrote, if it is there and not older than the graph.
    Where the atlas (`regions/`, which `kg build` and `kg atlas` write) holds a page for the region, made
    from the graph as it is, that page is the answer and nothing is written."""
    path = graph_path(data)
    page = path.parent / "graph.html"
    if not region and page.is_file() and page.stat().st_mtime_ns >= path.stat().st_mtime_ns:
        return page  # the build's own page of this graph: rewriting it would take minutes on a large build
    if region:
        from .atlas import FOLDER, region_page

        page = region_page(path.parent / FOLDER, region, graph=path)
        if page is not None:
            return page
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
