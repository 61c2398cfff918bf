"""The HTML view: self-contained, and every report string shown as text, never run."""
import json
import pathlib
import re
import shutil

import pytest

from kg.graph import build_graph
from kg.records import Campaign, Document, DocumentFacts, Evidence, Project
from kg.render import render_html

HOSTILE = [
    '<img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=2</script>",
    '<a href="javascript:window.__pwned=3">点我</a>',
    '"href" title <b onmouseover="window.__pwned=4">悬停</b>',
    "</script><script>window.__pwned=5</script>",
]


def hostile_graph():
    d = Document(name="evil<script>.txt", title="<script>window.__pwned=6</script>", date="2020-01-01", year=2020,
                 source="<img src=x onerror=window.__pwned=7>", main_region="530681")
    f = DocumentFacts(document=d)
    for i, s in enumerate(HOSTILE):
        ev = Evidence(doc=d.name, text=f"句子{s}结束", start=i * 10, end=i * 10 + 5, rule="test", confidence=0.5)
        f.projects.append(Project(doc=d.name, name=f"项目{s}", region="530681", evidence=ev))
        f.campaigns.append(Campaign(doc=d.name, name=f"行动{s}", region="530681", evidence=ev))
    return build_graph([f])


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "graph.html"
    path.write_text(render_html(hostile_graph(), "hostile"), encoding="utf-8")
    return path


def test_report_text_never_appears_as_markup(hostile_page):
    html = hostile_page.read_text(encoding="utf-8")
    data = html[html.index("const NODES"):]
    data = data[:data.index("})();")]
    for s in HOSTILE:
        assert s not in data
    assert "<img" not in data and "<script" not in data and "</script" not in data
    assert "\\u003cimg src=x onerror" in data  # present, but as escaped JSON text


def test_page_is_self_contained(hostile_page):
    html = hostile_page.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "cdn" not in html.lower().replace("cdnjs", "") or "cdnjs" not in html
    assert "vis.Network" in html and "innerHTML" not in html.split("/*DATA*/")[-1].split("const NODES")[-1]


def test_seed_page_holds_every_graph_node(built):
    html = (built[0] / "graph.html").read_text(encoding="utf-8")
    nodes = json.loads(re.search(r"const NODES = (\[.*?\]);\n", html).group(1))
    groups = {n["group"] for n in nodes}
    assert {"Region", "Document", "Project", "Investment", "Campaign", "Goal", "Indicator"} <= groups
    assert all(isinstance(n["x"], float) for n in nodes)  # laid out once, no physics


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def open_page(browser, path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:", "about:")) else None)
    page.goto(path.as_uri())
    page.wait_for_function("window.govkg !== undefined")
    return page, errors, requests


def test_hostile_page_runs_nothing_when_opened_searched_hovered_or_clicked(browser, hostile_page):
    page, errors, requests = open_page(browser, hostile_page)
    ids = page.evaluate("window.govkg.nodes.getIds()")
    for i in ids:
        page.evaluate(f"window.govkg.focus({i})")
    page.fill("#search", "项目")
    page.hover("#graph")
    page.mouse.move(700, 450)
    for link in page.query_selector_all("#hits div")[:5]:
        link.click()
    assert page.evaluate("window.__pwned") is None
    panel = page.locator("#panel").inner_text()
    assert any(s in panel for s in HOSTILE)  # shown as text, literally
    assert not requests and not errors


ARTIFACTS = pathlib.Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="module")
def seed_page(browser, built):
    page, errors, requests = open_page(browser, built[0] / "graph.html")
    yield page
    assert not requests and not errors, (requests, errors)


def test_seed_page_holds_the_graph_and_is_drawn(seed_page, seed_graph):
    from rdflib import RDF

    from kg.vocab import GOV

    n_facts = sum(1 for c in ("Region", "Document", "Project", "Investment", "Campaign", "Goal", "Indicator",
                              "Organization") for _ in seed_graph.subjects(RDF.type, GOV[c]))
    assert seed_page.evaluate("window.govkg.nodes.length") == n_facts
    seed_page.wait_for_function("window.govkg.isReady()")
    ARTIFACTS.mkdir(exist_ok=True)
    seed_page.screenshot(path=str(ARTIFACTS / "seeds.png"))


def test_search_finds_a_node_typed_in_traditional_chinese(seed_page):
    seed_page.fill("#search", "雲南省")
    seed_page.wait_for_selector("#hits div")
    assert "云南省" in seed_page.locator("#hits").inner_text()
    assert "云南省" in seed_page.locator("#panel").inner_text()
    seed_page.fill("#search", "")


def test_region_filter_hides_other_regions_facts(seed_page):
    total = seed_page.evaluate("window.govkg.nodes.length")
    label = [o for o in seed_page.locator("#region option").all_inner_texts() if o.startswith("官渡区")][0]
    seed_page.select_option("#region", label=label)
    shown = seed_page.evaluate("window.govkg.view.getIds()")
    groups = seed_page.evaluate(f"{json.dumps(shown)}.map(i => NODES.find(n => n.id === i).title)")
    assert 0 < len(shown) < total
    assert not any("水富" in t or "海陵" in t for t in groups)
    assert any("官渡区" in t for t in groups)
    seed_page.select_option("#region", value="")
    assert seed_page.evaluate("window.govkg.view.length") == total


def test_year_and_confidence_filters(seed_page):
    total = seed_page.evaluate("window.govkg.view.length")
    seed_page.fill("#ymin", "2023")
    assert seed_page.evaluate("window.govkg.view.length") < total
    seed_page.fill("#ymin", "")
    seed_page.evaluate("document.getElementById('conf').value = '0.9'; document.getElementById('conf').dispatchEvent(new Event('input'))")
    assert seed_page.evaluate("window.govkg.view.length") < total
    seed_page.evaluate("document.getElementById('conf').value = '0'; document.getElementById('conf').dispatchEvent(new Event('input'))")
    assert seed_page.evaluate("window.govkg.view.length") == total


def test_clicking_an_investment_shows_amount_year_and_evidence(seed_page):
    node = seed_page.evaluate("NODES.find(n => n.group === 'Investment' && n.label.startsWith('16.56'))")
    box = seed_page.evaluate(f"window.govkg.focus({node['id']}); window.govkg.network.getPositions([{node['id']}])")
    pos = seed_page.evaluate(f"window.govkg.network.canvasToDOM(window.govkg.network.getPositions([{node['id']}])[{node['id']}])")
    assert box
    graph = seed_page.locator("#graph").bounding_box()
    seed_page.mouse.click(graph["x"] + pos["x"], graph["y"] + pos["y"])
    panel = seed_page.locator("#panel").inner_text()
    assert "1656000000" in panel and "CNY" in panel and "2020" in panel and "completed" in panel
    assert "水富港扩能改造累计完成投资16.56亿元" in panel
    assert seed_page.locator("#panel mark").inner_text() == "16.56亿"


def test_a_page_over_the_node_limit_leaves_out_the_most_numerous_facts_and_says_so(seed_graph):
    html = render_html(seed_graph, "big", max_nodes=300)
    nodes = json.loads(re.search(r"const NODES = (\[.*?\]);\n", html).group(1))
    assert len(nodes) <= 300 and not any(n["group"] == "Indicator" for n in nodes)
    assert "kg view --region" in re.search(r"const NOTICE = (\".*?\");", html).group(1)
