#!/usr/bin/env python3
"""Benchmark: the atlas (`regions/`) at corpus scale.

For each size it builds a corpus of that many reports (copies of the seeds, every copy with its numbers
changed and its own name, as bench/throughput.py makes them) with `kg build --jobs 2`, and prints the
build's time, the share of it spent writing the region pages, the number and sizes of the pages, and, in
headless Chromium (Debian's `chromium`, driven by playwright), the time from navigation until the entry
page and the largest region page are interactive, and from a search hit on the entry page until the
region page it opens has drawn. With --screenshots DIR it also saves the entry page and a region page of
a build of the given folders (e.g. ../shared/panel/docs and the seeds) as atlas-entry.png and
atlas-region.png.

usage: python bench/atlas.py [--reports 1000,10000]
       python bench/atlas.py --reports "" --screenshots bench --from seeds ../shared/panel/docs --search 广东省
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


def timed_build(src: Path, out: Path) -> tuple:
    """(seconds for the build, seconds of it in the atlas, seconds of those loading the query store)."""
    import importlib

    import kg

    # the modules (kg.query is also the name of a function)
    atlas, query = importlib.import_module("kg.atlas"), importlib.import_module("kg.query")
    spent, loading = [], []

    def timer(fn, into):
        def timed(*args, **kw):
            t = time.perf_counter()
            try:
                return fn(*args, **kw)
            finally:
                into.append(time.perf_counter() - t)
        return timed

    run, load = atlas.build_atlas, query.oxigraph_store
    atlas.build_atlas, query.oxigraph_store = timer(run, spent), timer(load, loading)
    try:
        t = time.perf_counter()
        kg.build([src], out=out, jobs=2)
        return time.perf_counter() - t, sum(spent), sum(loading)
    finally:
        atlas.build_atlas, query.oxigraph_store = run, load


def until(page, expr: str, seconds: float = 120) -> None:
    """Poll `expr` from here: the pages' Content-Security-Policy forbids the eval that
    playwright's wait_for_function uses when it has to poll in the page."""
    deadline = time.perf_counter() + seconds
    while not page.evaluate(f"(() => {{ try {{ return !!({expr}); }} catch (e) {{ return false; }} }})()"):
        if time.perf_counter() > deadline:
            raise TimeoutError(expr)
        time.sleep(0.01)


def interactive(browser, path: Path, ready: str) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    t = time.perf_counter()
    page.goto(path.as_uri())
    until(page, ready)
    seconds = time.perf_counter() - t
    page.close()
    if errors:
        raise RuntimeError(f"{path.name}: {errors[0]}")
    return seconds


def search_jump(browser, entry: Path, text: str) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(entry.as_uri())
    until(page, "window.govkg && window.govkg.ready === true")
    page.fill("#search", text)
    page.wait_for_selector("#hits a")
    t = time.perf_counter()
    with page.expect_navigation(wait_until="load"):
        page.locator("#hits a").first.click()
    until(page, "window.govkg.isReady()")
    seconds = time.perf_counter() - t
    page.close()
    return seconds


def measure(browser, out: Path) -> dict:
    from kg.atlas import ENTRY, FOLDER

    folder = out / FOLDER
    pages = [p for p in folder.glob("*.html") if p.name != ENTRY]
    largest = max(pages, key=lambda p: p.stat().st_size)
    return {"pages": len(pages), "largest": largest.stat().st_size, "entry": (folder / ENTRY).stat().st_size,
            "total": sum(p.stat().st_size for p in folder.iterdir()),
            "entry_s": interactive(browser, folder / ENTRY, "window.govkg && window.govkg.ready === true"),
            "largest_s": interactive(browser, largest, "window.govkg && window.govkg.isReady()"),
            "jump_s": search_jump(browser, folder / ENTRY, "水富港")}


def screenshots(browser, sources, folder: Path, search: str) -> None:
    import kg
    from kg.atlas import ENTRY, FOLDER

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "output"
        kg.build(sources, out=out, jobs=2)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto((out / FOLDER / ENTRY).as_uri())
        until(page, "window.govkg && window.govkg.ready === true")
        page.screenshot(path=str(folder / "atlas-entry.png"))
        page.fill("#search", search)
        page.wait_for_selector("#hits a")
        with page.expect_navigation(wait_until="load"):
            page.locator("#hits a").first.click()
        until(page, "window.govkg.isReady()")
        page.screenshot(path=str(folder / "atlas-region.png"))
        page.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", default="1000,10000")
    ap.add_argument("--screenshots", default=None, help="A folder for atlas-entry.png and atlas-region.png.")
    ap.add_argument("--from", dest="sources", nargs="*", default=["seeds"])
    ap.add_argument("--search", default="水富港扩能改造",
                    help="What to search for on the entry page for the picture of a region page.")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    from throughput import make_corpus

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        if args.screenshots:
            screenshots(browser, [ROOT / s if not Path(s).is_absolute() else Path(s) for s in args.sources],
                        Path(args.screenshots), args.search)
        print("| reports | build | atlas: query store | atlas: pages | pages | largest page | entry page | "
              "all pages | entry interactive | largest page interactive | search → region page drawn |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for n in (int(x) for x in args.reports.split(",") if x):
            with tempfile.TemporaryDirectory() as tmp:
                src, out = Path(tmp) / "reports", Path(tmp) / "output"
                src.mkdir()
                make_corpus(src, max(1, n // 5))
                total, atlas, store = timed_build(src, out)
                pages = atlas - store
                m = measure(browser, out)
                print(f"| {n:,} | {total:.1f} s | {store:.1f} s ({store / total:.0%}) | "
                      f"{pages:.1f} s ({pages / total:.0%}) | {m['pages']} | "
                      f"{m['largest'] / 1e6:.2f} MB | {m['entry'] / 1e6:.2f} MB | {m['total'] / 1e6:.1f} MB | "
                      f"{m['entry_s']:.2f} s | {m['largest_s']:.2f} s | {m['jump_s']:.2f} s |", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
