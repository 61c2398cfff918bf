"""Tables: statistics laid out in rows, as bulletins print them.

A pipe table ("指标 | 绝对数(万元) | 增长(%) | 构成(%)", then "建筑业 | 55070 | 23.93 | 16.1") states one
figure per cell: the row names the statistic, the column's header its unit (万元 → yuan), and whether it
is a growth rate (增长, 增速, 比上年) or a level (构成, 比重 → a share). Rows of headings ("分产业 | -- | --")
state nothing.
"""
from __future__ import annotations

import re

from ..nlp import MULTIPLIERS, UNITS
from ..records import Indicator

_ROW = re.compile(r"^[ \t]*\|?([^|\n]+(?:\|[^|\n]*){2,})\|?[ \t]*$", re.M)
_HEADER_UNIT = re.compile(r"[（(]\s*(万亿|亿|千万|百万|十万|万|千)?\s*([^()（）]{1,8}?)\s*[)）]")
_NUMBER = re.compile(r"^[-－−]?\d+(?:\.\d+)?$")
_GROWTH = re.compile(r"增长|增速|增幅|比上年|同比|±")
_SHARE = re.compile(r"构成|比重|占比|占")
_CAPTION = re.compile(r"表\s*\d*\s*[:：]?\s*((?:19|20)\d{2})年")


def _column(header: str):
    """(unit, factor, measure, name suffix) of a column from its header cell, or None when it has no unit."""
    m = _HEADER_UNIT.search(header)
    if not m:
        return None
    factor = MULTIPLIERS.get(m.group(1) or "", 1)
    unit = m.group(2)
    if unit in ("元", "人民币", "元人民币"):
        unit = "CNY"
    elif unit in ("美元",):
        unit = "USD"
    elif unit in ("%", "％"):
        unit = "%"
    elif unit in UNITS:
        unit, f = UNITS[unit]
        factor *= f
    else:
        return None
    if unit == "%":
        if _GROWTH.search(header):
            return "%", 1, "growth", ""
        return "%", 1, "level", "比重" if _SHARE.search(header) else ""
    return unit, factor, "level", ""


def find_tables(ctx, region) -> list:
    text = ctx.text
    out = []
    columns = None
    for m in _ROW.finditer(text):
        cells = [c.strip() for c in m.group(1).split("|")]
        if not cells or not cells[0]:
            continue
        heads = [_column(c) for c in cells[1:]]
        if any(heads) and not any(_NUMBER.match(c.replace(",", "")) for c in cells[1:]):
            columns = heads  # a header row: the units of the columns below
            caption = text.rfind("\n", 0, max(0, m.start() - 1))
            cap = _CAPTION.search(text[caption + 1:m.start()])
            year = int(cap.group(1)) if cap else ctx.section_year(m.start())
            continue
        if columns is None:
            continue
        name = re.sub(r"[#*]|^\s*[一二三四五六七八九十\d]+[、.．]", "", cells[0]).strip()
        if len(name) < 2 or _NUMBER.match(name):
            continue
        line_start = m.start(1)
        for cell, col in zip(cells[1:], columns):
            value = cell.replace(",", "").replace("－", "-").replace("−", "-")
            if col is None or not _NUMBER.match(value):
                continue
            unit, factor, measure, suffix = col
            at = line_start + m.group(1).find(cell)
            end = line_start + len(m.group(1))
            out.append(Indicator(doc=ctx.name, name=name + suffix, value=round(float(value) * factor, 6), unit=unit,
                                 region=region, measure=measure, year=year, target=False,
                                 evidence=ctx.evidence(line_start, max(at + len(cell), end), "indicator.table", 0.7)))
    return out
