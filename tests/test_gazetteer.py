"""The admin-division gazetteer built from jionlp's data."""
from kg.gazetteer import gazetteer


def test_full_and_short_names_resolve_to_one_division_with_its_chain():
    g = gazetteer()
    (full,) = g.names["水富市"]
    assert full.key == "530681" and full.kind == "full"
    assert {n.key for n in g.names["水富"]} == {"530681"}
    assert [g.regions[k].name for k in g.chain("530681")] == ["水富市", "昭通市", "云南省"]
    assert [g.regions[k].level for k in g.chain("530681")] == ["county", "prefecture", "province"]


def test_historical_renames_are_former_names_of_the_current_division():
    g = gazetteer()
    (former,) = g.names["水富县"]
    assert former.key == "530681" and former.kind == "former" and former.since.startswith("2018")
    assert {n.key for n in g.names["襄樊"]} == {"420600"}  # 襄樊 became 襄阳 in 2010


def test_ambiguous_names_keep_every_candidate():
    assert {n.key for n in gazetteer().names["朝阳区"]} == {"110105", "220104"}


def test_municipality_districts_hang_under_the_province():
    g = gazetteer()
    assert g.regions["110105"].parent == "110000"


def test_towns_are_known_under_their_county_without_a_code():
    g = gazetteer()
    key = g.towns["321202"]["城中街道"]
    assert g.regions[key].level == "town" and g.regions[key].code is None and g.regions[key].parent == "321202"


def test_development_zones_are_not_divisions():
    assert not any("工业园" in r.name for r in gazetteer().regions.values() if r.level != "town")


def test_find_all_prefers_the_longest_name():
    assert [h[2] for h in gazetteer().find_all("云南省昭通市水富市")] == ["云南省", "昭通市", "水富市"]
