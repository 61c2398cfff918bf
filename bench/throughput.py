#!/usr/bin/env python3
"""Benchmark: `kg build` throughput and memory at 1×, 10× and 100× the seeds, against jieba alone.

The corpus varies the seeds: copy k of a report has every number in it changed (n → n + k) and its own
file name, so no cache or deduplication can shortcut the work. For each size it prints, from one run:
the MB/s of `kg build` with a cold cache (all cores), jieba.lcut's MB/s on the same text on one core,
their ratio, the peak resident memory of the build, and the time of an incremental rebuild after one
file changed.

usage: python bench/throughput.py [--sizes 1,10,100] [--jobs N]
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_corpus(folder: Path, copies: int) -> int:
    seeds = sorted((ROOT / "seeds").iterdir())
    total = 0
    for k in range(copies):
        for f in seeds:
            text = f.read_text(encoding="utf-8")
            if k:
                text = re.sub(r"\d+", lambda m: str(int(m.group()) + k) if len(m.group()) < 9 else m.group(), text)
            out = folder / f"{k:04d}_{f.name}"
            out.write_text(text, encoding="utf-8")
            total += out.stat().st_size
    return total


def jieba_rate(folder: Path) -> float:
    code = ("import jieba, logging, time, pathlib, sys\n"
            "jieba.setLogLevel(logging.WARNING); jieba.initialize()\n"
            "texts = [p.read_text(encoding='utf-8') for p in sorted(pathlib.Path(sys.argv[1]).iterdir())]\n"
            "n = sum(len(t.encode('utf-8')) for t in texts)\n"
            "t = time.perf_counter()\n"
            "for x in texts: jieba.lcut(x)\n"
            "print(n / (time.perf_counter() - t) / 1e6)\n")
    return float(subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True,
                                check=True).stdout)


def timed_build(src: Path, out: Path, jobs: int, cache: bool = True) -> tuple:
    """(seconds, peak RSS in MB of the build and its workers)."""
    cmd = [sys.executable, "-m", "kg.cli", "build", str(src), "--out", str(out), "-q", "--jobs", str(jobs)]
    if not cache:
        cmd.append("--no-cache")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
    elapsed = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,10,100")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()
    rows = []
    for copies in [int(s) for s in a.sizes.split(",")]:
        with tempfile.TemporaryDirectory(prefix="govkg-tp-") as tmp:
            src, out = Path(tmp) / "reports", Path(tmp) / "output"
            src.mkdir()
            size = make_corpus(src, copies)
            # a fresh process per measurement, so that peak memory is this build's alone
            secs, peak = _isolated(timed_build, src, out, a.jobs)  # cold: the output (and its cache) is new
            rate = size / secs / 1e6
            jr = jieba_rate(src)
            one = sorted(src.iterdir())[len(list(src.iterdir())) // 2]
            one.write_text(one.read_text(encoding="utf-8") + "\n水富市新增绿地3.2万㎡。\n", encoding="utf-8")
            inc, _ = timed_build(src, out, a.jobs)
            rows.append((copies, size, secs, rate, jr, peak, inc))
            print(f"{copies}× ({size / 1e6:.2f} MB, {copies * 5} reports): build {secs:.1f} s = {rate:.3f} MB/s; "
                  f"jieba.lcut {jr:.3f} MB/s on one core; ratio {rate / jr:.2f}; peak RSS {peak:.0f} MB; "
                  f"incremental rebuild after one change {inc:.1f} s", flush=True)
    print(f"\n| corpus | MB | kg build (cold, {a.jobs} jobs) | jieba.lcut (1 core) | ratio | peak RSS | rebuild after one change |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for copies, size, secs, rate, jr, peak, inc in rows:
        print(f"| {copies}× | {size / 1e6:.2f} | {rate:.2f} MB/s ({secs:.1f} s) | {jr:.2f} MB/s | {rate / jr:.2f} | "
              f"{peak:.0f} MB | {inc:.1f} s |")


def _isolated(fn, *args):
    """Run fn in a child interpreter so that RUSAGE_CHILDREN's peak is this run's."""
    import json

    code = ("import json, sys; sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[1] + '/bench');"
            "import throughput as T; from pathlib import Path;"
            "print(json.dumps(T.timed_build(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))))")
    res = subprocess.run([sys.executable, "-c", code, str(ROOT), *map(str, args)], capture_output=True, text=True,
                         check=True)
    return tuple(json.loads(res.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
