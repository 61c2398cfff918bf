"""The atlas: a page per region and an entry page, bounded, rewritten only where the graph changed, and
as safe and offline as the view."""
import json
import os
import re
import shutil

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal

import kg.atlas
from kg.atlas import ENTRY, FOLDER, Survey, page_key, write_atlas
from kg.cli import cli
from kg.graph import region_iri
from kg.render import VIS_FILES
from kg.vocab import GOV
from tests.test_render import CHROMIUM, HOSTILE, browser, hostile_graph, open_page  # noqa: F401

FACTS = ("Project", "Investment", "Campaign", "Goal", "Indicator")


def const(html, name):
    return json.loads(re.search(rf"^const {name} = (.*);$", html, re.M).group(1))


@pytest.fixture(scope="module")
def atlas_dir(built, tmp_path_factory):
    data = tmp_path_factory.mktemp("atlas") / "output"
    shutil.copytree(built[0], data)
    r = CliRunner().invoke(cli, ["atlas", "--data", str(data)])
    assert r.exit_code == 0, r.output
    assert r.output.startswith(str(data / FOLDER / ENTRY))
    return data


def facts_of(g, region):
    return {s for s in g.subjects(GOV.region, region) if any((s, RDF.type, GOV[c]) in g for c in FACTS)}


def test_a_page_per_region_with_facts_or_reports_and_the_entry(atlas_dir, seed_graph):
    pages = {p.name for p in (atlas_dir / FOLDER).glob("*.html")}
    survey = Survey(seed_graph)
    expected = {page_key(r) + ".html" for r in survey.regions if survey.has_page(r)}
    assert pages == expected | {ENTRY}
    assert "530681.html" in pages and "CN.html" in pages
    for name in VIS_FILES:
        assert (atlas_dir / FOLDER / name).is_file()
    # the pages share vis-network instead of each holding it
    for p in (atlas_dir / FOLDER).glob("*.html"):
        html = p.read_text(encoding="utf-8")
        assert "/*VIS_JS*/" not in html and "vis-network 9" not in html.lower()
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)


def test_a_region_page_holds_its_own_facts_and_its_sub_regions(atlas_dir, seed_graph):
    html = (atlas_dir / FOLDER / "530681.html").read_text(encoding="utf-8")
    titles = [n["title"] for n in const(html, "NODES")]
    own = facts_of(seed_graph, region_iri("530681"))
    assert own and sum(1 for n in const(html, "NODES") if n["group"] in FACTS) == len(own)
    assert not any("海陵区" in t or "官渡区" in t for t in titles)
    panel = const(html, "ATLAS")
    assert [u["name"] for u in panel["up"]] == ["中国", "云南省", "昭通市", "水富市"]
    province = const((atlas_dir / FOLDER / "530000.html").read_text(encoding="utf-8"), "ATLAS")
    children = {c["name"]: c for c in province["children"]}
    assert set(children) == {"昭通市", "昆明市", "曲靖市"}
    rolled = facts_of(seed_graph, region_iri("530681")) | facts_of(seed_graph, region_iri("530600"))
    assert children["昭通市"]["facts"] == len(rolled)
    assert children["昭通市"]["key"] == "530600"


def test_the_entry_page_holds_the_hierarchy_with_totals_and_every_name(atlas_dir, seed_graph):
    html = (atlas_dir / FOLDER / ENTRY).read_text(encoding="utf-8")
    tree = const(html, "TREE")
    assert tree[0]["name"] == "中国" and tree[0]["depth"] == 0
    assert tree[0]["facts"] == sum(1 for c in FACTS for s in seed_graph.subjects(RDF.type, GOV[c])
                                   if seed_graph.value(s, GOV.region) is not None)
    for r in tree:  # amounts as a person reads them: 24.46亿 CNY; 3.61亿 USD
        assert re.fullmatch(r"(\d+(\.\d{1,2})?(亿|万)? [A-Z]{3})?(; \d+(\.\d{1,2})?(亿|万)? [A-Z]{3})*", r["investment"])
    assert "亿 CNY" in tree[0]["investment"]
    keys = [r["key"] for r in tree]
    for r in tree:  # parents come before their children
        assert r["parent"] is None or keys.index(r["parent"]) < keys.index(r["key"])
    names = {(n, cls): key for n, cls, key in const(html, "NAMES")}
    for p in seed_graph.subjects(RDF.type, GOV.Project):
        key = page_key(seed_graph.value(p, GOV.region))
        assert names[(str(seed_graph.value(p, GOV.name)), "Project")] == key


def test_indicators_stated_for_several_years_are_listed_by_year(atlas_dir, seed_graph):
    panel = const((atlas_dir / FOLDER / "321202.html").read_text(encoding="utf-8"), "ATLAS")
    gdp = [s for s in panel["indicators"] if s["name"] == "地区生产总值" and s["unit"] == "%"]
    assert gdp and [v[0] for v in gdp[0]["values"]] == [2019, 2020]
    for s in panel["indicators"]:
        years = [v[0] for v in s["values"]]
        assert len(years) > 1 and years == sorted(set(years))


def test_rewriting_touches_only_the_pages_whose_region_changed(seed_graph, tmp_path):
    g = Graph()
    for t in seed_graph:
        g.add(t)
    first = write_atlas(g, tmp_path)
    assert first["written"] == first["pages"] and not first["unchanged"]
    stamps = {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("*.html")}
    again = write_atlas(g, tmp_path)
    assert again["written"] == 0 and again["unchanged"] == again["pages"]
    assert stamps == {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("*.html")}
    # one project of 官渡区 goes: its page, its ancestors' (their totals) and the entry change, no other
    p = next(iter(s for s in g.subjects(GOV.region, region_iri("530111")) if (s, RDF.type, GOV.Project) in g))
    g.remove((p, None, None))
    changed = write_atlas(g, tmp_path)
    rewritten = {q.name for q in tmp_path.glob("*.html") if q.stat().st_mtime_ns != stamps[q.name]}
    assert rewritten == {"530111.html", "530100.html", "530000.html", "CN.html", ENTRY}
    assert changed["written"] == len(rewritten)


def test_a_page_over_its_budget_leaves_out_facts_and_says_so(seed_graph, tmp_path, monkeypatch):
    monkeypatch.setattr(kg.atlas, "PAGE_NODES", 100)
    write_atlas(seed_graph, tmp_path)
    html = (tmp_path / "530681.html").read_text(encoding="utf-8")
    nodes = const(html, "NODES")
    assert len(nodes) <= 100
    assert "indicators" in const(html, "NOTICE") and not any(n["group"] == "Indicator" for n in nodes)
    own = facts_of(seed_graph, region_iri("530681"))
    kept = sum(1 for n in nodes if n["group"] in FACTS)
    left = sum(int(x.replace(",", "")) for x in re.findall(r"([\d,]+) (?:projects|investments|campaigns|goals|indicators)",
                                                               const(html, "NOTICE")))
    assert kept + left == len(own)


def test_a_panel_holds_the_first_evidence_sentences_and_counts_the_others(seed_graph, tmp_path, monkeypatch):
    monkeypatch.setattr(kg.atlas, "MAX_EVIDENCE", 1)
    write_atlas(seed_graph, tmp_path)
    details = const((tmp_path / "530681.html").read_text(encoding="utf-8"), "DETAILS")
    assert all(len(d["evidence"]) <= 1 for d in details.values())
    many = [s for s in facts_of(seed_graph, region_iri("530681")) if len(set(seed_graph.objects(s, GOV.evidence))) > 1]
    counted = [d for d in details.values() if d.get("more")]
    assert many and len(counted) == len(many)
    assert sum(d["more"] + len(d["evidence"]) for d in counted) == \
        sum(len(set(seed_graph.objects(s, GOV.evidence))) for s in many)


def test_view_opens_the_prebuilt_page_while_it_is_fresh(atlas_dir):
    runner = CliRunner()
    r = runner.invoke(cli, ["view", "--region", "雲南省", "--data", str(atlas_dir), "--no-open"])
    assert r.exit_code == 0 and r.output.strip() == str(atlas_dir / FOLDER / "530000.html")
    graph = atlas_dir / "graph.ttl"
    page = atlas_dir / FOLDER / "530000.html"
    os.utime(graph, ns=(page.stat().st_mtime_ns + 10**9,) * 2)  # the graph is newer than the atlas
    r = runner.invoke(cli, ["view", "--region", "云南省", "--data", str(atlas_dir), "--no-open"])
    assert r.exit_code == 0 and r.output.strip() == str(atlas_dir / "view-云南省.html")
    r = runner.invoke(cli, ["atlas", "--data", str(atlas_dir)])
    assert r.exit_code == 0, r.output


# in the browser

@pytest.fixture(scope="module")
def entry(browser, atlas_dir):  # noqa: F811
    page, errors, requests = open_page(browser, atlas_dir / FOLDER / ENTRY)
    yield page, errors, requests
    assert not requests and not errors, (requests, errors)


def follow(page, link):
    """Click a link to another page and wait until that page's scripts have run."""
    with page.expect_navigation(wait_until="load"):
        link.click()
    assert page.evaluate("window.govkg.network !== undefined")


def test_entry_page_draws_the_hierarchy_and_folds_it(entry, atlas_dir):
    page, _, _ = entry
    tree = const((atlas_dir / FOLDER / ENTRY).read_text(encoding="utf-8"), "TREE")
    assert page.locator("#rows tr").count() == len(tree)
    assert page.locator("#rows tr:visible").count() == len(tree)
    page.locator("#rows tr").first.locator(".toggle").click()  # fold the country
    assert page.locator("#rows tr:visible").count() == 1
    page.locator("#rows tr").first.locator(".toggle").click()
    assert page.locator("#rows tr:visible").count() == len(tree)


def test_search_in_traditional_script_jumps_to_the_region_page(entry):
    page, errors, requests = entry
    page.fill("#search", "雲南省")
    page.wait_for_selector("#hits a")
    follow(page, page.locator("#hits a").first)
    assert page.url.endswith("/530000.html")
    assert "云南省" in page.locator("#atlas").inner_text() and "昭通市" in page.locator("#atlas").inner_text()
    follow(page, page.locator("#atlas a", has_text="昭通市").first)  # down to a sub-region's page
    assert page.url.endswith("/530600.html")
    page.go_back()
    page.go_back()
    assert page.evaluate("window.govkg.ready") is True


def test_search_for_a_project_opens_its_region_page_with_its_evidence(entry):
    page, _, _ = entry
    page.fill("#search", "水富港扩能改造")
    page.wait_for_selector("#hits a")
    follow(page, page.locator("#hits a").first)
    assert "/530681.html#" in page.url
    panel = page.locator("#panel").inner_text()
    assert "水富港扩能改造" in panel and "证据 Evidence" in panel
    assert page.locator("#panel mark").first.inner_text() == "水富港扩能改造"
    page.go_back()
    assert page.evaluate("window.govkg.ready") is True


def test_hostile_names_are_inert_in_the_atlas(browser, tmp_path):  # noqa: F811
    write_atlas(hostile_graph(), tmp_path)
    page, errors, requests = open_page(browser, tmp_path / ENTRY)
    page.fill("#search", "项目")
    hits = page.locator("#hits a")
    assert hits.count() == len(HOSTILE)
    assert any(s in page.locator("#hits").inner_text() for s in HOSTILE)  # shown as text, literally
    follow(page, hits.nth(0))
    for i in page.evaluate("window.govkg.nodes.getIds()"):
        page.evaluate(f"window.govkg.focus({i})")
    page.mouse.move(400, 400)
    assert page.evaluate("window.__pwned") is None
    assert any(s in page.locator("#panel").inner_text() for s in HOSTILE)
    assert not requests and not errors, (requests, errors)


# written by the build

def test_the_build_writes_the_atlas_and_view_opens_its_pages(built):
    out = built[0]
    assert (out / FOLDER / ENTRY).is_file() and (out / FOLDER / "321202.html").is_file()
    r = CliRunner().invoke(cli, ["view", "--region", "海陵区", "--data", str(out), "--no-open"])
    assert r.exit_code == 0 and r.output.strip() == str(out / FOLDER / "321202.html")
    assert not (out / "view-海陵区.html").exists()


def test_a_rebuild_after_one_report_changed_rewrites_only_the_pages_it_touches(seeds_dir, tmp_path):
    import kg

    src, out = tmp_path / "reports", tmp_path / "output"
    shutil.copytree(seeds_dir, src)
    kg.build([src], out=out)
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (out / FOLDER).glob("*.html")}
    changed = src / "002_7bedf75ac75c1b6a.txt"  # a report about 官渡区, 昆明市
    changed.write_text(changed.read_text(encoding="utf-8").replace("免责声明", "官渡区新建智慧停车场项目。\n\n免责声明", 1),
                       encoding="utf-8")
    report = kg.build([src], out=out)
    assert report.reprocessed == ["002_7bedf75ac75c1b6a.txt"]
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (out / FOLDER).glob("*.html")}
    assert set(after) == set(before)
    rewritten = {name for name in after if after[name] != before[name]}
    assert {"530111.html", ENTRY} <= rewritten <= {"530111.html", "530100.html", "530000.html", "CN.html", ENTRY}
    assert "智慧停车场项目" in (out / FOLDER / "530111.html").read_text(encoding="utf-8")
    r = CliRunner().invoke(cli, ["view", "--region", "官渡区", "--data", str(out), "--no-open"])
    assert r.output.strip() == str(out / FOLDER / "530111.html")


def test_a_region_page_lists_what_it_has_in_common_with_other_regions(atlas_dir):
    panel = const((atlas_dir / FOLDER / "530111.html").read_text(encoding="utf-8"), "ATLAS")
    common = {s["name"]: [o["key"] for o in s["with"]] for s in panel["shared"] if s["cls"] == "Campaign"}
    assert common["脱贫攻坚"] == ["321202"]
    other = const((atlas_dir / FOLDER / "321202.html").read_text(encoding="utf-8"), "ATLAS")
    assert any(s["name"] == "脱贫攻坚" and [o["key"] for o in s["with"]] == ["530111"] for s in other["shared"])
