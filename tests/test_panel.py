"""The target–outcome panel: canonical names, pairing, met and gap on hand-made facts; the graph's rows and
links; `kg panel`; and the panel of ../shared/panel's reports scored against its hand-coded targets.jsonl."""
import json

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.graph import build_graph, indicator_iri
from kg.panel import COLUMNS, Fact, canonical, met_and_gap, pair, panel, panel_of, rows_of_facts, statistics
from kg.query import run
from kg.records import Document, DocumentFacts, Evidence, Indicator
from kg.vocab import GOV
from tests.conftest import ROOT

SHARED = ROOT.parent / "shared" / "panel"


# ------------------------------------------------------------------------------------------ names

def test_the_synonyms_come_from_the_skos_labels():
    table = statistics()
    assert table["国内生产总值"].name == table["GDP"].name == "地区生产总值"
    assert table["地方公共财政预算收入"].name == "一般公共预算收入"
    assert table["新增城镇就业"].name == table["新增就业岗位"].name == "城镇新增就业"
    assert table["居民消费价格涨幅"].ceiling and not table["地区生产总值"].ceiling


@pytest.mark.parametrize("name, measure, unit, expected", [
    ("国内生产总值", "growth", "%", ("地区生产总值", "growth")),
    ("本区生产总值", "growth", "%", ("地区生产总值", "growth")),
    ("全省地区生产总值", "level", "CNY", ("地区生产总值", "level")),
    ("居民消费价格涨幅", "level", "%", ("居民消费价格", "growth")),
    ("居民消费价格上涨", "level", "%", ("居民消费价格", "growth")),
    ("城镇登记失业率控制在", "level", "%", ("城镇登记失业率", "level")),
    ("城镇居民登记失业率", "level", "%", ("城镇登记失业率", "level")),
    ("新增城镇就业", "level", "人", ("城镇新增就业", "level")),
    ("地方一般公共预算收入", "growth", "%", ("一般公共预算收入", "growth")),
    ("进出口总额", "growth", "%", ("进出口总额", "growth")),  # any other statistic keeps its own cleaned name
    ("森林覆盖率达到", "level", "%", ("森林覆盖率", "level")),
    ("带动固定资产投资", "growth", "%", ("固定资产投资", "growth")),
])
def test_canonical_names(name, measure, unit, expected):
    assert canonical(name, measure, unit)[:2] == expected


# ---------------------------------------------------------------------------------------- pairing

def fact(value, year, doc, doc_year, target, start=0, unit="%", modifier="", high=None, statistic="地区生产总值",
         measure="growth", ceiling=False, headline=False, estimate=False, region="CN"):
    return Fact(indicator=f"i/{doc}/{start}/{value}", doc=doc, region=region, statistic=statistic, measure=measure,
                unit=unit, value=value, year=year, target=target, start=start, end=start + 10, doc_year=doc_year,
                high=high, modifier=modifier, ceiling=ceiling, headline=headline, estimate=estimate,
                region_name="中国", level="country")


def test_a_target_meets_the_outcome_of_the_next_years_report():
    r = pair([fact(6.5, 2016, "r2016", 2016, True, modifier="左右"), fact(6.7, 2016, "r2017", 2017, False)])
    assert (r.target, r.modifier, r.target_doc, r.outcome, r.outcome_doc) == (6.5, "左右", "r2016", 6.7, "r2017")
    assert r.gap == pytest.approx(0.2) and r.met is True


def test_a_figure_for_the_reports_own_year_is_no_outcome_and_a_past_years_target_is_no_target():
    # the 2016 report's own-year statement is not the outcome; the 2017 report's 预计 of 2016 is an estimate of it
    facts = [fact(6.5, 2016, "r2016", 2016, True), fact(6.0, 2016, "r2016", 2016, False, start=50),
             fact(6.6, 2016, "r2017", 2017, True, start=5)]
    r = pair(facts)
    assert (r.target, r.target_doc, r.outcome, r.outcome_doc) == (6.5, "r2016", 6.6, "r2017")


def test_the_latest_final_figure_is_the_outcome():
    facts = [fact(6.5, 2016, "r2016", 2016, True),
             fact(6.8, 2016, "review2017", 2017, False, estimate=True),  # 增长6.8%左右, before the final figures
             fact(6.7, 2016, "bulletin2017", 2017, False, start=3),
             fact(6.9, 2016, "revision2018", 2018, False, start=8),
             fact(7.0, 2016, "forecast2019", 2019, True)]  # a later 预计 loses to any final figure
    assert pair(facts).outcome == 6.9
    assert pair(facts[:3]).outcome == 6.7
    assert pair(facts[:2]).outcome == 6.8


def test_the_headline_target_of_the_years_own_report_wins():
    facts = [fact(7.0, 2016, "plan2015", 2015, True, start=1, headline=True),  # a plan that names the year
             fact(6.0, 2016, "r2016", 2016, True, start=900),  # a task section
             fact(6.5, 2016, "r2016", 2016, True, start=2000, headline=True, high=7.0)]
    r = pair(facts)
    assert (r.target, r.target_low, r.target_high, r.target_doc) == (6.5, 6.5, 7.0, "r2016")
    assert pair(facts[:1]).target == 7.0  # without the year's report, the plan's target


def test_jobs_counted_as_posts_meet_a_target_counted_in_people():
    r = pair([fact(30_000, 2016, "r2016", 2016, True, unit="人", statistic="城镇新增就业", measure="level"),
              fact(32_000, 2016, "r2017", 2017, False, unit="个", statistic="城镇新增就业", measure="level")])
    assert (r.unit, r.outcome, r.met) == ("人", 32_000, True)


def test_the_target_is_the_one_first_set():
    first = fact(6.5, 2016, "r2016-03.txt", 2016, True, start=900, headline=True)
    revised = fact(6.0, 2016, "r2016-09.txt", 2016, True, start=10, headline=True)
    assert pair([revised, first]).target_doc == "r2016-03.txt"
    dated = [Fact(**{**first.__dict__, "doc_date": "2016-03-05"}), Fact(**{**revised.__dict__, "doc_date": "2016-01-20"})]
    assert pair(dated).target == 6.0  # by publication date where there is one


def test_an_outcome_in_another_unit_is_not_the_targets():
    r = pair([fact(10_000_000, 2016, "r2016", 2016, True, unit="人", statistic="城镇新增就业", measure="level"),
              fact(3.1, 2016, "r2017", 2017, False, unit="%", statistic="城镇新增就业", measure="level")])
    assert r.outcome is None and r.met is None and r.gap is None


@pytest.mark.parametrize("target, high, modifier, ceiling, outcome, unit, met, gap", [
    (6.5, 7.0, "", False, 6.7, "%", True, 0.2),  # a range is met at its low end
    (6.5, 7.0, "", False, 6.4, "%", False, -0.1),
    (4.5, None, "以内", True, 4.02, "%", True, -0.48),  # 以内 is met at or below
    (4.5, None, "以内", True, 4.5, "%", True, 0.0),
    (3.0, None, "以内", False, 3.1, "%", False, 0.1),
    (3.0, None, "左右", True, 2.0, "%", True, -1.0),  # a price rise's target is an upper bound
    (5.5, None, "左右", True, 5.6, "%", False, 0.1),
    (6.0, None, "以上", False, 6.0, "%", True, 0.0),
    (1.0e7, None, "以上", False, 1.314e7, "人", True, None),  # no gap for amounts
    (2.2e10, None, "", False, 2.0e10, "CNY", False, None),
    (6.5, None, "", False, None, "%", None, None),  # no outcome: neither
])
def test_met_and_gap(target, high, modifier, ceiling, outcome, unit, met, gap):
    m, g = met_and_gap(target, high, modifier, ceiling, outcome, unit)
    assert m is met
    assert (g is None) if gap is None else g == pytest.approx(gap)


def test_rows_are_one_per_region_statistic_measure_and_year():
    facts = [fact(6.5, 2016, "r2016", 2016, True), fact(6.7, 2016, "r2017", 2017, False),
             fact(6.5, 2017, "r2017", 2017, True, start=99), fact(3.0, 2016, "r2016", 2016, True, start=5,
                                                                  statistic="居民消费价格", ceiling=True),
             fact(2.0, 2016, "r2017", 2017, False, start=7, statistic="居民消费价格", ceiling=True),
             fact(8.0, 2016, "g2016", 2016, True, region="440000")]
    rows = rows_of_facts(facts)
    assert [(r.indicator, r.year) for r in rows if r.region_key == "CN"] == [
        ("地区生产总值", 2016), ("地区生产总值", 2017), ("居民消费价格", 2016)]
    assert len(rows) == 4


# ------------------------------------------------------------------------------- records → graph

def ev(doc, start, text):
    return Evidence(doc=doc, text=text, start=start, end=start + len(text), rule="test")


def work_report(name, year, indicators):
    f = DocumentFacts(document=Document(name=name, title=None, date=None, year=year, source=None, main_region="CN"))
    for i, (stat, value, unit, measure, y, target, hedge, text) in enumerate(indicators):
        f.indicators.append(Indicator(doc=name, name=stat, value=value, unit=unit, region="CN", measure=measure,
                                      year=y, target=target, hedge=hedge, evidence=ev(name, 100 * i, text)))
    return f


def two_reports():
    a = work_report("r2016.txt", 2016, [
        ("国内生产总值", 6.5, "%", "growth", 2016, True, None, "今年发展的主要预期目标是：国内生产总值增长6.5%－7%，居民消费价格涨幅3%左右"),
        ("居民消费价格涨幅", 3, "%", "level", 2016, True, "左右", "今年发展的主要预期目标是：国内生产总值增长6.5%－7%，居民消费价格涨幅3%左右"),
        ("城镇新增就业", 10_000_000, "人", "level", 2016, True, "以上", "城镇新增就业1000万人以上"),
        ("国内生产总值", 7.8, "%", "growth", 2015, False, None, "国内生产总值年均增长7.8%"),  # an average: no year's figure
    ])
    b = work_report("r2017.txt", 2017, [
        ("国内生产总值", 6.7, "%", "growth", 2016, False, None, "国内生产总值达到74.4万亿元，增长6.7%"),
        ("居民消费价格上涨", 2, "%", "level", 2016, False, None, "居民消费价格上涨2%。"),
        ("城镇新增就业", 13_140_000, "人", "level", 2016, False, None, "全年城镇新增就业1314万人。"),
        ("城镇登记失业率控制在", 4.5, "%", "level", 2016, False, "以内", "城镇登记失业率控制在4.5%以内。"),
    ])
    return [a, b]


def test_records_make_the_panel_with_ranges_modifiers_and_evidence():
    rows = {(r.indicator, r.year): r for r in panel_of(two_reports())}
    gdp = rows[("地区生产总值", 2016)]
    assert (gdp.target, gdp.target_low, gdp.target_high, gdp.modifier, gdp.outcome, gdp.met) == (6.5, 6.5, 7.0, "", 6.7, True)
    assert (gdp.target_doc, gdp.target_start, gdp.outcome_doc, gdp.outcome_start) == ("r2016.txt", 0, "r2017.txt", 0)
    cpi = rows[("居民消费价格", 2016)]
    assert (cpi.measure, cpi.target, cpi.modifier, cpi.outcome, cpi.gap, cpi.met) == ("growth", 3, "左右", 2, -1, True)
    jobs = rows[("城镇新增就业", 2016)]
    assert (jobs.unit, jobs.target, jobs.modifier, jobs.outcome, jobs.met) == ("人", 1e7, "以上", 13_140_000, True)
    assert ("地区生产总值", 2015) not in rows
    assert gdp.outcome_modifier == "" and rows[("城镇登记失业率", 2016)].outcome_modifier == "以内"


def test_the_clauses_after_a_headline_target_are_the_years_targets_too():
    a = work_report("r2017.txt", 2017, [
        ("国内生产总值", 6.5, "%", "growth", 2017, True, "左右", "今年发展的主要预期目标是：国内生产总值增长6.5%左右；"),
        ("居民消费价格涨幅", 3, "%", "level", 2017, False, "左右", "居民消费价格涨幅3%左右；"),
        ("城镇登记失业率", 4.5, "%", "level", 2017, False, "以内", "城镇登记失业率4.5%以内。"),
    ])
    a.indicators[1] = Indicator(**{**a.indicators[1].__dict__, "evidence": ev("r2017.txt", 40, "居民消费价格涨幅3%左右；")})
    far = ev("r2017.txt", 5000, "城镇登记失业率4.5%以内。")  # far from the list: a statement of its own
    a.indicators[2] = Indicator(**{**a.indicators[2].__dict__, "evidence": far})
    rows = {r.indicator: r for r in panel_of([a])}
    assert (rows["居民消费价格"].target, rows["居民消费价格"].modifier) == (3, "左右")
    assert "城镇登记失业率" not in rows


def test_a_quarters_figure_and_a_rounded_figure_are_not_the_years_outcome():
    b = work_report("r2021.txt", 2021, [
        ("GDP", -7.4, "%", "growth", 2020, False, None, "全区经济在一季度跌入谷底，GDP同比下降7.4％，形势严峻。"),
        ("城镇新增就业", 66_000_000, "人", "level", 2020, False, "以上", "城镇新增就业6600万人以上。"),
        ("城镇新增就业", 1_300_000_000, "人", "level", 2020, False, "多", "城镇新增就业6600万人以上，13亿多人口的大国"),
        ("地区生产总值", 1.5, "%", "growth", 2020, False, None, "2020年实现地区生产总值2375.3亿元，同比增长1.5%；"),
        ("城镇新增就业", 13_510_000, "人", "level", 2020, False, None, "城镇新增就业1351万人。"),
    ])
    rows = {r.indicator: r for r in panel_of([b])}
    assert rows["地区生产总值"].outcome == 1.5
    assert rows["城镇新增就业"].outcome == 13_510_000


def test_a_growth_named_by_its_qualifier_is_the_previous_statistics():
    text = "一般公共预算收入137亿元，剔出不可比因素增长9.4％；金融业增加值936.9亿元，增长8.5％。"
    b = work_report("r2021.txt", 2021, [
        ("一般公共预算收入", 13_700_000_000, "CNY", "level", 2020, False, None, text),
        ("剔出不可比因素", 9.4, "%", "growth", 2020, False, None, text),
    ])
    for i in b.indicators:
        i.evidence = ev("r2021.txt", 1137, text)
    rows = {(r.indicator, r.measure): r for r in panel_of([b])}
    assert rows[("一般公共预算收入", "growth")].outcome == 9.4
    assert rows[("一般公共预算收入", "level")].outcome == 13_700_000_000
    assert not any(r.indicator.startswith("剔出") for r in rows.values())


def test_a_final_figure_beats_an_estimate_stated_as_expected():
    estimate = work_report("wr2017.txt", 2017, [("本区生产总值", 6.8, "%", "growth", 2016, False, "左右",
                                                  "预计（下同）本区生产总值达到2150亿元、增长6.8%左右")])
    final = work_report("bulletin2017.txt", 2017, [("地区生产总值", 6.7, "%", "growth", 2016, False, None,
                                                     "全年地区生产总值增长6.7%。")])
    early = work_report("wr2017.txt", 2017, [("地区生产总值", 6.6, "%", "growth", 2016, False, None,
                                               "预计全年地区生产总值增长6.6%。")])
    assert panel_of([estimate, final])[0].outcome == 6.7
    assert panel_of([early, final])[0].outcome == 6.7
    assert panel_of([estimate])[0].outcome == 6.8  # the only one


def test_a_range_on_the_record_is_used_as_it_is():
    a, b = two_reports()
    a.indicators[0].high = 7.5  # as extraction states it, whatever the sentence says
    gdp = next(r for r in panel_of([a, b]) if r.indicator == "地区生产总值")
    assert gdp.target_high == 7.5


def test_the_graph_holds_the_rows_and_links_and_the_bundled_query_returns_the_panel():
    reports = two_reports()
    g = build_graph(reports, panel=True)
    target = indicator_iri(reports[0].indicators[0])
    outcome = indicator_iri(reports[1].indicators[0])
    assert (target, GOV.outcome, outcome) in g
    assert len(set(g.subjects(predicate=None, object=GOV.TargetOutcome))) == len(panel_of(reports))
    assert build_graph(reports).value(target, GOV.outcome) is None  # without the panel, no links
    via_sparql = panel("unused", graph=g)
    assert [r.as_dict() for r in via_sparql] == [r.as_dict() for r in panel_of(reports)]
    assert run("target_outcome", graph=g).vars == COLUMNS


def test_the_panels_nodes_conform_to_the_shapes():
    import pyshacl
    from rdflib import Graph

    g = build_graph(two_reports(), panel=True)
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    conforms, _, text = pyshacl.validate(g, shacl_graph=shapes)
    assert conforms, text
    row = next(g.subjects(predicate=None, object=GOV.TargetOutcome))
    g.add((row, GOV.met, g.value(row, GOV.year)))  # a year where a boolean belongs
    assert not pyshacl.validate(g, shacl_graph=shapes)[0]


def test_the_build_writes_the_panel_into_turtle_and_nquads(tmp_path):
    from rdflib import Dataset, Graph

    import kg
    from kg.graph import PANEL_GRAPH

    docs = tmp_path / "docs"
    docs.mkdir()
    for name, year, past, target in (("a.txt", 2016, "8.1%", "7.5%左右"), ("b.txt", 2017, "7.9%", "7%以上")):
        (docs / name).write_text(f"水富市{year}年政府工作报告\n各位代表：现在，我代表水富市人民政府，向大会报告政府工作。\n"
                                 f"一、{year - 1}年工作回顾\n过去一年，全市地区生产总值增长{past}。\n"
                                 f"二、{year}年工作安排\n今年发展的主要预期目标是：地区生产总值增长{target}。\n",
                                 encoding="utf-8")
    out = tmp_path / "out"
    kg.build([docs], out=out, jobs=1)
    ttl = Graph().parse(out / "graph.ttl", format="turtle")
    ds = Dataset()
    ds.parse(out / "graph.nq", format="nquads")
    assert set(ttl) == {t for c in ds.graphs() for t in c}
    rows = panel(out)
    assert [(r.year, r.target, r.modifier, r.outcome, r.met) for r in rows if r.indicator == "地区生产总值"] == [
        (2015, None, "", 8.1, None), (2016, 7.5, "左右", 7.9, True), (2017, 7.0, "以上", None, None)]
    text = (docs / "a.txt").read_text(encoding="utf-8")
    assert "7.5%左右" in text[rows[1].target_start:rows[1].target_end]
    panel_graph = next(c for c in ds.graphs() if c.identifier == PANEL_GRAPH)
    assert len(set(panel_graph.subjects(object=GOV.TargetOutcome))) == len(rows)


def test_the_builds_panel_is_the_panel_of_the_reports_facts(built, seeds_dir):
    import kg

    facts = [kg.process(f) for f in sorted(seeds_dir.iterdir()) if f.is_file()]
    in_memory = [r.as_dict() for r in panel_of(facts)]
    assert in_memory and [r.as_dict() for r in panel(built[0])] == in_memory


# ------------------------------------------------------------------------------------------- CLI

def test_kg_panel_prints_csv_tsv_json_and_writes_a_file(tmp_path):
    g = build_graph(two_reports(), panel=True)
    out = tmp_path / "out"
    out.mkdir()
    g.serialize(out / "graph.ttl", format="turtle")
    runner = CliRunner()
    r = runner.invoke(cli, ["panel", "--data", str(out)])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert any(line.startswith("中国,,country,2016,地区生产总值,growth,%,6.5,6.5,7,,r2016.txt,0,") for line in lines)
    r = runner.invoke(cli, ["panel", "--data", str(out), "--format", "tsv"])
    assert r.output.splitlines()[0] == "\t".join(COLUMNS)
    r = runner.invoke(cli, ["panel", "--data", str(out), "--format", "json", "--out", str(tmp_path / "p.json")])
    assert r.exit_code == 0
    rows = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert list(rows[0]) == COLUMNS and len(rows) == len(panel_of(two_reports()))
    only = runner.invoke(cli, ["panel", "--data", str(out), "--region", "中國"]).output  # 中國 is 中国, in either script
    assert only.splitlines() == lines
    assert runner.invoke(cli, ["panel", "--data", str(out), "--region", "广东省"]).output.splitlines() == [",".join(COLUMNS)]
    r = runner.invoke(cli, ["panel", "--data", str(tmp_path / "nowhere")])
    assert r.exit_code == 2 and "kg:" in r.output


@pytest.mark.parametrize("suffix", ["png", "svg", "html"])
def test_kg_panel_draws_the_targets_against_the_outcomes(tmp_path, suffix):
    pytest.importorskip("matplotlib")
    g = build_graph(two_reports(), panel=True)
    out = tmp_path / "out"
    out.mkdir()
    g.serialize(out / "graph.ttl", format="turtle")
    path = tmp_path / f"panel.{suffix}"
    r = CliRunner().invoke(cli, ["panel", "--data", str(out), "--plot", str(path)])
    assert r.exit_code == 0, r.output
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" if suffix == "png" else b"<svg" in data
    if suffix != "png":
        assert b"<script" not in data and b'src="http' not in data and b"<link" not in data  # nothing to fetch


def test_kg_panel_says_when_there_are_no_rows(tmp_path):
    from kg.graph import build_graph

    out = tmp_path / "out"
    out.mkdir()
    build_graph(two_reports()).serialize(out / "graph.ttl", format="turtle")  # built without the panel
    r = CliRunner().invoke(cli, ["panel", "--data", str(out)])
    assert r.exit_code == 0 and "no panel rows" in r.output and r.output.splitlines()[-1] == ",".join(COLUMNS)


def test_kg_panel_refuses_an_unknown_plot_format(tmp_path):
    r = CliRunner().invoke(cli, ["panel", "--data", str(tmp_path), "--plot", str(tmp_path / "p.pdf")])
    assert r.exit_code == 2


# ------------------------------------------------------------------ scored against targets.jsonl

# targets.jsonl's indicator labels → (canonical name, measure); its units → (base unit, factor)
GOLD_NAMES = {"生产总值增长": ("地区生产总值", "growth"), "一般公共预算收入增长": ("一般公共预算收入", "growth"),
              "固定资产投资增长": ("固定资产投资", "growth"), "社会消费品零售总额增长": ("社会消费品零售总额", "growth"),
              "居民消费价格涨幅": ("居民消费价格", "growth"), "城镇登记失业率": ("城镇登记失业率", "level"),
              "城镇调查失业率": ("城镇调查失业率", "level"), "城镇新增就业": ("城镇新增就业", "level"),
              "固定资产投资（总量）": ("固定资产投资", "level"), "一般公共预算收入（总量）": ("一般公共预算收入", "level"),
              "社会消费品零售总额（总量）": ("社会消费品零售总额", "level")}
GOLD_UNITS = {"%": ("%", 1), "万人": ("人", 1e4), "亿元": ("CNY", 1e8)}


def _same(a, b) -> bool:
    return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b))


def score(rows, gold) -> dict:
    """The fractions of the issue: targets (value or range, modifier, year) and outcomes in the right row, pairs
    where the file states both, and the headline rows produced that agree with the file."""
    by_key = {(r.region, r.indicator, r.measure, r.year): r for r in rows}
    want = {}
    for g in gold:
        name, measure = GOLD_NAMES[g["indicator"]]
        unit, factor = GOLD_UNITS[g["unit"]]
        g = dict(g, value=g["value"] * factor, high=None if g["high"] is None else g["high"] * factor, base_unit=unit)
        want.setdefault((g["region"], name, measure, g["year"]), {})[g["kind"]] = g

    def target_ok(r, g):
        return (r is not None and r.unit == g["base_unit"] and _same(r.target, g["value"])
                and (r.target_high is None if g["high"] is None else _same(r.target_high, g["high"]))
                and r.modifier == (g["modifier"] or "") and r.target_doc == g["doc"])

    def outcome_ok(r, g):
        return r is not None and r.unit == g["base_unit"] and _same(r.outcome, g["value"])

    targets = [target_ok(by_key.get(k), w["target"]) for k, w in want.items() if "target" in w]
    outcomes = [outcome_ok(by_key.get(k), w["outcome"]) for k, w in want.items() if "outcome" in w]
    pairs = [target_ok(by_key.get(k), w["target"]) and outcome_ok(by_key.get(k), w["outcome"])
             for k, w in want.items() if len(w) == 2]
    # the headline rows produced: the file's statistics (an amount only in the years it records one) in the
    # years its regions' reports cover
    years = {}
    for region, _, _, year in want:
        years.setdefault(region, set()).add(year)
    series = {k[:3] for k in want}
    agree = []
    for k, r in by_key.items():
        in_scope = (k[:3] in series and k[0] in years and min(years[k[0]]) <= k[3] <= max(years[k[0]])
                    and (k[2] == "growth" or k[1] not in ("固定资产投资", "一般公共预算收入", "社会消费品零售总额")
                         or k in want))
        if not in_scope:
            continue
        w = want.get(k, {})
        agree.append(bool(w) and (r.target is None or ("target" in w and target_ok(r, w["target"])))
                     and (r.outcome is None or ("outcome" in w and outcome_ok(r, w["outcome"]))))

    def frac(xs):
        return round(sum(xs) / len(xs), 3) if xs else None

    return {"targets": frac(targets), "outcomes": frac(outcomes), "pairs": frac(pairs), "rows": frac(agree),
            "n": {"targets": len(targets), "outcomes": len(outcomes), "pairs": len(pairs), "rows": len(agree)}}


@pytest.fixture(scope="module")
def shared_panel(tmp_path_factory):
    if not (SHARED / "targets.jsonl").is_file():
        pytest.skip("../shared/panel is not here")
    import kg

    out = tmp_path_factory.mktemp("panel") / "out"
    kg.build([SHARED / "docs"], out=out, jobs=2)
    gold = [json.loads(line) for line in (SHARED / "targets.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return panel(out), gold


def test_the_score_counts_what_it_should():
    gold = [{"doc": "r2016", "region": "中国", "indicator": "生产总值增长", "year": 2016, "kind": "target", "value": 6.5,
             "low": 6.5, "high": 7, "unit": "%", "modifier": None},
            {"doc": "r2017", "region": "中国", "indicator": "生产总值增长", "year": 2016, "kind": "outcome", "value": 6.7,
             "low": None, "high": None, "unit": "%", "modifier": None}]
    right = pair([fact(6.5, 2016, "r2016", 2016, True, high=7.0), fact(6.7, 2016, "r2017", 2017, False)])
    assert score([right], gold) == {"targets": 1, "outcomes": 1, "pairs": 1, "rows": 1,
                                    "n": {"targets": 1, "outcomes": 1, "pairs": 1, "rows": 1}}
    wrong = pair([fact(6.5, 2016, "r2016", 2016, True), fact(6.9, 2016, "r2017", 2017, False)])  # no range, wrong outcome
    extra = pair([fact(5.0, 2017, "r2017", 2017, True)])  # a row the file does not have
    assert score([wrong, extra], gold) == {"targets": 0, "outcomes": 0, "pairs": 0, "rows": 0,
                                           "n": {"targets": 1, "outcomes": 0 + 1, "pairs": 1, "rows": 1}}


# What the panel of ../shared/panel scores now (see the README); the issue asks for targets ≥ 0.90, outcomes
# ≥ 0.85, pairs ≥ 0.85 and rows ≥ 0.90. These floors keep what is reached from slipping back.
FLOORS = {"targets": 0.85, "outcomes": 0.78, "pairs": 0.74, "rows": 0.92}


def test_the_panel_of_the_shared_reports_agrees_with_the_hand_coded_file(shared_panel):
    rows, gold = shared_panel
    s = score(rows, gold)
    print("panel vs targets.jsonl:", s)
    for k, floor in FLOORS.items():
        assert s[k] >= floor, (k, s)
    # an outcome found right also says whether the text gave it as a bound or an estimate (3%以内, 8.7%左右)
    by_key = {(r.region, r.indicator, r.measure, r.year): r for r in rows}
    found = []
    for g in gold:
        name, measure = GOLD_NAMES[g["indicator"]]
        r = by_key.get((g["region"], name, measure, g["year"]))
        if g["kind"] == "outcome" and r is not None and _same(r.outcome, g["value"] * GOLD_UNITS[g["unit"]][1]):
            found.append(r.outcome_modifier == (g["modifier"] or ""))
    assert found and sum(found) / len(found) >= 0.95
