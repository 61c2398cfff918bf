"""View: an HTML page for a built output, whole or focused on one region."""
from __future__ import annotations

import re
from pathlib import Path

from .query import graph_path, load
from .render import focus, write_html


def write_view(data="output", region: str = None) -> Path:
    """Write the page and return its path: `graph.html` for the whole graph, `view-<region>.html` for one
    region and its sub-regions (with their facts and the reports that name them)."""
    path = graph_path(data)
    g = load(data)
    if region:
        g = focus(g, region)
        safe = re.sub(r"[^\w]", "_", region)
        out = path.parent / f"view-{safe}.html"
        write_html(g, out, title=f"govkg · {region}")
    else:
        out = path.parent / "graph.html"
        write_html(g, out, title=f"govkg · {path.parent.name}")
    return out
