"""Analytics: what a user asks of the graph as a network, answered with networkx.

The network is the export's (`kg.export.network`, without evidence): regions, projects, campaigns,
organisations, investments and documents as nodes, the ontology's relations as edges. On it:

- `regions`: the regions with most projects and investment, each counted for the region itself and
  rolled up its admin hierarchy (a city includes its counties), with the reports that name it or a
  place in it;
- `shared`: projects shared across regions: one name located in several regions, or invested in by a
  region other than its own; and organisations behind projects in several regions;
- `campaigns`: campaigns by how many regions run them (one name run in several regions is one campaign);
- `pairs`: the pairs of regions that run the most campaigns in common (the weighted projection of the
  bipartite region–campaign network).
"""
from __future__ import annotations

from collections import defaultdict

from .export import local, network, read
from .errors import QueryError
from .query import Results
from .vocab import GOV

TABLES = ("regions", "shared", "campaigns", "pairs")
SEP = "、"  # between the names in one cell


class Network:
    """The export's network of a built output, with the views the tables need."""

    def __init__(self, G):
        import networkx as nx

        from .resolve import merge_key

        self.G = G
        self.key = merge_key
        self.cls = {n: d["class"] for n, d in G.nodes(data=True)}
        self.hierarchy = nx.DiGraph()  # child → parent, the partOf tree
        self.hierarchy.add_nodes_from(self.of("Region"))
        self.hierarchy.add_edges_from((u, v) for u, v, k in G.edges(keys=True) if k == local(GOV.partOf))

    def of(self, cls):
        return [n for n, c in self.cls.items() if c == cls]

    def name(self, n):
        return self.G.nodes[n].get("name", n)

    def region_of(self, n):
        """The regions a fact belongs to (its `region` edges)."""
        return [v for _, v, k in self.G.out_edges(n, keys=True) if k == local(GOV.region)]

    def up(self, region):
        """The region and every region that contains it."""
        import networkx as nx

        return [region, *nx.descendants(self.hierarchy, region)]

    def label(self, regions):
        return SEP.join(sorted(self.name(r) for r in regions))


def regions_table(net: Network) -> Results:
    own = defaultdict(lambda: defaultdict(int))
    within = defaultdict(lambda: defaultdict(int))
    money = defaultdict(lambda: defaultdict(float))
    for cls, counter in (("Project", "projects"), ("Campaign", "campaigns"), ("Investment", "investments"),
                         ("Indicator", "indicators")):
        for n in net.of(cls):
            for r in net.region_of(n):
                own[r][counter] += 1
                for up in net.up(r):
                    within[up][counter] += 1
                    if cls == "Investment" and "amount" in net.G.nodes[n]:
                        money[up][net.G.nodes[n].get("currency", "")] += net.G.nodes[n]["amount"]
    reports = defaultdict(set)
    for d in net.of("Document"):
        for _, r, k in net.G.out_edges(d, keys=True):
            if k in (local(GOV.mentions), local(GOV.mainRegion)):
                for up in net.up(r):
                    reports[up].add(d)
    rows = []
    for r in net.of("Region"):
        if not within[r] and not reports[r]:
            continue
        attrs = net.G.nodes[r]
        rows.append({"region": net.name(r), "level": attrs.get("adminLevel", ""), "code": attrs.get("adminCode", ""),
                     "reports": len(reports[r]), "projects": own[r]["projects"],
                     "projectsWithin": within[r]["projects"], "investmentsWithin": within[r]["investments"],
                     "amountWithin": "; ".join(f"{_number(v)} {c}" for c, v in
                                                   sorted(money[r].items(), key=lambda cv: (-cv[1], cv[0]))),
                     "campaignsWithin": within[r]["campaigns"], "indicatorsWithin": within[r]["indicators"],
                     "_cny": money[r].get("CNY", 0.0)})
    rows.sort(key=lambda row: (-row["projectsWithin"], -row["_cny"], -row["projects"], row["code"], row["region"]))
    return _results(rows, ["region", "level", "code", "reports", "projects", "projectsWithin", "investmentsWithin",
                           "amountWithin", "campaignsWithin", "indicatorsWithin"])


def shared_table(net: Network) -> Results:
    """A row per project name held by more than one region, then per organisation in more than one."""
    located = defaultdict(set)  # name key → regions
    names, reports = {}, defaultdict(set)
    for p in net.of("Project"):
        key = net.key(net.name(p))
        names.setdefault(key, net.name(p))
        located[key].update(net.region_of(p))
        reports[key].update(v for _, v in net.G.out_edges(p) if net.cls.get(v) == "Document")
    invested = defaultdict(set)
    for i in net.of("Investment"):
        for _, p, k in net.G.out_edges(i, keys=True):
            if k == local(GOV.project):
                invested[net.key(net.name(p))].update(net.region_of(i))
    rows = []
    for key, regions in located.items():
        everyone = regions | invested[key]
        if len(everyone) > 1:
            rows.append({"kind": "project", "name": names[key], "regions": len(everyone),
                         "names": net.label(everyone), "investors": net.label(invested[key] - regions),
                         "reports": len(reports[key])})
    for o in net.of("Organization"):
        projects = [u for u, _, k in net.G.in_edges(o, keys=True) if k == local(GOV.company)]
        regions = {r for p in projects for r in net.region_of(p)}
        if len(regions) > 1:
            rows.append({"kind": "organization", "name": net.name(o), "regions": len(regions),
                         "names": net.label(regions), "investors": "",
                         "reports": len({d for p in projects for _, d, k in net.G.out_edges(p, keys=True)
                                         if net.cls.get(d) == "Document"})})
    rows.sort(key=lambda row: (-row["regions"], row["kind"] != "project", row["name"]))
    return _results(rows, ["kind", "name", "regions", "names", "investors", "reports"])


def _campaign_network(net: Network):
    """The bipartite network of regions and campaigns (campaigns of one name are one node)."""
    import networkx as nx

    B = nx.Graph()
    names, reports = {}, defaultdict(set)
    for c in net.of("Campaign"):
        key = "campaign:" + net.key(net.name(c))
        names.setdefault(key, net.name(c))
        reports[key].update(d for _, d in net.G.out_edges(c) if net.cls.get(d) == "Document")
        for r in net.region_of(c):
            B.add_edge(r, key)
    return B, names, reports


def campaigns_table(net: Network) -> Results:
    B, names, reports = _campaign_network(net)
    rows = [{"campaign": names[k], "regions": B.degree(k), "names": net.label(B.neighbors(k)),
             "reports": len(reports[k])} for k in names if k in B]
    rows.sort(key=lambda row: (-row["regions"], -row["reports"], row["campaign"]))
    return _results(rows, ["campaign", "regions", "names", "reports"])


def pairs_table(net: Network) -> Results:
    from networkx.algorithms import bipartite

    B, names, _ = _campaign_network(net)
    regions = [n for n in B if n not in names]
    P = bipartite.weighted_projected_graph(B, regions)  # weight: the campaigns two regions share
    rows = []
    for a, b, w in P.edges(data="weight"):
        a, b = sorted((a, b), key=net.name)
        shared = sorted(names[k] for k in set(B[a]) & set(B[b]))
        rows.append({"region": net.name(a), "other": net.name(b), "shared": int(w),
                     "campaigns": SEP.join(shared)})
    rows.sort(key=lambda row: (-row["shared"], row["region"], row["other"]))
    return _results(rows, ["region", "other", "shared", "campaigns"])


def _number(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:.2f}"


def _results(rows, columns) -> Results:
    return Results(columns, [{c: row[c] for c in columns} for row in rows])


BUILDERS = {"regions": regions_table, "shared": shared_table, "campaigns": campaigns_table, "pairs": pairs_table}


def stats(data="output", tables=TABLES, top: int = None) -> dict:
    """{table name: Results} for the output's graph; `top` keeps each table's first rows."""
    unknown = [t for t in tables if t not in BUILDERS]
    if unknown:
        raise QueryError(f"unknown table '{unknown[0]}': use one of {', '.join(TABLES)}")
    net = Network(network(read(data), evidence=False))
    out = {}
    for name in tables:
        r = BUILDERS[name](net)
        out[name] = Results(r.vars, r.rows[:top] if top else r.rows)
    return out


def format_stats(tables: dict, fmt: str) -> str:
    """One table as `kg query` prints results; several, each under a `# name` line (one JSON object of
    SPARQL results JSON by name, for json)."""
    import json

    from .query import format_results

    if len(tables) == 1:
        return format_results(next(iter(tables.values())), fmt)
    if fmt == "json":
        return json.dumps({name: json.loads(format_results(r, fmt)) for name, r in tables.items()},
                          ensure_ascii=False, indent=1)
    return "\n".join(f"# {name}\n{format_results(r, fmt)}" for name, r in tables.items())
