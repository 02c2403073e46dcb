import pytest

from filings.parsing import (
    chinese_to_int,
    int_to_chinese,
    parse_articles,
    parse_citations,
    split_paragraphs,
    title_key,
)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("十", 10), ("十五", 15), ("二十", 20), ("一百零五", 105), ("一百二十三", 123),
     ("一千二百六十", 1260), ("两百", 200), ("二〇二六", 2026), ("12", 12)],
)  # fmt: skip
def test_chinese_numerals(numeral, value):
    assert chinese_to_int(numeral) == value


def test_article_numbers_written_back_in_chinese_numerals_read_back_the_same():
    assert [int_to_chinese(n) for n in (10, 15, 105, 110, 1010, 1260)] == [
        "十", "十五", "一百零五", "一百一十", "一千零一十", "一千二百六十"]  # fmt: skip
    assert all(chinese_to_int(int_to_chinese(n)) == n for n in range(1, 1300))


def test_structure_with_a_table_of_contents_parts_sections_and_inserted_articles():
    text = "\n".join(
        [
            "某某法",
            "目　录",
            "第一编 总则",
            "第一章 一般规定",
            "第一编　总则",
            "第一章　一般规定",
            "第一节　原则",
            "第一条　为了规范，制定本法。",
            "第一百二十条之一　新增的条文。",
            "第二编　分则",
            "第一章　再次从一开始",
            "第二条　条文。",
        ]
    )
    units = parse_articles(text)
    assert [(u.kind, u.label, u.anchor) for u in units] == [
        ("part", "第一编", "p1"),
        ("chapter", "第一章", "p1-c1"),
        ("section", "第一节", "p1-c1-s1"),
        ("article", "第一条", "a1"),
        ("article", "第一百二十条之一", "a120-1"),
        ("part", "第二编", "p2"),
        ("chapter", "第一章", "p2-c1"),
        ("article", "第二条", "a2"),
    ]
    assert units[1].heading == "一般规定"


def test_an_amending_sentence_is_not_an_article():
    text = "关于修改某条例的决定\n一、第八条增加一款，作为第三款：“内容。”\n第八条第一款中的“甲”修改为“乙”。"
    assert parse_articles(text) == []


def test_repeated_article_numbers_in_an_annex_get_distinct_anchors():
    units = parse_articles("第一条　正文。\n附件\n第一条　附件的条文。")
    assert [u.anchor for u in units] == ["a1", "a1-2"]


def test_paragraphs_and_items_each_have_an_anchor():
    paragraphs = split_paragraphs("有下列情形之一的，处罚：\n（一）甲；\n(二)乙；\n前款规定以外的，不处罚。", "a5")
    assert [p["anchor"] for p in paragraphs] == ["a5-k1", "a5-k2"]
    assert [i["anchor"] for i in paragraphs[0]["items"]] == ["a5-k1-x1", "a5-k1-x2"]


@pytest.mark.parametrize(
    "variant",
    [
        "中华人民共和国公司法",
        "公司法",
        "《中华人民共和国公司法》",
        "中华人民共和国公司法（2018年修正）",
        "公司法 (2023修订)",
    ],
)
def test_title_variants_share_one_key(variant):
    assert title_key(variant) == "公司法"


def test_nested_title_marks_match_the_registered_title():
    assert title_key("最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释") == title_key(
        "最高人民法院关于适用《中华人民共和国民事诉讼法》的解释"
    )


def test_citations_keep_article_numbers_skip_the_own_title_and_duplicates():
    text = (
        "某某办法\n第一条　根据《中华人民共和国行政许可法》第十二条和《某某办法》，制定本办法。\n"
        "第二条　依照《行政许可法》第十二条办理；《行政许可法》第二十条另有规定的除外。"
    )
    cited = parse_citations(text, "某某办法")
    assert [(c.title_key, c.article_number, c.article_anchor) for c in cited] == [
        ("行政许可法", 12, "a1"),
        ("行政许可法", 20, "a2"),
    ]
    assert cited[0].evidence.startswith("第一条")


def test_the_texts_own_commencement_clause_gives_its_effective_date():
    import datetime

    from filings.parsing import commencement

    day = datetime.date(2026, 12, 1)
    assert commencement("第十条　本办法自公布之日起施行。", day) == (day, "自公布之日起施行")
    assert commencement("本规定自公布之日起30日后施行。", day) == (
        datetime.date(2026, 12, 31),
        "自公布之日起30日后施行",
    )
    assert commencement("本办法自2027年1月1日起施行。", day)[0] == datetime.date(2027, 1, 1)
    assert commencement("本办法自二〇二七年三月一日起施行", day)[0] == datetime.date(2027, 3, 1)
    # A clause quoted earlier (of another act) gives way to the text's own, the last one.
    assert commencement("《某条例》自2001年1月1日起施行。\n本办法自公布之日起施行。", day) == (day, "自公布之日起施行")
    assert commencement("本办法自2027年2月30日起施行。", day) is None
    assert commencement("本办法由市政府负责解释。", day) is None
