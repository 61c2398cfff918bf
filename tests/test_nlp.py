"""The spaCy pipeline's components: each marks one kind of thing, character-exact."""
import pytest

from kg.nlp import PIPELINE, analyse, cn_number, pipeline


def marks(text, kind, year=2020):
    return analyse(text, year)._.marks[kind]


def test_pipeline_is_spacy_zh_with_jieba_and_registered_components():
    nlp = pipeline()
    assert nlp.lang == "zh"
    assert nlp.tokenizer.tokenizer.segmenter == "jieba"  # spaCy's own, run by the SelectiveSegmenter
    assert nlp.pipe_names == PIPELINE
    doc = nlp("水富市委紧紧围绕昭通市委要求")
    assert [t.text for t in doc][:2] == ["水富", "市委"]


def test_only_clauses_that_something_reads_tokens_in_are_segmented():
    text = "坚持以人民为中心的发展思想，水富市去年建成3个码头项目。"
    selective = [t.text for t in analyse(text, 2020)]
    everywhere = [t.text for t in analyse(text, 2020, everywhere=True)]
    assert selective[0] == "坚持以人民为中心的发展思想"  # no region, year, number or head noun: one block, one token
    assert everywhere[:3] == ["坚持", "以", "人民"]
    assert selective[2:] == everywhere[everywhere.index("，") + 1:]  # the clause with facts: jieba's words
    assert analyse(text, 2020).text == text


def test_selective_segmenting_changes_no_mark_on_any_seed(seeds_dir):
    from kg.ingest import ingest

    for f in sorted(seeds_dir.iterdir()):
        text = ingest(f).body.text
        a, b = analyse(text, 2020), analyse(text, 2020, everywhere=True)
        assert len(a) < len(b)
        assert {k: [(m.start, m.end, m.text, m.attrs) for m in v] for k, v in a._.marks.items()} == \
            {k: [(m.start, m.end, m.text, m.attrs) for m in v] for k, v in b._.marks.items()}, f.name


@pytest.mark.parametrize("text, value, currency", [
    ("总投资1.3亿元", 130000000, "CNY"),
    ("累计减税降费9572万元", 95720000, "CNY"),
    ("实际利用外资1.81亿美元", 181000000, "USD"),
    ("外贸出口突破100万美元", 1000000, "USD"),
    ("完成投资300亿元", 30000000000, "CNY"),
    ("首次突破百亿大关", 10000000000, "CNY"),
    ("解决融资需求24.46亿元", 2446000000, "CNY"),
])
def test_money(text, value, currency):
    (m,) = marks(text, "money")
    assert m.attrs["value"] == value and m.attrs["currency"] == currency


@pytest.mark.parametrize("text, year, year_end", [
    ("储备总投资1206亿元的2019-2023年项目", 2019, 2023),
    ("近期(2016—2022)", 2016, 2022),
    ("2019年累计减税降费", 2019, None),
    ("今年上半年累计接待游客", 2020, None),
    ("明年力争新开工项目", 2021, None),
    ("去年完成", 2019, None),
])
def test_dates_resolve_against_the_document_year(text, year, year_end):
    m = marks(text, "date")[0]
    assert (m.attrs["year"], m.attrs["year_end"]) == (year, year_end)


def test_a_relative_year_must_be_a_word_of_its_own():
    assert marks("水富港从原来年吞吐量只有65万吨", "date") == []


@pytest.mark.parametrize("text, value, unit, measure, hedge", [
    ("地区生产总值增长6%左右", 6, "%", "growth", "左右"),
    ("新增绿地3.2万㎡", 32000, "平方米", "level", None),
    ("选设楼栋长789名", 789, "人", "level", None),
    ("复垦复绿7万余㎡", 70000, "平方米", "level", "余"),
    ("高新技术产值占比提升2个百分点", 2, "个百分点", "growth", None),
    ("培育引导农业龙头企业两家以上", 2, "家", "level", "以上"),
    ("固定资产投资同比下降3.5%", -3.5, "%", "growth", None),
    ("查处问题21起", 21, "起", "level", None),
])
def test_quantities(text, value, unit, measure, hedge):
    (m,) = marks(text, "quantity")
    assert (m.attrs["value"], m.attrs["unit"], m.attrs["measure"], m.attrs["hedge"]) == (value, unit, measure, hedge)


@pytest.mark.parametrize("text", [
    "港园城三位一体融合发展",  # 三位 is not three persons
    "金沙江畔一座美丽的城市",  # 一座 is an article
    "违反中央八项规定精神",  # a numeral inside a name
    "德方纳米二期项目",  # a phase
    "3000吨级以上船舶",  # a class of ship
])
def test_numbers_that_are_not_quantities(text):
    assert marks(text, "quantity") == []


def test_quotes():
    qs = marks("坚决打好打赢“五大攻坚战”,形成《实施方案》", "quote")
    assert [(q.text, q.attrs["kind"]) for q in qs] == [("五大攻坚战", "quote"), ("实施方案", "book")]


def test_regions_are_marked_with_candidates_and_spacy_spans():
    doc = analyse("昆明市官渡区和朝阳区", 2020)
    texts = [m.text for m in doc._.marks["region"]]
    assert texts == ["昆明市", "官渡区", "朝阳区"]
    chaoyang = doc._.marks["region"][2]
    assert len({n.key for n in chaoyang.attrs["candidates"]}) == 2  # Beijing's and Changchun's
    assert [s.text for s in doc.spans["region"]] == texts


@pytest.mark.parametrize("s, n", [("12.5", 12.5), ("三", 3), ("二十一", 21), ("两", 2), ("1,000", 1000), ("百", 100)])
def test_cn_number(s, n):
    assert cn_number(s) == n


def test_the_year_compared_with_is_not_a_date_of_the_statement():
    assert marks("地区生产总值比上年增长6.8%", "date") == []
    assert [m.attrs["year"] for m in marks("上年完成投资10亿元", "date")] == [2019]



@pytest.mark.parametrize("text, value", [
    ("七成事项零次跑动", 70), ("分行级持牌金融机构总数占全市比例超过七成", 70), ("增加值约占地区生产总值的1/3强", 33.3),
    ("占GDP比重超三分之一的金融业", 33.3), ("净上缴税收更占全国八成", 80),
])
def test_shares_written_as_fractions_are_percentages(text, value):
    (m,) = marks(text, "quantity")
    assert (m.attrs["value"], m.attrs["unit"]) == (value, "%")


@pytest.mark.parametrize("text", ["一成不变", "三成员工", "2/3月", "成员"])
def test_words_with_cheng_that_are_no_shares(text):
    assert marks(text, "quantity") == []
