#!/usr/bin/env python3
"""Benchmark: how fast the HTML view is made and becomes interactive, at about 2,000 and 10,000 nodes.

The graphs scale the seeds' real facts (every report, fact and evidence copied and renamed; the regions
shared). For each size it prints the time to render the page in Python, the page's size, and, in
headless Chromium (Debian's `chromium`, driven by playwright), the time from navigation to the first
drawing of the network and the time to show a node's panel after a click. It also saves a screenshot
of the seeds' page to bench/view.png (the one in the README).

usage: python bench/view.py [--nodes 2000,10000] [--data output]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CLASSES = ("Region", "Document", "Project", "Investment", "Campaign", "Goal", "Indicator", "Organization")


def scaled_graph(seed_nt, copies):
    from rdflib import Graph

    from sparql import scaled_ntriples

    with tempfile.TemporaryDirectory() as tmp:
        nt = Path(tmp) / "g.nt"
        scaled_ntriples(seed_nt, copies, nt)
        return Graph().parse(nt, format="nt")


def view_nodes(g):
    from rdflib import RDF

    from kg.vocab import GOV

    return sum(1 for c in CLASSES for _ in g.subjects(RDF.type, GOV[c]))


def measure(browser, path: Path, shot: Path = None) -> tuple:
    page = browser.new_page(viewport={"width": 1500, "height": 950})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    t = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_function("window.govkg && window.govkg.isReady()", timeout=120_000)
    ready = time.perf_counter() - t
    node = page.evaluate("NODES.find(n => n.group === 'Investment') || NODES[0]")
    t = time.perf_counter()
    page.evaluate(f"window.govkg.focus({node['id']})")
    page.wait_for_function("document.querySelector('#panel h2') !== null")
    click = time.perf_counter() - t
    if shot:  # the README's picture: one county's facts, an investment's panel with its evidence
        county = page.evaluate("REGIONS.find(r => r.level === 'county' && r.name === '水富市') || REGIONS[0]")
        page.select_option("#region", value=str(county["id"]))
        inv = page.evaluate(f"NODES.filter(n => n.group === 'Investment' && n.regions.indexOf({county['id']}) >= 0)"
                            ".sort((a, b) => b.size - a.size)[0]")
        if inv:
            page.evaluate(f"window.govkg.focus({inv['id']})")
        page.wait_for_timeout(300)
        page.screenshot(path=str(shot))
    page.close()
    return ready, click, errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", default="2000,10000")
    ap.add_argument("--data", default=str(ROOT / "output"))
    a = ap.parse_args()

    from playwright.sync_api import sync_playwright
    from rdflib import Graph

    from kg.render import render_html

    seed = Graph().parse(Path(a.data) / "graph.ttl")
    seed_nt = sorted(line for line in seed.serialize(format="nt").splitlines() if line.strip())
    per_copy = view_nodes(seed) - 20  # the regions are shared between copies
    rows = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page_path = Path(tmp) / "seeds.html"
        page_path.write_text(render_html(seed, "govkg · output"), encoding="utf-8")
        ready, click, errors = measure(browser, page_path, ROOT / "bench" / "view.png")
        print(f"seeds: {view_nodes(seed)} nodes, interactive in {ready:.2f} s; screenshot bench/view.png")
        for target in [int(n) for n in a.nodes.split(",")]:
            g = scaled_graph(seed_nt, max(1, round(target / per_copy)))
            n = view_nodes(g)
            t = time.perf_counter()
            html = render_html(g, f"govkg · {n} nodes")
            render = time.perf_counter() - t
            path = Path(tmp) / f"g{n}.html"
            path.write_text(html, encoding="utf-8")
            ready, click, errors = measure(browser, path)
            mb = path.stat().st_size / 1e6
            print(f"{n:,} nodes: render {render:.1f} s, page {mb:.1f} MB, interactive in {ready:.2f} s, "
                  f"panel after a click {click * 1000:.0f} ms, page errors {len(errors)}", flush=True)
            rows.append((n, render, mb, ready, click))
        browser.close()
    print("\n| nodes | render (Python) | page size | interactive in Chromium | panel after a click |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for n, render, mb, ready, click in rows:
        print(f"| {n:,} | {render:.1f} s | {mb:.1f} MB | {ready:.2f} s | {click * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
