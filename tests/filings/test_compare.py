"""The 修改对照表 matches articles by content, also when they were renumbered."""

from filings.compare import compare_texts

OLD = """某办法
第一条　为了规范停放，制定本办法。
第二条　电动自行车应当在划定的停放区域内停放。
第三条　违反本办法的，由公安机关责令改正。
第四条　本办法自公布之日起施行。"""

NEW = """某办法
第一条　为了规范停放，制定本办法。
第二条　本市设立电动自行车充电设施。
第三条　电动自行车应当在划定的停放区域内停放，不得占用盲道。
第四条　本办法自2027年1月1日起施行。"""


def test_articles_are_matched_by_content_and_each_change_is_named():
    rows = compare_texts(OLD, NEW)
    by_new = {r.new_label: r for r in rows if r.new_label}
    assert by_new["第一条"].change == "未修改"
    assert by_new["第二条"].change == "新增" and by_new["第二条"].old_label == ""
    assert by_new["第三条"].old_label == "第二条" and by_new["第三条"].change == "修改（第二条改为第三条）"
    assert by_new["第四条"].old_label == "第四条" and by_new["第四条"].change == "修改"
    deleted = [r for r in rows if r.change == "删除"]
    assert [r.old_label for r in deleted] == ["第三条"]
    assert [r.new_label or r.old_label for r in rows] == ["第一条", "第二条", "第三条", "第三条", "第四条"]


def test_a_moved_article_that_did_not_change_is_said_to_be_renumbered_only():
    rows = compare_texts("某\n第一条　甲。\n第二条　乙。", "某\n第一条　新的。\n第二条　甲。\n第三条　乙。")
    assert [r.change for r in rows] == ["新增", "条序变化：第一条改为第二条", "条序变化：第二条改为第三条"]
