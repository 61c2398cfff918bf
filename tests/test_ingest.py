"""Ingest: decoding, page debris, traditional→simplified with offsets back to the original, metadata."""
import pytest

from kg.errors import IngestError
from kg.ingest import MappedText, debris_kind, decode, html_to_text, infer_year, ingest, ingest_text, to_simplified

REPORT = "曲靖市加快建设德方纳米二期项目。云南省全年实现地区生产总值增长6%。"


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "gbk", "big5", "utf-16"])
def test_decodes_chinese_in_common_encodings(encoding):
    text = "雲南省曲靖市加快建設項目，總投資13億元。" if encoding == "big5" else REPORT
    data = text.encode(encoding)
    decoded, used = decode(data, "r.txt")
    assert decoded.lstrip("\ufeff") == text
    if encoding == "utf-16":
        assert used == "utf-16"


@pytest.mark.parametrize("data, problem", [
    (b"", "empty file"),
    (b"   \n\n", "empty file"),
    (b"\x00\x01\x02binary\x00" * 50, "binary file"),
])
def test_refuses_empty_and_binary_files_naming_them(data, problem):
    with pytest.raises(IngestError) as e:
        decode(data, "bad.txt")
    assert str(e.value).startswith("bad.txt: ") and problem in str(e.value)


def test_a_file_that_cannot_be_read_is_named(tmp_path):
    with pytest.raises(IngestError, match="missing.txt: cannot read file"):
        ingest(tmp_path / "missing.txt")


@pytest.mark.parametrize("line, kind", [
    ("导航", "navigation"),
    ("审核:聂学虎   责任编辑:实习编辑 刘卓娅", "editor"),
    ("昭通新闻报料:0870-2158276 昭通新闻网,未经授权不得转载", "hotline"),
    ("免责声明:本文为工业园网用户自行上传并发布,仅代表该用户观点", "disclaimer"),
    ("茶志福/文 王正鹏/图", "byline"),
    ("通讯员:杨琼玉 凌 翠\\文 王善美\\图", "byline"),
    ("  • 热心网友", "comments"),
    ("◎欢迎参与讨论,请在这里发表您的看法、交流您的观点。", "comments"),
    ("云南 99℃ 0", "counter"),
    ("09:58", "timestamp"),
    (" 2020-09-04 15:25  来源:昭通新闻网", "source"),
    ("首页 > 政务动态", "navigation"),
    ("当前位置：首页 > 新闻中心 > 县区动态", "navigation"),
    ("近年来,云南水富紧盯“港园城”三位一体融合发展精准发力。", None),
    ("新闻发布会上,区长介绍了全年工作。", None),
])
def test_page_debris_lines(line, kind):
    assert debris_kind(line) == kind


def test_traditional_is_simplified_one_character_for_one():
    trad = "雲南曲靖晶澳二期20GW矽棒及切片專案進展順利"
    simp = to_simplified(trad)
    assert simp == "云南曲靖晶澳二期20GW硅棒及切片项目进展顺利"
    assert len(simp) == len(trad)


def test_mainland_words_are_not_rewritten_as_taiwan_usage():
    assert to_simplified("作风革命、效能建设,通讯员") == "作风革命、效能建设,通讯员"


def test_evidence_offsets_point_into_the_original_file():
    original = "來源:昭通新聞網(wǎng)\n2023-08-22 15:51水富,是昭通市國土面積最小的縣級市。\n雲南省人民政府(fǔ)批覆。"
    ing = ingest_text(__import__("pathlib").Path("t.txt"), original)
    body = ing.body.text
    assert "(wǎng)" not in body and "2023-08-22" not in body and "来源" not in body
    i = body.index("国土面积")
    s, e = ing.body.span(i, i + 4)
    assert original[s:e] == "國土面積"
    j = body.index("政府批")
    s, e = ing.body.span(j, j + 3)
    assert original[s:e] == "政府(fǔ)批"  # the span covers the original characters, artifacts included


def test_html_is_reduced_to_text_with_offsets_and_title():
    src = ("<html><head><title>水富 &amp; 港</title><script>var x='<p>不要</p>';</script></head>"
           "<body><nav>首页 新闻</nav><p>水富港&nbsp;扩能改造</p><p>完成投资16.56亿元</p></body></html>")
    mt, title = html_to_text(src)
    assert title == "水富 & 港"
    assert "不要" not in mt.text and "首页" not in mt.text
    assert "水富港\xa0扩能改造\n" in mt.text
    i = mt.text.index("完成投资")
    assert src[mt.offsets[i]:mt.offsets[i] + 4] == "完成投资"


def test_front_matter_gives_title_and_date():
    text = "---\ntitle: 官渡区工作报告\ndate: 2019-08-12\nsource: 官渡发布\n---\n官渡区全年实现地区生产总值增长6%。\n"
    ing = ingest_text(__import__("pathlib").Path("f.md"), text)
    d = ing.document
    assert (d.title, d.date, d.year, d.source) == ("官渡区工作报告", "2019-08-12", 2019, "官渡发布")
    assert "title" not in ing.body.text


@pytest.mark.parametrize("text, date, year", [
    ("坚定迈好“十四五”发展第一步。", None, 2021),
    ("全年实现地区生产总值增长6%。\n2020年展望\n明年力争新开工项目20个。", "2021-09-09", 2019),
    ("今年上半年,全区实现地区生产总值增长6%。", "2020-09-04", 2020),
    ("2018年以来,累计完成投资10亿元。", None, 2018),
    ("2023年6月,佛山市顺德区召开会议。预计2024年建成投产。", None, 2023),  # a dateline, not the latest year
    ("全区工作稳步推进。", None, None),
    ("一、2023年工作回顾\n二、2024年工作安排\n", "2024-01-08", 2024),  # a work report given in the year it plans
])
def test_the_year_a_report_speaks_of_as_now(text, date, year):
    assert infer_year(text, date) == year


SEED_META = [
    ("000_6867b8d2076cfad4.txt", "云南水富:党建引领跑出“港园城”三位一体融合发展“加速度”", "2020-09-04", 2020, "昭通新闻网"),
    ("001_3d515688f3f4c2e1.txt", None, "2023-08-22", 2023, "昭通新闻网"),
    ("002_7bedf75ac75c1b6a.txt", "官渡区紧盯全年目标任务 打好高质量发展组合拳 迈出城市新中心建设坚实步伐", "2019-08-12", 2019, "工业园网"),
    ("003_d79c0726ff8f441d.txt", "泰州海陵:大兴实干之风 建强中心城区 致力实现人民满意的高质量发展", "2021-09-09", 2019, "泰州日报"),
    ("004_dc01158ab21fdc48.txt", "曲靖市:集聚高品质发展动能确保高标准落地见效", None, 2021, None),
]


@pytest.mark.parametrize("name, title, date, year, source", SEED_META)
def test_seed_metadata(seeds_dir, name, title, date, year, source):
    d = ingest(seeds_dir / name).document
    assert (d.title, d.date, d.year, d.source) == (title, date, year, source)


def test_mapped_text_delete_keeps_offsets():
    mt = MappedText.identity("abcdef").delete([(1, 3)])
    assert mt.text == "adef" and mt.offsets == [0, 3, 4, 5, 6]


@pytest.mark.parametrize("header, date", [
    ("2019\n08/12\n09:58\n", "2019-08-12"),
    ("2019\n13/12\n09:58\n", None),  # no month 13
    ("日期: 2021-02-30\n", None),  # no 30 February
    ("2021年2月28日 来源:泰州日报\n", "2021-02-28"),
])
def test_only_real_calendar_dates(header, date):
    ing = ingest_text(__import__("pathlib").Path("d.txt"), header + "海陵区全年新增各类企业3280家。")
    assert ing.document.date == date


def test_folders_give_their_reports_and_nothing_else(tmp_path):
    from kg.ingest import iter_inputs

    for name in ("a.txt", "b.md", "c.html", "d.HTM", "notes.pdf", "photo.png", ".hidden.txt"):
        (tmp_path / name).write_text("x")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "e.txt").write_text("x")
    assert [f.name for f in iter_inputs([tmp_path])] == ["a.txt", "b.md", "c.html", "d.HTM"]
    assert [f.name for f in iter_inputs([tmp_path / "notes.pdf"])] == ["notes.pdf"]  # named files are taken as given


@pytest.mark.parametrize("header, source", [
    ("黔东南州规划纲要发布\n2021年4月20日　黔东南日报\n", "黔东南日报"),
    ("练市镇助推企业发展\n2024-03-12 南浔新闻网\n", "南浔新闻网"),
    ("顺德区委召开专题学习会\n2023-04-12 顺德发布\n", "顺德发布"),
    ("宁乡市重大项目建设\n发布时间：2023-06-18 09:30  来源：长沙晚报\n", "长沙晚报"),
    ("郫都区政府工作报告\n2023年1月10日\n", None),
])
def test_the_outlet_is_read_from_the_source_line_or_after_the_date(tmp_path, header, source):
    f = tmp_path / "r.txt"
    f.write_text(header + "全区地区生产总值增长6%。\n", encoding="utf-8")
    assert ingest(f).document.source == source


def test_a_page_title_drops_the_site_name_which_is_then_the_outlet():
    page = ("<html><head><title>双流区：以“三个年”活动为抓手推动高质量发展_四川在线</title></head>"
            "<body><p>双流区召开2022年经济工作会议。</p></body></html>")
    d = ingest_text(__import__("pathlib").Path("p.html"), page).document
    assert (d.title, d.source) == ("双流区：以“三个年”活动为抓手推动高质量发展", "四川在线")


@pytest.mark.parametrize("title, date, year", [
    ("2023年合肥市包河区国民经济和社会发展统计公报", "2024-03-28", 2024),  # a bulletin: published the year after
    ("2022年和政县国民经济和社会发展统计公报", None, 2023),  # …also when the page prints no date
    ("郫都区2023年政府工作报告", "2023-01-10", 2023),
    ("泰州海陵:大兴实干之风", "2021-09-09", 2021),
])
def test_a_title_that_names_the_year_reviewed_says_which_year_is_now(title, date, year):
    assert infer_year("全区工作稳步推进。", date, title) == year


# the year a report speaks of as now, from what its genre prints (real openings of work reports)
@pytest.mark.parametrize("text, date, year", [
    ("各位代表：\n现在，我代表大鹏新区管理委员会，向大会作工作报告。\n一、2023年工作回顾\n2023年是…", None, 2024),
    ("各位代表：\n我代表福田区人民政府，向大会作报告。\n一、关于2019年工作\n刚刚过去的2019年，是…", None, 2020),
    ("2023“两会”解读政府工作报告要点之一:2022年工作回顾\n2022年,是泽州发展历程中极不平凡的一年。", None, 2023),
    # delivered at the year's end: the review is of the year it is dated in
    ("现在,我代表闽侯县人民政府,向大会报告政府工作。\n2019年工作回顾\n2019年是…", "2019-12-30", 2019),
    # no date and no review: the latest year a statement reports on, not one a plan looks ahead to
    ("孤山子镇\n2021年全镇…2021年…2020年财政收入830万元。到2025年…", None, 2021),
    ("江湖镇招商网讯：2008年全镇社会总产值达到5.8亿元。2005年全镇工业企业…2005年引进…2005年，该镇…", None, 2008),
])
def test_the_year_a_report_speaks_of(text, date, year):
    assert infer_year(text, date) == year


def test_front_matter_after_a_blank_line_with_an_rfc_822_date():
    page = ("\n---\ntitle: '深圳如何实现GDP增长6%：稳住制造业基本盘'\nauthor: 新浪财经\n"
            "date: Tue, 12 Apr 2022 02:27:27 GMT\n---\n\n<div><p>4月11日，深圳市七届人大二次会议开幕。</p></div>")
    d = ingest_text(__import__("pathlib").Path("p.md"), page).document
    assert (d.title, d.date, d.year) == ("深圳如何实现GDP增长6%：稳住制造业基本盘", "2022-04-12", 2022)


def test_a_profile_headed_by_its_place_name_has_that_title():
    d = ingest_text(__import__("pathlib").Path("p.txt"), "孤山子镇\n一、基本情况\n孤山子镇地处柳河县东南部。").document
    assert d.title == "孤山子镇"


def test_a_pages_body_pasted_into_markdown_is_read_as_html_and_its_adverts_dropped():
    page = ("---\ntitle: 苏州一季度GDP同比增4.4%\n---\n<div>\n<p cms-style=\"font-L\">一季度全市实现生产总值5136.7亿元。</p>\n"
            "<p>你的专属投资礼包！更有百元京东卡、188元现金红包等你拿，100%中奖>></p>\n<p>海量资讯、精准解读，尽在新浪财经APP</p></div>")
    body = ingest_text(__import__("pathlib").Path("p.txt"), page).body.text
    assert "一季度全市实现生产总值5136.7亿元。" in body
    assert "<p" not in body and "京东卡" not in body and "APP" not in body
