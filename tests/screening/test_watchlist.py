import tomllib

import pytest

from app.screening import Category, Severity, load_builtin_watchlist, screen_text
from app.screening.watchlist import (
    BUILTIN_WATCHLIST_PATH,
    WatchlistError,
    entry_from_mapping,
    parse_watchlist,
)


def test_builtin_watchlist_loads_with_a_version_and_unique_ids():
    watchlist = load_builtin_watchlist()
    assert watchlist.version.count(".") == 2
    assert len({entry.id for entry in watchlist.entries}) == len(watchlist.entries)
    assert {"CN", "RU", "IR", "elsewhere"} <= set(watchlist.contexts)
    assert {entry.category for entry in watchlist.entries} >= set(Category)


def test_every_entry_names_its_source_and_country():
    for entry in load_builtin_watchlist().entries:
        assert entry.source, entry.id
        assert len(entry.country) == 2, entry.id


def test_default_severity_follows_the_category():
    raw = tomllib.loads(BUILTIN_WATCHLIST_PATH.read_text(encoding="utf-8"))
    entries = {entry.id: entry for entry in load_builtin_watchlist().entries}
    for item in raw["entries"]:
        if "severity" not in item and item["category"] == "talent_program":
            assert entries[item["id"]].severity == Severity.HIGH
        if "severity" not in item and item["category"] == "government_program":
            assert entries[item["id"]].severity == Severity.ELEVATED


# Everything WATCHLIST.md names must be found by the built-in watchlist alone.
NAMED_IN_WATCHLIST_MD = {
    Category.TALENT_PROGRAM: [
        "Thousand Talents Plan",
        "千人计划",
        "千人計劃",
        "Qianren Jihua",
        "1000 Talents",
        "Recruitment Program of Global Experts",
        "海外高层次人才引进计划",
        "Young Thousand Talents",
        "青年千人计划",
        "National High-end Foreign Experts Recruitment Plan",
        "Qiming program",
        "启明计划",
        "长江学者奖励计划",
        "Changjiang Xuezhe",
        "Cheung Kong Scholars",
        "Yangtze River Scholar",
        "Chang-Kieng Scholar",
        "Changjiang Distinguished Professor",
        "Hundred Talents Program",
        "百人计划",
        "Ten Thousand Talents Plan",
        "万人计划",
        "National High-level Talents Special Support Plan",
        "国家高层次人才特殊支持计划",
        "国家特支计划",
        "National Hundred, Thousand and Ten Thousand Talents Project",
        "百千万人才工程",
        "NSFC Distinguished Young Scholars",
        "国家杰出青年科学基金",
        "Jieqing",
        "Excellent Young Scientists Fund (Overseas)",
        "优秀青年科学基金项目(海外)",
        "Chunhui Program",
        "春晖计划",
        "Guangdong Pearl River Talent Plan",
        "珠江人才计划",
        "Shenzhen Peacock Plan",
        "孔雀计划",
        "Shanghai Pujiang Program",
        "浦江人才计划",
        "Zhejiang One Hundred Talents",
        "Xinjiang Tianchi Talents",
        "State Administration of Foreign Experts Affairs",
        "国家外国专家局",
        "High-End Foreign Experts Recruitment Program",
    ],
    Category.DEFENSE_INSTITUTION: [
        "Beihang University",
        "北京航空航天大学",
        "北航",
        "Beijing University of Aeronautics and Astronautics",
        "BUAA",
        "Beijing Institute of Technology",
        "北京理工大学",
        "Harbin Institute of Technology",
        "哈尔滨工业大学",
        "哈工大",
        "Harbin Engineering University",
        "哈尔滨工程大学",
        "Northwestern Polytechnical University",
        "西北工业大学",
        "西工大",
        "NWPU",
        "Nanjing University of Aeronautics and Astronautics",
        "南京航空航天大学",
        "NUAA",
        "Nanjing University of Science and Technology",
        "南京理工大学",
        "NJUST",
        "National University of Defense Technology",
        "国防科技大学",
        "NUDT",
        "Academy of Military Medical Sciences",
        "Xidian University",
        "University of Electronic Science and Technology of China",
        "University of Science and Technology of China",
        "Sichuan University",
        "Tianjin University",
        "Fudan University",
        "Shanghai Jiao Tong University",
        "Defense S&T Key Laboratory of Antennas",
        "National Key Laboratory of Science and Technology on Radar",
        "China Academy of Engineering Physics",
        "CAEP",
        "PLA Academy of Military Sciences",
        "PLA General Hospital",
        "Army Medical University in Chongqing, China",
    ],
    Category.MILITARY_COMPANY: [
        "AVIC",
        "CASIC",
        "CASC",
        "CETC",
        "14th Research Institute of CETC",
        "CNNC",
        "CGN",
        "CSSC",
        "Norinco",
        "CSGC",
        "COMAC",
        "Huawei",
        "SMIC",
        "Hikvision",
        "Dahua",
        "DJI",
        "Inspur",
        "Sugon",
        "BGI",
        "YMTC",
        "CATL",
        "Tencent",
        "Unitree",
        "China Aerospace Science and Technology Corporation",
    ],
    Category.HUMAN_RIGHTS_CONCERN: [
        "Hikvision",
        "Dahua",
        "iFlytek",
        "Megvii",
        "SenseTime",
        "Xiamen Meiya Pico",
        "Yitu",
        "Yixin Science and Technology",
        "Xinjiang Public Security Bureau",
        "CloudWalk",
        "Xinjiang Production and Construction Corps",
        "XPCC",
        "新疆生产建设兵团",
    ],
    Category.GOVERNMENT_PROGRAM: [
        "NSFC",
        "National Natural Science Foundation of China",
        "国家自然科学基金委员会",
        "Ministry of Science and Technology of China",
        "MOST, China",
        "科技部",
        "National Key R&D Program",
        "国家重点研发计划",
        "973 Program",
        "863 Program",
        "National Basic Research Program of China",
        "National High-tech R&D Program",
        "Chinese Academy of Sciences",
        "CAS, Beijing",
        "中国科学院",
        "Strategic Priority Research Program of the Chinese Academy of Sciences",
        "Ministry of Education of China",
        "教育部",
        "MIIT",
        "工业和信息化部",
        "China Scholarship Council",
        "国家留学基金管理委员会",
        "Natural Science Foundation of Guangdong Province",
        "Science and Technology Commission of Shanghai Municipality",
    ],
}


@pytest.mark.parametrize(
    ("category", "name"),
    [(category, name) for category, names in NAMED_IN_WATCHLIST_MD.items() for name in names],
)
def test_builtin_watchlist_covers_what_watchlist_md_names(category, name):
    assert category in {flag.category for flag in screen_text(f"Funding: {name}.")}


def test_entry_format_errors_are_reported():
    good = {"id": "x", "canonical_name": "X Corp", "category": "military_company"}
    assert entry_from_mapping(good).severity == Severity.CRITICAL
    with pytest.raises(WatchlistError, match="slug"):
        entry_from_mapping(good | {"id": "Not A Slug"})
    with pytest.raises(WatchlistError, match="unknown category"):
        entry_from_mapping(good | {"category": "spy_agency"})
    with pytest.raises(WatchlistError, match="not an alias"):
        entry_from_mapping(good | {"rules": {"acronyms": ["XC"]}})
    with pytest.raises(WatchlistError, match="unknown rule"):
        entry_from_mapping(good | {"rules": {"acronym": ["X Corp"]}})
    with pytest.raises(WatchlistError, match="duplicate"):
        parse_watchlist({"version": "1", "entries": [good, good]})
