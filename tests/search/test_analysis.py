import pytest

from search.analysis import MAX_QUERY_CHARS, bigram_counts, doc_number_canonical, parse_query


def test_bigrams_are_counted():
    assert bigram_counts("行政许可法") == {"行政": 1, "政许": 1, "许可": 1, "可法": 1}
    assert bigram_counts("许可许可") == {"许可": 2, "可许": 1}


def test_quoted_phrases_keep_their_punctuation_and_terms_split_on_spaces():
    q = parse_query("“为了规范，制定本法” 行政许可  收费")
    assert q.phrases == ["为了规范，制定本法"]
    assert q.terms == ["行政许可", "收费"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("法释〔2016〕21号", "法释〔2016〕21号"), ("国办发[2018]123号", "国办发〔2018〕123号"),
     ("国办发（2018）123号", "国办发〔2018〕123号"), ("国办发［２０１８］１２３号", "国办发〔2018〕123号")],
)  # fmt: skip
def test_doc_numbers_in_any_bracket_style_have_one_form(text, expected):
    assert doc_number_canonical(text) == expected
    assert parse_query(f"查 {text}").doc_numbers == [expected]


def test_traditional_characters_are_read_as_simplified():
    assert parse_query("中華人民共和國行政許可法").terms == ["中华人民共和国行政许可法"]


@pytest.mark.parametrize(
    "hostile",
    ["", "   ", "AND OR NOT", "* ? ~ ^ : ( ) [ ] { }", '"未闭合的引号', "法）（《》", "a:b OR (c", "x" * 5000],
)
def test_no_input_raises_and_no_syntax_survives(hostile):
    q = parse_query(hostile)
    for part in q.terms + q.phrases:
        assert not set(part) & set('*?~^:()[]{}"'), part
    assert "and" not in q.terms and "or" not in q.terms and "not" not in q.terms


def test_an_overlong_query_is_truncated_and_says_so():
    q = parse_query("法" * 5000)
    assert q.truncated
    assert len(q.text) == MAX_QUERY_CHARS
