"""The target–outcome panel of ../shared/panel: build its reports, score the panel against the hand-coded
targets.jsonl (the test's scoring), print the national reports' headline rows as a Markdown table, and draw
the panel into bench/panel.png.

    python bench/panel.py [PANEL_FOLDER]
"""
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kg
from kg.panel import panel, plot
from tests.test_panel import score

HEADLINE = [("地区生产总值", "growth", "GDP 增长 %"), ("居民消费价格", "growth", "CPI 涨幅 %"),
            ("城镇新增就业", "level", "城镇新增就业 万人"), ("城镇调查失业率", "level", "调查失业率 %"),
            ("城镇登记失业率", "level", "登记失业率 %")]


def shown(x, unit):
    return "" if x is None else f"{x / 1e4 if unit == '人' else x:g}"


def table(rows, region="中国"):
    by = {}
    for r in rows:
        if r.region == region:
            by.setdefault(r.year, {})[(r.indicator, r.measure)] = r
    lines = ["| year | " + " | ".join(h for _, _, h in HEADLINE) + " |",
             "| ---: | " + " | ".join("---" for _ in HEADLINE) + " |"]
    for year in sorted(by):
        cells = []
        for name, measure, _ in HEADLINE:
            r = by[year].get((name, measure))
            if r is None:
                cells.append("")
                continue
            t = "" if r.target is None else (shown(r.target, r.unit) if r.target_high is None else
                                             f"{shown(r.target_low, r.unit)}–{shown(r.target_high, r.unit)}")
            t += r.modifier
            o = shown(r.outcome, r.unit)
            met = {True: " ✓", False: " ✗", None: ""}[r.met]
            cells.append(f"{t or '·'} → {o}{met}" if o else t)
        if any(cells):
            lines.append(f"| {year} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "panel"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        kg.build([folder / "docs"], out=out)
        rows = panel(out)
    gold = [json.loads(line) for line in (folder / "targets.jsonl").read_text(encoding="utf-8").splitlines() if line]
    print("score against targets.jsonl:", score(rows, gold))
    print(table(rows))
    print(plot([r for r in rows if r.region in {g["region"] for g in gold}], ROOT / "bench" / "panel.png"))


if __name__ == "__main__":
    main()
