"""Region resolution: which divisions a report names, and which one it is about."""
import pytest

from kg.gazetteer import gazetteer
from kg.resolve import merge_key
from tests.conftest import facts_of


def regions(text):
    f = facts_of(text)
    g = gazetteer()
    return {g.regions[m.region].name for m in f.mentions}, (g.regions[f.document.main_region].name
                                                            if f.document.main_region else None)


@pytest.mark.parametrize("text, expected, main", [
    # short names with a supporting division of the same branch
    ("云南水富:党建引领跑出加速度\n水富市委紧紧围绕昭通市委要求,水富全市上下推动发展。",
     {"云南省", "水富市", "昭通市"}, "水富市"),
    ("泰州海陵:大兴实干之风\n海陵区全年实现增长,海陵项目建设量质齐升。", {"泰州市", "海陵区"}, "海陵区"),
    ("今年上半年,昆明市官渡区突出主基调。官渡区委要求各部门抓落实。", {"昆明市", "官渡区"}, "官渡区"),
    # traditional script
    ("曲靖市:集聚高品質發展動能\n雲南省曲靖市堅持問題導向,曲靖市委常委會研究部署。", {"云南省", "曲靖市"}, "曲靖市"),
    # a list of sibling counties written side by side
    ("曲靖市全市共分为麒麟沾益马龙片区、宣威会泽片区。曲靖市委研究部署。",
     {"曲靖市", "麒麟区", "沾益区", "马龙区", "宣威市", "会泽县"}, "曲靖市"),
    # a former name is the current division
    ("2015年,水富县委召开全会,昭通市领导出席。", {"水富市", "昭通市"}, "水富市"),
])
def test_regions_named_in_a_report(text, expected, main):
    found, got_main = regions(text)
    assert found == expected and got_main == main


@pytest.mark.parametrize("text, absent", [
    ("泰州市海陵区整体出新泰渔路、麒麟大道等农村公路。海陵区委部署。", "麒麟区"),  # a road, and Yunnan's 麒麟区 is far away
    ("泰州市海陵区大兴实干之风,海陵区委部署,先后开展北京、上海精准招商活动。", "大兴区"),
    ("来源:昭通新闻网\n水富市委召开会议,水富市推进港口建设。", "昭通市"),  # an outlet is not a region acting
    ("水富市引进云南中晟新能源有限公司,水富市委部署。", None),
    ("昆明市官渡区扎实推进中国普洱茶中心、姚安河整治。官渡区委部署。", "普洱市"),
    ("德清县加快建设浙江大学湖州研究院二期。德清县委部署。", "湖州市"),  # inside an institution's name
])
def test_names_that_are_not_regions(text, absent):
    found, _ = regions(text)
    if absent:
        assert absent not in found
    assert all(r in {"水富市", "昭通市", "云南省", "泰州市", "海陵区", "昆明市", "官渡区", "德清县"} for r in found)


@pytest.mark.parametrize("context, parent", [
    ("北京市朝阳区召开会议,朝阳区委部署全年工作。", "北京市"),
    ("吉林省长春市朝阳区召开会议,朝阳区委部署全年工作。", "长春市"),
])
def test_ambiguous_names_are_decided_by_context(context, parent):
    g = gazetteer()
    f = facts_of(context)
    keys = {m.region for m in f.mentions if g.regions[m.region].name == "朝阳区"}
    assert len(keys) == 1
    assert g.regions[g.regions[keys.pop()].parent].name == parent


def test_towns_under_a_named_county():
    found, _ = regions("泰州市海陵区城中街道试点成效初显,海陵区委部署。")
    assert "城中街道" in found


def test_every_mention_has_evidence_in_the_original_text():
    text = "曲靖市:集聚高品質發展動能\n雲南省曲靖市堅持問題導向。"
    f = facts_of(text)
    for m in f.mentions:
        assert text[m.evidence.start:m.evidence.end] == m.evidence.text
        assert m.evidence.doc == "report.txt"


@pytest.mark.parametrize("a, b", [("“港园城”三位一体融合发展", "港园城三位一体融合发展"), ("項目攻堅年", "项目攻坚年")])
def test_merge_key_ignores_quotes_punctuation_and_script(a, b):
    assert merge_key(a) == merge_key(b)
