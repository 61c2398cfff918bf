"""`kg stats`: the network's answers agree with SPARQL over the same graph, and find what is shared."""
import csv
import io
import json
from collections import defaultdict

import pytest
from click.testing import CliRunner
from rdflib import RDF, XSD, Graph, Literal

from kg.analytics import TABLES, stats
from kg.cli import cli
from kg.query import run
from kg.vocab import GOV, ID


def rows(results):
    return [{k: str(v) for k, v in row.items()} for row in results.rows]


@pytest.fixture(scope="module")
def seed_stats(built):
    return stats(built[0])


def test_regions_count_projects_within_as_sparql_does(seed_stats, built):
    table = {r["region"]: r for r in rows(seed_stats["regions"])}
    assert table
    answer = run(f"""SELECT ?name (COUNT(DISTINCT ?p) AS ?n) WHERE {{
        ?p a <{GOV.Project}> ; <{GOV.region}>/<{GOV.partOf}>* ?r . ?r <{GOV.name}> ?name }} GROUP BY ?name""",
                 built[0])
    expected = {str(r["name"]): int(r["n"]) for r in answer.rows}
    assert {name: int(r["projectsWithin"]) for name, r in table.items() if int(r["projectsWithin"])} == expected
    ranks = [int(r["projectsWithin"]) for r in rows(seed_stats["regions"])]
    assert ranks == sorted(ranks, reverse=True)


def test_regions_sum_investment_as_the_bundled_query_does(seed_stats, built):
    expected = defaultdict(lambda: defaultdict(float))
    for r in run("investment_by_region", built[0]).rows:
        expected[str(r["region"])][str(r["currency"])] += float(r["total"])
    got = {}
    for r in rows(seed_stats["regions"]):
        if r["level"] != "country" and r["amountWithin"]:
            got[r["region"]] = {c: float(v) for v, c in (part.split(" ") for part in r["amountWithin"].split("; "))}
    assert got == {region: dict(by) for region, by in expected.items()}


def test_campaigns_are_counted_by_the_regions_that_run_them(seed_stats, built):
    answer = run(f"""SELECT ?name (COUNT(DISTINCT ?r) AS ?n) WHERE {{
        ?c a <{GOV.Campaign}> ; <{GOV.name}> ?name ; <{GOV.region}> ?r }} GROUP BY ?name""", built[0])
    expected = {str(r["name"]): int(r["n"]) for r in answer.rows}
    table = rows(seed_stats["campaigns"])
    assert {r["campaign"]: int(r["regions"]) for r in table} == expected
    assert [int(r["regions"]) for r in table] == sorted((int(r["regions"]) for r in table), reverse=True)


@pytest.fixture
def small(tmp_path):
    """Three counties of one city: a project named in two of them, a third county investing in it, one
    company behind projects in two, and campaigns run by one, two and three of them."""
    g = Graph()
    city, a, b, c = (ID[f"region/{code}"] for code in ("100100", "100101", "100102", "100103"))
    for r, name, code, level, parent in ((city, "甲市", "100100", "prefecture", None),
                                         (a, "甲县", "100101", "county", city), (b, "乙县", "100102", "county", city),
                                         (c, "丙县", "100103", "county", city)):
        g.add((r, RDF.type, GOV.Region))
        g.add((r, GOV.name, Literal(name)))
        g.add((r, GOV.adminCode, Literal(code)))
        g.add((r, GOV.adminLevel, Literal(level)))
        if parent is not None:
            g.add((r, GOV.partOf, parent))

    def node(kind, key, cls, region, **props):
        s = ID[f"{kind}/{key}"]
        g.add((s, RDF.type, cls))
        g.add((s, GOV.region, region))
        for p, v in props.items():
            g.add((s, GOV[p], v))
        return s

    port_a = node("project", "pa", GOV.Project, a, name=Literal("港口扩建项目"))
    node("project", "pb", GOV.Project, b, name=Literal("“港口扩建”项目"))  # the same name, quoted
    plant_b = node("project", "plant", GOV.Project, b, name=Literal("光伏电站"))
    org = ID["org/sun"]
    g.add((org, RDF.type, GOV.Organization))
    g.add((org, GOV.name, Literal("阳光能源")))
    g.add((port_a, GOV.company, org))
    g.add((plant_b, GOV.company, org))
    node("investment", "i1", GOV.Investment, c, amount=Literal("5000000", datatype=XSD.decimal),
         currency=Literal("CNY"), project=port_a)
    node("investment", "i2", GOV.Investment, a, amount=Literal("1000000", datatype=XSD.decimal),
         currency=Literal("CNY"))
    for i, (name, regions) in enumerate((("河长制", (a, b, c)), ("项目攻坚年", (a, b)), ("放管服改革", (c,)))):
        for j, r in enumerate(regions):
            node("campaign", f"c{i}{j}", GOV.Campaign, r, name=Literal(name))
    (tmp_path / "out").mkdir()
    g.serialize(tmp_path / "out" / "graph.ttl", format="turtle")
    return tmp_path / "out"


def test_shared_projects_and_companies_across_regions(small):
    table = rows(stats(small, ["shared"])["shared"])
    assert table == [
        {"kind": "project", "name": "港口扩建项目", "regions": "3", "names": "丙县、乙县、甲县", "investors": "丙县",
         "reports": "0"},
        {"kind": "organization", "name": "阳光能源", "regions": "2", "names": "乙县、甲县", "investors": "",
         "reports": "0"},
    ]


def test_campaigns_and_region_pairs_from_the_bipartite_network(small):
    out = stats(small, ["campaigns", "pairs"])
    assert [(r["campaign"], r["regions"]) for r in rows(out["campaigns"])] == [
        ("河长制", "3"), ("项目攻坚年", "2"), ("放管服改革", "1")]
    assert [(r["region"], r["other"], r["shared"]) for r in rows(out["pairs"])][0] == ("乙县", "甲县", "2")
    assert {(r["region"], r["other"]): r["shared"] for r in rows(out["pairs"])} == {
        ("乙县", "甲县"): "2", ("丙县", "甲县"): "1", ("丙县", "乙县"): "1"}


def test_regions_roll_up_the_hierarchy(small):
    table = {r["region"]: r for r in rows(stats(small, ["regions"])["regions"])}
    assert rows(stats(small, ["regions"])["regions"])[0]["region"] == "甲市"
    assert (table["甲市"]["projects"], table["甲市"]["projectsWithin"]) == ("0", "3")
    assert table["甲市"]["amountWithin"] == "6000000 CNY"
    assert table["丙县"]["amountWithin"] == "5000000 CNY"
    assert table["甲市"]["campaignsWithin"] == "6"


def test_cli_prints_tables_in_each_format(small):
    runner = CliRunner()
    r = runner.invoke(cli, ["stats", "campaigns", "--data", str(small), "--format", "csv", "--top", "2"])
    assert r.exit_code == 0, r.output
    assert list(csv.reader(io.StringIO(r.output))) == [
        ["campaign", "regions", "names", "reports"], ["河长制", "3", "丙县、乙县、甲县", "0"],
        ["项目攻坚年", "2", "乙县、甲县", "0"]]
    r = runner.invoke(cli, ["stats", "--data", str(small), "--format", "json"])
    assert set(json.loads(r.output)) == set(TABLES)
    r = runner.invoke(cli, ["stats", "--data", str(small)])
    assert all(f"# {t}" in r.output for t in TABLES)
    r = runner.invoke(cli, ["stats", "nonsense", "--data", str(small)])
    assert r.exit_code == 2 and r.output.startswith("kg: unknown table")
