#!/usr/bin/env python3
"""Benchmark: the bundled SPARQL queries on pyoxigraph and on rdflib, at about 100 k, 1 M and 5 M triples.

The graphs are made by scaling real extracted facts: the seeds' graph (output/graph.ttl) is copied N
times, every report, fact and evidence node renamed per copy, while the regions stay shared, as they
would be in a corpus of many reports about the same places. Prints p50 per query and size for both
engines and the ratio. pyoxigraph is timed twice: on the on-disk store that `kg query` opens, and on an
in-memory store as `kg serve --in-memory` holds; the ratio is rdflib's time over the in-memory one.
rdflib runs stop after 60 s per query and are reported as "> 60 s".

usage: python bench/sparql.py [--sizes 100000,1000000,5000000] [--runs 5] [--data output]
"""
from __future__ import annotations

import argparse
import json
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RDFLIB_LIMIT = 60
RDFLIB_LOAD_LIMIT = 900
_RENAMED = re.compile(r"<https://w3id\.org/govkg/id/(doc|project|campaign|investment|goal|indicator|evidence|org|graph)/([^>]*)>")
_FILE = re.compile(r'(<https://w3id\.org/govkg/ontology#fileName> ")([^"]*)(")')


def scaled_ntriples(seed_nt: list, copies: int, path: Path) -> int:
    """Write `copies` renamed copies of the seed triples; return the number of distinct triples."""
    shared = [line for line in seed_nt if not _RENAMED.search(line)]  # regions and their chains
    own = [line for line in seed_nt if _RENAMED.search(line)]
    with open(path, "w", encoding="utf-8") as f:
        for line in shared:
            f.write(line + "\n")
        for k in range(copies):
            for line in own:
                line = _RENAMED.sub(lambda m: f"<https://w3id.org/govkg/id/{m.group(1)}/c{k}-{m.group(2)}>", line)
                line = _FILE.sub(lambda m: f"{m.group(1)}c{k}-{m.group(2)}{m.group(3)}", line)
                f.write(line + "\n")
    return len(shared) + copies * len(own)


def p50(times):
    return statistics.median(times)


def bench_oxigraph(nt: Path, queries: dict, runs: int, memory: bool = False) -> tuple:
    """Times on the on-disk store that `kg query` uses, or on the in-memory one of `kg serve --in-memory`."""
    import pyoxigraph as ox

    t = time.perf_counter()
    if memory:
        store = ox.Store()
        store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    else:
        folder = tempfile.mkdtemp(prefix="govkg-bench-ox-")
        store = ox.Store(folder)
        store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        del store
        store = ox.Store.read_only(folder)
    load = time.perf_counter() - t
    out = {}
    for name, text in queries.items():
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            res = store.query(text)
            n = sum(1 for _ in res) if isinstance(res, ox.QuerySolutions) else 1
            times.append(time.perf_counter() - t)
        out[name] = (p50(times), n)
    return load, out


class Overrun(Exception):
    pass


def _rdflib_child(nt: str, queries_json: str, runs: int):
    """Run in a subprocess: load, then time every query; a query over the limit is stopped by SIGALRM."""
    from rdflib import Graph

    def alarm(*_):
        raise Overrun()

    signal.signal(signal.SIGALRM, alarm)
    queries = json.loads(queries_json)
    g = Graph()
    t = time.perf_counter()
    g.parse(nt, format="nt")
    print(json.dumps({"load": time.perf_counter() - t}), flush=True)
    for name, text in queries.items():
        times, n = [], 0
        try:
            for _ in range(runs):
                signal.alarm(RDFLIB_LIMIT)
                t = time.perf_counter()
                n = len(list(g.query(text)))
                times.append(time.perf_counter() - t)
                signal.alarm(0)
                if times[-1] > 10:
                    break  # one slow run is enough to know
            print(json.dumps({"query": name, "p50": p50(times), "rows": n}), flush=True)
        except Overrun:
            print(json.dumps({"query": name, "p50": None}), flush=True)


def bench_rdflib(nt: Path, queries: dict, runs: int) -> tuple:
    cmd = [sys.executable, __file__, "--rdflib-child", str(nt), "--runs", str(runs)]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    proc.stdin.write(json.dumps(queries))
    proc.stdin.close()
    load, out = None, {}
    deadline = time.time() + RDFLIB_LOAD_LIMIT + RDFLIB_LIMIT * len(queries) * 2
    for line in proc.stdout:
        msg = json.loads(line)
        if "load" in msg:
            load = msg["load"]
        else:
            out[msg["query"]] = (msg["p50"], msg.get("rows"))
        if time.time() > deadline:
            break
    proc.kill()
    return load, out


def fmt(seconds):
    if seconds is None:
        return f"> {RDFLIB_LIMIT} s"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000,1000000,5000000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--data", default=str(ROOT / "output"))
    ap.add_argument("--rdflib-child")
    ap.add_argument("--skip-rdflib-above", type=int, default=2_000_000,
                    help="do not load rdflib above this many triples (it needs minutes and many GB)")
    a = ap.parse_args()
    if a.rdflib_child:
        _rdflib_child(a.rdflib_child, sys.stdin.read(), a.runs)
        return

    from rdflib import Graph

    from kg.query import bundled

    queries = {b.name: b.text for b in bundled().values()}
    seed = Graph().parse(Path(a.data) / "graph.ttl")
    seed_nt = sorted(line for line in seed.serialize(format="nt").splitlines() if line.strip())
    own = sum(1 for line in seed_nt if _RENAMED.search(line))
    rows = []
    print(f"seed graph: {len(seed_nt)} triples ({own} per report copy); queries: {', '.join(queries)}")
    for target in [int(s) for s in a.sizes.split(",")]:
        copies = max(1, round((target - (len(seed_nt) - own)) / own))
        with tempfile.TemporaryDirectory(prefix="govkg-bench-") as tmp:
            nt = Path(tmp) / "graph.nt"
            n = scaled_ntriples(seed_nt, copies, nt)
            ox_load, ox = bench_oxigraph(nt, queries, a.runs)
            mem_load, mem = bench_oxigraph(nt, queries, a.runs, memory=True)
            print(f"\n{n:,} triples ({copies} copies of the seeds' reports): oxigraph load {ox_load:.1f} s on disk, "
                  f"{mem_load:.1f} s in memory", flush=True)
            if n <= a.skip_rdflib_above:
                rl_load, rl = bench_rdflib(nt, queries, max(1, a.runs // 2))
                print(f"  rdflib load {fmt(rl_load)}", flush=True)
            else:
                rl_load, rl = None, {}
                print(f"  rdflib not run at this size (above --skip-rdflib-above {a.skip_rdflib_above:,})", flush=True)
            for name in queries:
                o, rows_o = ox[name]
                m = mem[name][0]
                r = rl.get(name, (None, None))[0] if rl else None
                ran = name in rl
                ratio = (f"{r / m:.0f}×" if r is not None and m > 0 else (f"> {RDFLIB_LIMIT / m:.0f}×" if ran else "—"))
                rs = fmt(r) if ran else "not run"
                print(f"  {name:<22} rows {rows_o:>7}   oxigraph on disk {fmt(o):>10}   in memory {fmt(m):>10}   "
                      f"rdflib {rs:>10}   ratio {ratio:>8}", flush=True)
                rows.append((n, name, rows_o, o, m, r if ran else "not run", ratio))
    print("\n| triples | query | rows | oxigraph on disk | oxigraph in memory | rdflib | rdflib / in memory |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for n, name, rows_o, o, m, r, ratio in rows:
        print(f"| {n:,} | {name} | {rows_o:,} | {fmt(o)} | {fmt(m)} | {r if isinstance(r, str) else fmt(r)} | {ratio} |")


if __name__ == "__main__":
    main()
