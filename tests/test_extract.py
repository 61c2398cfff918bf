"""Extraction, sentence by sentence: what a careful reader takes from each (no RDF involved).

Each table row is a report (a region line, so that facts have a region, then the sentence) and the
facts expected from it. Sentences come from the seeds and from reports written in the same style.
"""
import pytest

from kg.gazetteer import gazetteer
from tests.conftest import facts_of

HEAD = "水富市委召开全会。\n"  # the report is about 水富市 (昭通市, 云南省)
YEAR = "2020年9月4日\n"


def run(sentence, head=HEAD, date=YEAR):
    return facts_of(date + head + sentence)


def region_name(key):
    return gazetteer().regions[key].name if key else None


# ------------------------------------------------------------------------------------- projects

PROJECTS = [
    ("加快推进沭阳港二期建设。", [("沭阳港二期", None, None, "under_construction")]),  # a port's phase, no company
    ("加快寿光鲁清石化二期项目建设。", [("寿光鲁清石化二期项目", "鲁清石化", None, "under_construction")]),
    ("中国稀金谷科创中心竣工验收。", [("中国稀金谷科创中心", None, None, "completed")]),
    ("内蒙古伊泰化工120万吨/年精细化学品项目进入设备安装阶段。",
     [("内蒙古伊泰化工120万吨/年精细化学品项目", "伊泰化工", "120万吨/年", None)]),
    ("能源项目建设提速增效。", []),  # a sector, not a project
    ("集中开工仪式在宜宾临港经开区举行。", []),  # where a ceremony is held
    ("新建口袋公园15个。", []),  # a kind of thing counted
    ("滨海新区共安排重点建设项目485个。", []),  # a division ends in 新区 too
    ("园区还实施化工园区安全风险防控提升行动。", []),  # the start of a campaign's name
    ("确保中沙（天津）石化项目年内开工。", [("中沙（天津）石化项目", None, None, "under_construction")]),
    ("集装箱码头二期工程计划年底建成投用。", [("集装箱码头二期工程", None, None, "planned")]),
    ("大力推进成都国际铁路港经开区建设。", [("成都国际铁路港经开区", None, None, "under_construction")]),
    ("中嘴作业区3个泊位全面启动运营。", [("中嘴作业区", None, None, "operating")]),  # a count of its parts
    ("晋江国际鞋纺城三期项目已经竣工。", [("晋江国际鞋纺城三期项目", None, None, "completed")]),  # a place's phase
    ("新建改扩建中小学校73所。", []),  # a kind of building counted, not a project
    ("建成镇卫生院3个。", []),
    ("总投资20亿元的鲁清石化二期项目已完成主体工程建设。", [("鲁清石化二期项目", "鲁清石化", None, None)]),
    ("加快建设德方纳米二期年产4万吨磷酸铁锂项目。",
     [("德方纳米二期年产4万吨磷酸铁锂项目", "德方纳米", "年产4万吨", "under_construction")]),
    ("隆基一期10GW硅棒及切片项目预计8月底实现满产。",
     [("隆基一期10GW硅棒及切片项目", "隆基", "10GW", "operating")]),
    ("工业级液态二氧化碳、中晟能源一期、石墨烯导热膜中试生产线项目4个项目已陆续建成投产。",
     [("工业级液态二氧化碳", None, None, "operating"), ("中晟能源一期", "中晟能源", None, "operating"),
      ("石墨烯导热膜中试生产线项目", None, None, "operating")]),
    ("加快建设智堡路北延、春晖路北延、运辉路等5条道路。",
     [("智堡路北延", None, None, "under_construction"), ("春晖路北延", None, None, "under_construction"),
      ("运辉路", None, None, "under_construction")]),
    ("加快巫家坝、滇池会展、金马-凉亭三大片区开发进度。",
     [("巫家坝片区", None, None, "under_construction"), ("滇池会展片区", None, None, "under_construction"),
      ("金马-凉亭片区", None, None, "under_construction")]),
    ("建设青年北路、江州南路等污水管网工程5.58公里。",
     [("青年北路污水管网工程", None, None, None), ("江州南路污水管网工程", None, None, None)]),
    ("记者来到曲靖经开区南海子工业园区。", [("曲靖经开区", None, None, None), ("南海子工业园区", None, None, None)]),
    ("文星物流园核心区年内将启动建设。", [("文星物流园", None, None, "planned")]),
    ("区档案馆启动建设。", [("区档案馆", None, None, "under_construction")]),
    ("它有国家4A级温泉景区西部大峡谷。", [("西部大峡谷", None, None, None)]),
    ("莫干山国际旅游度假区获批省级旅游度假区。", [("莫干山国际旅游度假区", None, None, None),
                                              ("省级旅游度假区", None, None, None)]),
    # generic categories, meetings and campaigns are not projects
    ("狠抓重点项目建设,全年亿元以上项目新签约186个。", []),
    ("佛山市顺德区召开全区重点项目推进会。", []),
    ("绿色硅产业项目、绿色铝产业项目加快推进。", []),
    ("整治非法砂石码头,盘活闲置厂房。", []),
    ("水富港从原来年吞吐量只有65万吨的小码头变身枢纽港口。", [("水富港", None, None, None)]),
    ("完成48户农村贫困户危房改造。", []),
    ("按照“以港聚产、以园兴城、以城育港”的工作思路推进。", []),
    ("聚焦“数字经济一号工程”,加快打造地理信息产业高地。", []),
    ("支持企业上项目、扩大投资上项目。", []),
]


@pytest.mark.parametrize("sentence, expected", PROJECTS)
def test_projects(sentence, expected):
    f = run(sentence)
    got = [(p.name, p.company, p.capacity, p.status) for p in f.projects]
    assert got == expected
    for p in f.projects:
        assert region_name(p.region) == "水富市" and p.year == 2020


# a facility named as what a status verb is about, with a head noun of the genre's facilities
STATUS_ANCHORED = [
    ("坝光夜市顺利试运营。", [("坝光夜市", "operating")]),
    ("深圳中学大鹏学校、红岭教育集团大鹏华侨中学如期开学。",
     [("深圳中学大鹏学校", None), ("红岭教育集团大鹏华侨中学", None)]),
    ("建成投用坝光水厂。", [("坝光水厂", "operating")]),
    ("环城西路全线通车。", [("环城西路", None)]),
    ("物美集团南方总部、多点Dmall境内总部、百安居南方总部等优质企业总部成功落户福田。",
     [("物美集团南方总部", None), ("多点Dmall境内总部", None), ("百安居南方总部", None)]),
    ("加快推进深港科技创新合作区和香蜜湖新金融中心建设。",
     [("深港科技创新合作区", "under_construction"), ("香蜜湖新金融中心", "under_construction")]),
    ("设立前沿科技法律研究院。", [("前沿科技法律研究院", None)]),
    # a clause with a verb inside is no name
    ("重点项目集中开工，各项工作顺利推进。", []),
    ("还有中煤集团、国电集团等央企投资建设的20多个项目集中开工。", []),  # companies and a count are no projects
]


@pytest.mark.parametrize("sentence, expected", STATUS_ANCHORED)
def test_projects_named_by_what_a_status_verb_is_about(sentence, expected):
    assert [(p.name, p.status) for p in run(sentence).projects] == expected


def test_a_project_named_after_a_place_inside_the_report_region_is_that_places():
    f = facts_of("各位代表：\n我代表省人民政府，向大会报告工作。广东省…全省上下…全省…\n"
                 "肇庆宁德时代锂电池制造基地等重大项目落地，肇庆宁德时代锂电池制造基地总投资120亿元。")
    assert [(p.name, region_name(p.region)) for p in f.projects] == [("肇庆宁德时代锂电池制造基地", "肇庆市")]
    assert [(i.amount, region_name(i.region)) for i in f.investments] == [(12000000000, "肇庆市")]


def test_a_full_company_name_in_a_project_name_becomes_its_company():
    f = run("德方纳米科技有限公司二期年产4万吨磷酸铁锂项目建设现场热火朝天。")
    (p,) = f.projects
    assert (p.name, p.company) == ("德方纳米二期年产4万吨磷酸铁锂项目", "德方纳米科技有限公司")


def test_traditional_input_gives_simplified_names_and_original_evidence():
    text = "2021年6月\n曲靖市委常委會研究部署。\n晶澳二期20GW矽棒及切片專案進展順利。"
    f = facts_of(text)
    (p,) = f.projects
    assert p.name == "晶澳二期20GW硅棒及切片项目" and p.capacity == "20GW" and p.status == "under_construction"
    assert p.evidence.text == "晶澳二期20GW矽棒及切片專案進展順利。"
    assert text[p.evidence.start:p.evidence.end] == p.evidence.text


# ---------------------------------------------------------------------------------- investments

INVESTMENTS = [
    ("总投资分别达1.3亿元、6.4亿元的金沙湖公园、高坝快捷通道项目正在推进。",
     [(130000000, "CNY", "金沙湖公园", 2020, None, "total"), (640000000, "CNY", "高坝快捷通道项目", 2020, None, "total")]),
    ("储备总投资1206亿元的2019-2023年项目300余个。", [(120600000000, "CNY", None, 2019, 2023, "planned")]),
    ("赣深高铁赣州段完成投资42.6亿元。", [(4260000000, "CNY", "赣深高铁", 2020, None, "completed")]),
    ("落实地方政府专项债券资金9.6亿元。", [(960000000, "CNY", None, 2020, None, "raised")]),
    ("目前水富港扩能改造累计完成投资16.56亿元。", [(1656000000, "CNY", "水富港扩能改造", 2020, None, "completed")]),
    ("实际利用外资1.81亿美元。", [(181000000, "USD", None, 2020, None, "raised")]),
    ("争取市外到位资金7.45亿元。", [(745000000, "CNY", None, 2020, None, "raised")]),
    ("确保下半年再完成投资300亿元。", [(30000000000, "CNY", None, 2020, None, "planned")]),
    ("高标准推进美丽县城建设,投入资金3.38亿元。", [(338000000, "CNY", None, 2020, None, "spent")]),
    ("明年计划投资5亿元建设水富港物流园。", [(500000000, "CNY", "水富港物流园", 2021, None, "planned")]),
    # not investments
    ("固定资产投资增长0.4%。", []),
    ("2022年实现产值12.76亿元、增长257%。", []),
    ("2019年累计减税降费9572万元。", []),
    ("签约5亿元以上项目15个。", []),
]


@pytest.mark.parametrize("sentence, expected", INVESTMENTS)
def test_investments(sentence, expected):
    f = run(sentence)
    got = [(i.amount, i.currency, i.project, i.year, i.year_end, i.kind) for i in f.investments]
    assert got == expected
    assert all(region_name(i.region) == "水富市" for i in f.investments)


def test_an_investment_links_to_the_project_named_just_before_it():
    f = run("加快建设德方纳米二期项目,总投资13亿元。")
    (i,) = f.investments
    assert i.project == "德方纳米二期项目"


# ------------------------------------------------------------------------------------ campaigns

CAMPAIGNS = [
    ("坚决打好打赢“五大攻坚战”。", ["五大攻坚战"]),
    ("以实施“项目攻坚年”专项行动为抓手。", ["项目攻坚年专项行动"]),
    ("深入开展“项目攻坚年”“营商环境提升年”“作风建设年”活动。", ["项目攻坚年活动", "营商环境提升年活动", "作风建设年活动"]),
    ("深入实施智能制造赋能行动、产业链提升行动、企业培育行动。", ["智能制造赋能行动", "产业链提升行动", "企业培育行动"]),
    ("深入实施“1358”招商行动。", ["1358招商行动"]),
    ("云南水富紧盯“港园城”三位一体融合发展精准发力。", ["港园城三位一体融合发展"]),
    ("认真开展“不忘初心、牢记使命”主题教育。", ["不忘初心、牢记使命主题教育"]),
    ("全面开展“四化”“四治”综合整治行动。", ["四化四治综合整治行动"]),
    ("深入实施蓝天碧水净土“八大攻坚战”。", ["蓝天碧水净土八大攻坚战"]),
    ("深入实施智能制造两年行动计划。", ["智能制造两年行动计划"]),
    ("大力实施项目攻坚、产业转型、园区跨越系列行动。", ["项目攻坚行动", "产业转型行动", "园区跨越行动"]),
    ("聚焦“一县一业”竹产业。", ["一县一业"]),
    ("深入实施“项目攻坚年”活动。", ["项目攻坚年活动"]),
    ("明确了“一港引领、一区统筹、六团协同”的发展路径。", ["一港引领、一区统筹、六团协同发展路径"]),
    ("“党建+物业”“党建+扶贫”形成长效机制。", ["党建+物业", "党建+扶贫"]),
    # numbered packages, N大 campaigns with a qualifier, lists that share a qualified head
    ("出台实施促进生物产业高质量发展“22条”。", ["促进生物产业高质量发展22条"]),
    ("高质量办好十大民生实事。", ["十大民生实事"]),
    ("开展龙舟消费季、海洋文化节、跨年购物狂欢季等促消费活动。", ["龙舟消费季", "海洋文化节", "跨年购物狂欢季"]),
    # side-by-side quoted names, each long enough to be a name of its own, are one campaign each
    ("成功开展“福田游购欢乐月”“华强北旺购季”“跨年缤纷GO”等大型商业促销活动。", ["福田游购欢乐月", "华强北旺购季", "跨年缤纷GO"]),
    ("开展“粤贸全球”“粤贸全国”经贸活动200多场。", ["粤贸全球", "粤贸全国"]),
    # heads of strategies, policies and packages
    ("坚持“外防输入、内防反弹”总策略和“动态清零”总方针。", ["外防输入、内防反弹总策略", "动态清零总方针"]),
    ("深入实施扩大内需战略。", ["扩大内需战略"]),
    ("推出人才新政73条。", ["人才新政73条"]),
    ("以快制快打赢多轮疫情防控阻击战。", ["多轮疫情防控阻击战"]),
    # not campaigns
    ("水富港是国家“一带一路”战略的重要节点。", []),
    ("号召全区上下紧盯“推进高质量发展,全面争当排头兵”目标。", []),
    ("顶住了“下”的压力,夯实了“稳”的基础。", []),
    ("建立“杨同华专家团队工作站”。", []),
]


@pytest.mark.parametrize("sentence, expected", CAMPAIGNS)
def test_campaigns(sentence, expected):
    f = run(sentence)
    assert [c.name for c in f.campaigns] == expected
    assert all(region_name(c.region) == "水富市" and c.year == 2020 for c in f.campaigns)


# ---------------------------------------------------------------------------------------- goals

GOALS = [
    ("号召全区上下紧盯“推进高质量发展,全面争当排头兵,打造昆明城市新中心”目标。",
     [("推进高质量发展,全面争当排头兵,打造昆明城市新中心", None)]),
    ("水富市委紧紧围绕昭通市委“扩港、建园、退城”要求。", [("扩港、建园、退城", None)]),
    ("按照打造先进制造基地、高端食品基地的目标定位,开展专题调研。", [("打造先进制造基地、高端食品基地", None)]),
    ("深化“放管服”改革,全面优化营商环境。", [("全面优化营商环境", "放管服改革")]),
    # what the government applies itself to
    ("着力稳存量、引增量、扩容量、提质量。", [("稳存量、引增量、扩容量、提质量", None)]),
    ("围绕打造孤山子镇“百年商贸古镇”品牌。", [("打造孤山子镇百年商贸古镇品牌", None)]),
    ("确保储备项目转化率达50%以上。", [("确保储备项目转化率达50%以上", None)]),
    ("主要预期目标:地区生产总值增长6%左右,实际利用外资1.8亿美元。",
     [("地区生产总值增长6%左右,实际利用外资1.8亿美元", None)]),
    ("明年力争新开工5亿元以上项目20个,其中10亿元以上项目6个。",
     [("力争新开工5亿元以上项目20个,其中10亿元以上项目6个", None)]),
    ("著力創建省級全域旅遊示範區。", [("创建省级全域旅游示范区", None)]),
    ("锚定“四省边际中心城市”的发展定位。", [("四省边际中心城市", None)]),
    ("以创建“中国普洱茶第一县”为目标。", [("中国普洱茶第一县", None)]),
    ("力争到2025年，把水富建设成为区域性港口城市。", [("把水富建设成为区域性港口城市", None)]),
    ("确保到2025年森林覆盖率稳定在68%以上。", [("确保到2025年森林覆盖率稳定在68%以上", None)]),
    ("水富市将坚持以会议精神统领各项工作,推动经济社会发展不断迈上新台阶,谱写高质量跨越式发展新篇章。",
     [("推动经济社会发展不断迈上新台阶,谱写高质量跨越式发展新篇章", None)]),
    # not goals
    ("建成农村易腐垃圾处置中心4处。", []),
    ("今年上半年经济运行总体平稳。", []),
]


@pytest.mark.parametrize("sentence, expected", GOALS)
def test_goals(sentence, expected):
    f = run(sentence)
    assert [(g.text, g.campaign) for g in f.goals] == expected


# ----------------------------------------------------------------------------------- indicators

INDICATORS = [
    ("预计全年实现地区生产总值640亿元,增长6%。",
     [("地区生产总值", 64000000000, "CNY", "level", True), ("地区生产总值", 6, "%", "growth", True)]),
    ("完成一般公共预算收入33.84亿元。", [("一般公共预算收入", 3384000000, "CNY", "level", False)]),
    ("全市地区生产总值完成680亿元。", [("地区生产总值", 68000000000, "CNY", "level", False)]),
    ("地区生产总值由690亿元增加到1050亿元，年均增长7.2%。",  # the starting point is no statistic
     [("地区生产总值", 105000000000, "CNY", "level", False), ("地区生产总值", 7.2, "%", "growth", False)]),
    ("全市152个重点项目完成投资312.5亿元。", [("重点项目", 152, "个", "level", False)]),
    ("全州城镇化率达到55%。", [("城镇化率", 55, "%", "level", False)]),
    ("力争规上工业总产值全年突破750亿元。", [("规上工业总产值", 75000000000, "CNY", "level", True)]),
    ("园区规上工业总产值预计全年突破600亿元。", [("园区规上工业总产值", 60000000000, "CNY", "level", True)]),
    ("今年1至4月累计完成低效用地再开发1850亩。", [("完成低效用地再开发", 1850, "亩", "level", False)]),
    ("全区计划全年完成土地处置5000亩以上，其中批而未供土地处置2000亩。",  # a sentence of targets
     [("完成土地处置", 5000, "亩", "level", True), ("批而未供土地处置", 2000, "亩", "level", True)]),
    ("今年，水富市将以“项目建设提质年”为主线，实施千万元以上项目300个。",  # what will be: a target
     [("实施千万元以上项目", 300, "个", "level", True)]),
    ("全县接待游客312.6万人次，实现旅游总消费33.5亿元，分别下降38.2%和40.1%。",
     [("接待游客", 3126000, "人次", "level", False), ("旅游总消费", 3350000000, "CNY", "level", False),
      ("接待游客", -38.2, "%", "growth", False), ("旅游总消费", -40.1, "%", "growth", False)]),
    ("全县完成生产总值29.8亿元，同比下降1.2%，降幅比一季度收窄5.3个百分点。",  # a change against a quarter: no figure
     [("生产总值", 2980000000, "CNY", "level", False), ("生产总值", -1.2, "%", "growth", False)]),
    ("上半年，实现地区生产总值（GDP）1738.6亿元。", [("地区生产总值", 173860000000, "CNY", "level", False)]),
    ("下半年，将力争新增规上工业企业200家。", [("新增规上工业企业", 200, "家", "level", True)]),
    # a sector's investment is a statistic of the region (SCHEMA), not money tied to projects
    ("全年计划完成工业投资25亿元，同比增长10%。", [("工业投资", 2500000000, "CNY", "level", True),
                                         ("工业投资", 10, "%", "growth", True)]),
    ("新增绿地3.2万㎡,改造市政道路7条。", [("新增绿地", 32000, "平方米", "level", False),
                                         ("改造市政道路", 7, "条", "level", False)]),
    ("全年亿元以上项目新签约186个,新开工52个。", [("亿元以上项目新签约", 186, "个", "level", False),
                                              ("新开工亿元以上项目", 52, "个", "level", False)]),
    ("引进27名高层次专家人才。", [("引进高层次专家人才", 27, "人", "level", False)]),
    ("高新技术产值占比提升2个百分点。", [("高新技术产值占比", 2, "百分点", "growth", False)]),
    ("城乡低保对象保障标准提高到每人每月680元。", [("城乡低保对象保障标准", 680, "元/人/月", "level", False)]),
    ("签约5亿元以上项目15个。", [("签约5亿元以上项目", 15, "个", "level", False)]),
    ("围绕上半年地区生产总值增长14.5%的目标。", [("地区生产总值", 14.5, "%", "growth", True)]),
    ("盘活低效土地1100亩、闲置厂房15万平方米。", [("盘活低效土地", 1100, "亩", "level", False),
                                           ("闲置厂房", 150000, "平方米", "level", False)]),
    ("14名高考生达到清华、北大录取线。", [("高考生达到清华", 14, "人", "level", False)]),
    ("新开工项目168个,完成投资586.3亿元,同比增长15.6%。", [("新开工项目", 168, "个", "level", False),
                                                ("完成投资", 15.6, "%", "growth", False)]),
    # not indicators: capacities, phases, list counts, work items, comparisons
    ("加快建设德方纳米二期年产4万吨磷酸铁锂项目。", []),
    ("规模以上工业增加值高于全省7.7个百分点。", []),
    ("确保137项市级工作要点和21项区级重点事项顺利完成。", []),
    # A等N个B: the count is of B, the names before 等 are examples (the development gold counts these)
    ("加快实施海河、广普大沟、姚安河等6条河道整治。", [("河道整治", 6, "条", "level", False)]),
    ("建成新海大道等12个项目，新开工仙人石路等11个项目。",
     [("建成项目", 12, "个", "level", False), ("新开工项目", 11, "个", "level", False)]),
    # a ratio named only by its kind is the ratio of the figure before it; a unit with its alternative
    ("现代产业类项目250个，个数占比28.3%。", [("现代产业类项目", 250, "个", "level", False),
                                          ("现代产业类项目个数占比", 28.3, "%", "level", False)]),
    ("建设筹集保障性住房747套（间）。", [("建设筹集保障性住房", 747, "套（间）", "level", False)]),
    ("共梳理确定了7个方面工作清单。", []),
]


@pytest.mark.parametrize("sentence, expected", INDICATORS)
def test_indicators(sentence, expected):
    f = run(sentence)
    got = [(i.name, i.value, i.unit, i.measure, i.target) for i in f.indicators]
    assert got == expected
    assert all(i.year == 2020 and region_name(i.region) == "水富市" for i in f.indicators)


def test_relative_and_section_years():
    text = ("2021年9月9日\n海陵区全区工作报告。\n海陵区全年新增各类企业3280家。\n2020年展望\n"
            "明年力争新开工5亿元以上项目20个。\n实际利用外资1.8亿美元。")
    f = facts_of(text)
    years = {(i.name, i.year) for i in f.indicators}
    assert ("新增各类企业", 2019) in years  # the report's "now" is 2019: it looks ahead to 2020
    assert ("新开工5亿元以上项目", 2020) in years
    assert [(i.amount, i.year) for i in f.investments] == [(180000000, 2020)]


def test_a_review_of_the_past_year_speaks_of_the_year_before_the_report():
    text = ("2023年1月10日\n郫都区政府工作报告。\n过去一年，郫都区地区生产总值增长6.5%。\n"
            "完成固定资产投资410亿元。\n今年主要预期目标是：地区生产总值增长6%左右。\n"
            "力争到2025年，把郫都建设成为成都西部创新高地。")
    f = facts_of(text)
    assert {(i.name, i.value, i.year, i.target) for i in f.indicators} == {
        ("地区生产总值", 6.5, 2022, False), ("固定资产投资", 41000000000, 2022, False), ("地区生产总值", 6, 2023, True)}
    assert [(g.text, g.year) for g in f.goals][-1] == ("把郫都建设成为成都西部创新高地", 2025)
    f = facts_of("2021年4月20日\n黔东南州规划纲要发布。\n确保到2025年森林覆盖率稳定在68%以上。")
    assert [(g.text, g.year) for g in f.goals] == [("确保到2025年森林覆盖率稳定在68%以上", 2025)]  # the year aimed at


def test_a_work_report_given_in_january_speaks_of_that_year_and_its_plan_states_targets():
    f = facts_of("2024年1月8日\n南谯区政府工作报告。\n一、2023年工作回顾\n过去一年，全区地区生产总值增长7.6%。\n"
                 "二、2024年工作安排\n全年新签约亿元以上项目60个。")
    assert f.document.year == 2024
    assert [(i.name, i.year, i.target) for i in f.indicators] == [("地区生产总值", 2023, False),
                                                                  ("新签约亿元以上项目", 2024, True)]


def test_a_target_for_a_later_year_inside_the_clause():
    f = facts_of(YEAR + HEAD + "启动美丽乡村提档升级三年行动，计划到2024年建成未来乡村20个。")
    assert [(i.name, i.value, i.year, i.target) for i in f.indicators] == [("建成未来乡村", 20, 2024, True)]
    f = facts_of(YEAR + HEAD + "推动茶产业综合产值到2025年达到200亿元。")
    assert [(i.name, i.value, i.year, i.target) for i in f.indicators] == [("茶产业综合产值", 20000000000, 2025, True)]


def test_a_year_carries_across_several_semicolons():
    f = facts_of("2022年3月15日\n双流区召开会议。\n2021年，双流区实现地区生产总值1171.8亿元，增长9.1%；"
                 "全社会固定资产投资增长12.5%；一般公共预算收入104.2亿元。")
    assert {i.year for i in f.indicators} == {2021} and len(f.indicators) == 4


def test_a_numbered_review_heading_and_the_year_it_discusses():
    f = facts_of("2021年2月2日\n赣州市政府工作报告。\n一、2020年工作回顾\n全年新签约5000万元以上项目268个。\n"
                 "二、2021年主要工作\n确保全市地区生产总值增长8%以上。")
    assert {(i.value, i.year, i.target) for i in f.indicators} == {(268, 2020, False), (8, 2021, True)}  # 全年: 2020


def test_every_fact_has_evidence_from_the_original_file():
    text = YEAR + HEAD + "總投資分別達1.3億元、6.4億元的金沙湖公園、高壩快捷通道項目正在推進。"
    f = facts_of(text)
    facts = f.projects + f.investments + f.campaigns + f.goals + f.indicators
    assert facts
    for fact in facts:
        ev = fact.evidence
        assert text[ev.start:ev.end] == ev.text and ev.rule and 0 < ev.confidence <= 1


@pytest.mark.parametrize("sentence", [
    "责任编辑:刘卓娅",
    "仲夏的曲靖,满目葱茏,欣欣向荣。",
    "船到中流浪更急,人到半山路更陡。",
    "我们的基础还不稳固,后劲还不充足。",
])
def test_sentences_that_yield_nothing(sentence):
    f = run(sentence)
    assert not (f.projects or f.investments or f.campaigns or f.goals or f.indicators)


NANYANG = ("2022年7月15日\n南阳市委召开会议。\n"
           "在内乡县，总投资120亿元的牧原肉食产业综合体项目建成投产。"
           "邓州市引进的河南中原绿能高科有限责任公司光伏组件项目签约落地，计划总投资35亿元。"
           "南阳市新开工亿元以上项目168个。")


def test_a_sentence_that_opens_with_a_county_gives_its_facts_that_county():
    f = facts_of(NANYANG)
    where = {p.name: region_name(p.region) for p in f.projects}
    assert where == {"牧原肉食产业综合体项目": "内乡县", "河南中原绿能高科光伏组件项目": "邓州市"}
    assert {(i.project, region_name(i.region)) for i in f.investments} == {
        ("牧原肉食产业综合体项目", "内乡县"), ("河南中原绿能高科光伏组件项目", "邓州市")}


def test_a_region_and_generic_words_are_no_project_name():
    assert all("新开工" not in p.name for p in facts_of(NANYANG).projects)


def test_a_later_year_makes_a_target_and_carries_across_a_semicolon():
    f = facts_of("2021年3月2日\n钱塘区委部署。\n到2025年，钱塘区地区生产总值突破1000亿元；规上工业增加值达到600亿元。"
                 "2020年，全区实现地区生产总值721.9亿元。")
    got = {(i.name, i.value, i.year, i.target) for i in f.indicators}
    assert got == {("地区生产总值", 100000000000, 2025, True), ("规上工业增加值", 60000000000, 2025, True),
                   ("地区生产总值", 72190000000, 2020, False)}


def test_segmenting_only_the_clauses_that_need_it_changes_no_fact(seeds_dir, monkeypatch):
    """The NLP stage's cheap pass (jieba only on clauses with a region, year, number or head noun)
    gives exactly the facts of segmenting every clause."""
    import kg.extract as ex
    from kg.ingest import ingest

    files = sorted(seeds_dir.iterdir())
    selective = [ex.extract(ingest(f)) for f in files]
    full = ex.analyse
    monkeypatch.setattr(ex, "analyse", lambda text, year: full(text, year, everywhere=True))
    assert [ex.extract(ingest(f)) for f in files] == selective


def test_a_report_about_one_of_the_county_s_towns_has_that_town_as_its_region():
    f = facts_of("2022年9月15日\n德清县乾元镇：以项目建设引领乡镇高质量发展\n今年以来，乾元镇共谋划项目38个。"
                 "乾元镇还投入1500万元实施提升工程。")
    assert region_name(f.document.main_region) == "乾元镇"
    assert {region_name(i.region) for i in f.indicators} == {"乾元镇"}
    assert "德清县" in {region_name(m.region) for m in f.mentions}  # and the county is still named


def test_a_bulletin_with_its_place_and_year_only_in_the_front_matter():
    f = facts_of("---\ntitle: 2023年合肥市包河区国民经济和社会发展统计公报\ndate: 2024-03-28\n---\n"
                 "全年全区实现地区生产总值1628.3亿元，比上年增长6.8%。年末全区常住人口128.7万人，比上年末增加2.1万人。")
    # a bulletin is published the year after its statistics: the report's year is 2024, its figures 2023's
    assert f.document.year == 2024 and region_name(f.document.main_region) == "包河区"
    assert [(i.name, i.value, i.year, region_name(i.region)) for i in f.indicators] == [
        ("地区生产总值", 162830000000, 2023, "包河区"), ("地区生产总值", 6.8, 2023, "包河区"),
        ("常住人口", 1287000, 2023, "包河区")]  # 比上年: the year compared with; 比上年末增加: a change
    (m,) = f.mentions
    assert m.evidence.rule == "govkg_regions.title" and m.evidence.text.startswith("2023年合肥市包河区")


def test_a_title_naming_a_city_and_its_district_is_about_the_district():
    f = facts_of("2022年12月9日\n铜仁市碧江区：大数据产业发展势头强劲\n碧江区加快建设铜仁数据中心集聚区，"
                 "建成铜仁大数据中心等5个数据中心。铜仁市还签订协议。")
    assert region_name(f.document.main_region) == "碧江区"
    assert "铜仁数据中心集聚区" in [p.name for p in f.projects]


def test_a_short_name_in_the_title_named_again_is_the_report_s_region():
    f = facts_of("2023-11-08 昆山日报\n昆山开发区：外资项目加速落地\n今年以来，昆山开发区新设外资项目86个，"
                 "安排专项资金5000万元支持企业开展技术改造。")
    assert region_name(f.document.main_region) == "昆山市"
    assert [p.name for p in f.projects] == []  # 外资项目, 企业开展技术改造: no names
    assert [(i.amount, i.kind) for i in f.investments] == [(50000000, "spent")]


def test_a_paragraph_opening_on_a_year_speaks_of_it_and_an_expectation_makes_targets():
    f = facts_of("2023年1月12日\n蓬安县2022年计划执行情况\n2022年，全县实现地区生产总值205.6亿元，增长4.5%，"
                 "完成年度目标的91%。\n全年实施重点项目120个。\n"
                 "2023年，全县地区生产总值预期增长6.5%左右，全社会固定资产投资增长10%。")
    assert [(i.value, i.year, i.target) for i in f.indicators] == [
        (20560000000, 2022, False), (4.5, 2022, False), (91, 2022, False),  # 年度目标的91%: achieved
        (120, 2022, False), (6.5, 2023, True), (10, 2023, True)]


# whose report it is: the government it speaks for, and the level its authors call their own
REPORT_REGIONS = [
    ("各位代表：\n现在，我代表罗湖区人民政府向大会作政府工作报告。深圳市委…深圳…深圳市…", "罗湖区"),
    ("各位代表：\n我代表省人民政府，向大会报告工作。广东改革发展…深圳先行示范区…深圳…深圳市…广东省…", "广东省"),
    ("2022年,是泽州发展历程中极不平凡的一年。全县上下在市委、市政府和县委的坚强领导下，真抓实干。", "泽州县"),
    ("孤山子镇\n孤山子镇地处柳河县东南部。全镇行政区面积280.3平方公里。柳河县…柳河县…全镇耕地面积8191公顷。", "孤山子镇"),
    # a ranking against the larger place says nothing of the report's own level
    ("水富市是昭通市面积最小的县级市。水富港居全省第一，全省首个…水富市…水富…", "水富市"),
]


@pytest.mark.parametrize("text, region", REPORT_REGIONS)
def test_the_report_region_from_how_the_report_speaks(text, region):
    assert region_name(facts_of(text).document.main_region) == region


def test_a_division_the_gazetteer_lacks_is_the_speakers_own():
    f = facts_of("各位代表：\n现在，我代表大鹏新区管理委员会，向大会作工作报告。\n一、2023年工作回顾\n"
                 "在市委、市政府和新区党工委的正确领导下，深圳先行示范区…深圳市委。大鹏新区地区生产总值增长4.5%。")
    region = f.new_regions[f.document.main_region]
    assert (region.name, region.level, region_name(region.parent)) == ("大鹏新区", "county", "深圳市")
    assert [(i.name, i.value, i.year, i.region) for i in f.indicators] == [
        ("地区生产总值", 4.5, 2023, f.document.main_region)]


def test_a_pipe_table_states_one_figure_per_cell_and_a_figure_repeated_from_the_text_once():
    f = facts_of("2022年和政县国民经济和社会发展统计公报\n初步核算,全年全县地区生产总值341881万元,比上年增长7.23%。\n"
                 "表1:2022年全县地区生产总值及其构成\n指标 | 绝对数(万元) | 增长(%) | 构成(%) |\n"
                 "地区生产总值 | 341881 | 7.23 | 100 |\n分产业 | -- | -- | -- |\n建筑业 | 55070 | 23.93 | 16.1 |\n"
                 "住宿和餐饮业 | 7121 | -8.74 | 2.1 |\n")
    got = [(i.name, i.value, i.unit, i.measure, i.year) for i in f.indicators]
    assert got == [("地区生产总值", 3418810000, "CNY", "level", 2022), ("地区生产总值", 7.23, "%", "growth", 2022),
                   ("地区生产总值比重", 100, "%", "level", 2022),
                   ("建筑业", 550700000, "CNY", "level", 2022), ("建筑业", 23.93, "%", "growth", 2022),
                   ("建筑业比重", 16.1, "%", "level", 2022),
                   ("住宿和餐饮业", 71210000, "CNY", "level", 2022), ("住宿和餐饮业", -8.74, "%", "growth", 2022),
                   ("住宿和餐饮业比重", 2.1, "%", "level", 2022)]
    assert f.document.year == 2023  # published the year after its statistics


@pytest.mark.parametrize("sentence, expected", [
    # the quarter, 实现 and 按可比价格计算 are no part of the statistic's name; 符合预期 reports an outcome
    ("主要经济指标增长基本符合预期，一季度全市实现生产总值5136.7亿元，按可比价格计算同比增长4.4%。",
     [("生产总值", 513670000000, "level", False), ("生产总值", 4.4, "growth", False)]),
    ("现代服务业实现增加值2900亿元，增长7.3%；文化产业预计实现增加值385亿元。",
     [("现代服务业增加值", 290000000000, "level", False), ("现代服务业增加值", 7.3, "growth", False),
      ("文化产业增加值", 38500000000, "level", True)]),
    ("实现税收总额约1826亿元，增长8.1%。", [("税收总额", 182600000000, "level", False), ("税收总额", 8.1, "growth", False)]),
])
def test_what_is_not_part_of_a_statistics_name(sentence, expected):
    f = facts_of("苏州市统计局公布数据。" + sentence)
    assert [(i.name, i.value, i.measure, i.target) for i in f.indicators] == expected


@pytest.mark.parametrize("sentence, expected", [
    # a list before 分别: one figure per item, the head after 等 and a shared lead distributed
    ("万元GDP建设用地、水耗、电耗分别下降6.5%、3.9%和4.6%。",
     [("万元GDP建设用地", -6.5), ("万元GDP水耗", -3.9), ("万元GDP电耗", -4.6)]),
    ("化工、汽车制造等重点行业产值分别增长22.8%、14.2%。", [("化工行业产值", 22.8), ("汽车制造行业产值", 14.2)]),
])
def test_a_list_before_respectively_gives_each_item_its_figure(sentence, expected):
    f = run(sentence)
    assert [(i.name, i.value) for i in f.indicators] == expected
    assert all(i.measure == "growth" and i.unit == "%" for i in f.indicators)


def test_a_figure_goes_to_the_place_its_clause_names():
    f = facts_of("山东商报：山东找回信心，财政收入反超上海\n山东省上半年GDP增长3.6%，上海上半年仅完成财政收入3795亿元。"
                 "GDP前四的省份分别是广东（59518亿元）、江苏（56909亿元）。山东…山东…")
    assert [(i.value, region_name(i.region)) for i in f.indicators] == [
        (3.6, "山东省"), (379500000000, "上海市"), (5951800000000, "广东省"), (5690900000000, "江苏省")]


def test_a_target_word_after_other_figures_is_not_about_the_first():
    f = facts_of("各位代表：\n我代表省人民政府，向大会报告工作。\n一、2021年工作回顾\n"
                 "全省地区生产总值达12.4万亿元、同比增长8%，地方一般公共预算收入达1.4万亿元，全面完成全年目标任务。"
                 "初步预计，金融业实现增加值约1420亿元。广东…全省…")
    assert [(i.value, i.year, i.target) for i in f.indicators] == [
        (12400000000000, 2021, False), (8, 2021, False), (1400000000000, 2021, False), (142000000000, 2021, True)]


def test_a_plan_announced_in_a_paragraph_makes_its_later_figures_targets():
    f = facts_of("4月11日，深圳市政府工作报告提出今年目标。深圳…深圳市…\n"
                 "深圳还将全力推动重大工业项目落地。加大工业投资力度，全年工业投资增长12%以上。\n"
                 "同时，着力提升市场主体质量，新增国家高新技术企业500家。\n"
                 "2021年，深圳规模以上工业增加值增长4.7%。")
    assert [(i.value, i.target) for i in f.indicators] == [(12, True), (500, True), (4.7, False)]



@pytest.mark.parametrize("sentence, expected", [
    # a clause that only says 达 or 占全市 is about the statistic before it
    ("专利代理机构增长19.7%，达91家，占全市43.8%。",
     [("专利代理机构", 19.7, "growth"), ("专利代理机构", 91, "level"), ("专利代理机构占全市比重", 43.8, "level")]),
    # one figure shared by every item (均)
    ("农村消费、网络消费增长均超过20%。", [("农村消费", 20, "growth"), ("网络消费", 20, "growth")]),
    # rates given 分别 after 同比
    ("社会总产值达到5.8亿元，其中工业总产值达3.5亿元，同比分别增长9%、15.3 %。",
     [("社会总产值", 580000000, "level"), ("工业总产值", 350000000, "level"),
      ("社会总产值", 9, "growth"), ("工业总产值", 15.3, "growth")]),
])
def test_statistics_named_by_the_clauses_around_them(sentence, expected):
    assert [(i.name, i.value, i.measure) for i in run(sentence).indicators] == expected



def test_a_plans_clauses_are_goals_numeric_ones_too():
    f = facts_of("深圳市政府工作报告提出今年目标。深圳…深圳市…\n"
                 "深圳还将全力推动重大工业项目落地。加大以先进制造业为主的工业投资力度，全年工业投资增长12%以上。")
    assert [g.text for g in f.goals] == ["推动重大工业项目落地", "加大以先进制造业为主的工业投资力度", "全年工业投资增长12%以上"]
    assert [(i.value, i.target) for i in f.indicators] == [(12, True)]



@pytest.mark.parametrize("text, expected", [
    # a campaign belongs to the government the text names as running it
    ("现在，我代表罗湖区人民政府向大会作政府工作报告。深圳市…深圳…\n对标全市营商环境改革“20条”，出台罗湖营商环境18项改革措施。",
     [("营商环境改革20条", "深圳市"), ("罗湖营商环境18项改革措施", "罗湖区")]),
    ("现在，我代表大鹏新区管理委员会，向大会作工作报告。广东…深圳市…\n全面落实省委“1310”具体部署。",
     [("1310具体部署", "广东省")]),
])
def test_a_campaign_belongs_to_the_government_that_runs_it(text, expected):
    f = facts_of(text)
    assert sorted((c.name, (f.new_regions.get(c.region) or gazetteer().regions[c.region]).name) for c in f.campaigns) \
        == sorted(expected)
