"""Text analysis for the index: normalisation, character bigrams, jieba words, query parsing.

jieba (and OpenCC) are imported here and nowhere else.

Why bigrams: jieba's own whoosh analyzer (jieba.analyse.ChineseAnalyzer) records character
offsets as token positions, so whoosh phrase queries on it never match. The body is indexed as
overlapping character bigrams: any substring of two or more characters has them, so the rarest
bigrams of a phrase narrow the documents down to a few, whose text is then tested for the phrase
itself (search/index.py); titles are segmented by jieba, words numbered 0, 1, 2….
"""

import functools
import logging
import operator
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import jieba
import opencc

jieba.setLogLevel(logging.WARNING)

MAX_QUERY_CHARS = 200

# Full-width forms, bracket variants of 文号 and all white space fold to one form, in text and query alike.
_FOLD = {0x3000: " ", 0x00A0: " ", 0x09: " ", 0x0A: " ", 0x0D: " "}
_FOLD.update({ord(c): "〔" for c in "[［【"})
_FOLD.update({ord(c): "〕" for c in "]］】"})
_FOLD.update({0xFF10 + i: str(i) for i in range(10)})  # ０-９
_FOLD.update({0xFF21 + i: chr(0x61 + i) for i in range(26)})  # Ａ-Ｚ → a-z
_FOLD.update({0xFF41 + i: chr(0x61 + i) for i in range(26)})  # ａ-ｚ
_FOLD.update({0x41 + i: chr(0x61 + i) for i in range(26)})  # A-Z → a-z

DOC_NUMBER_RE = re.compile(r"([\u4e00-\u9fff]{1,12})\s*[〔\[［【(（](\d{4})[〕\]］】)）]\s*(\d{1,5})\s*号")
_QUOTED_RE = re.compile(r"[\"“”「」『』]([^\"“”「」『』]+)[\"“”「」『』]")
# Characters with no meaning to search (whoosh syntax, quotes, punctuation): they separate terms.
_SEPARATORS_RE = re.compile(r"[\s\"“”「」『』'‘’*?~^:()\[\]{}（）、，。；;,.!！？+\-|&<>《》〈〉/\\=]+")
_OPERATOR_WORDS = {"and", "or", "not"}


_FOLD_CHARS = {chr(code): folded for code, folded in _FOLD.items()}
_FOLD_RE = re.compile("[" + "".join(map(re.escape, _FOLD_CHARS)) + "]")


def fold(text: str) -> str:
    # A regex over the few characters that change is 4-5× faster than str.translate, which looks up
    # every character of the text in the table (the index build folds 38 MB).
    return _FOLD_RE.sub(lambda m: _FOLD_CHARS[m.group()], text)


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def bigrams(text: str) -> list[str]:
    """Overlapping character bigrams of folded text; position i is the bigram starting at i."""
    return list(map(operator.add, text, text[1:]))


def bigram_counts(text: str) -> dict[str, int]:
    """Each bigram of the folded text with how often it occurs (the index's body postings)."""
    return Counter(map(operator.add, text, text[1:]))


def words(text: str) -> list[str]:
    """jieba words of a title or query, search mode (long words also give their parts), folded."""
    return [w for w in (fold(w).strip() for w in jieba.cut_for_search(text)) if w]


def segments(text: str) -> list[str]:
    """jieba's precise, non-overlapping segmentation of a query term: the parts that must each occur."""
    return [w for w in (fold(w).strip() for w in jieba.cut(text, HMM=False)) if w]


def words_with_offsets(text: str) -> Iterator[tuple[str, int, int]]:
    for word, start, end in jieba.tokenize(text, mode="search"):
        word = fold(word).strip()
        if word:
            yield word, start, end


def user_dictionary_load(entries: Iterable[str]) -> int:
    """Teach jieba the register's vocabulary: titles, their short forms, issuer names."""
    count = 0
    for entry in entries:
        entry = entry.strip()
        if 2 <= len(entry) <= 40 and " " not in entry:
            jieba.add_word(entry, freq=20000)
            count += 1
    return count


@dataclass
class ParsedQuery:
    """What the user asked for, free of any query syntax."""

    raw: str
    text: str = ""  # normalised (simplified, folded) whole query
    phrases: list[str] = field(default_factory=list)  # must occur verbatim
    terms: list[str] = field(default_factory=list)  # space-separated parts; each must occur
    doc_numbers: list[str] = field(default_factory=list)  # 文号 in canonical form
    truncated: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.phrases or self.terms or self.doc_numbers)

    @property
    def highlight_terms(self) -> list[str]:
        return sorted({*self.phrases, *self.terms, *self.doc_numbers}, key=len, reverse=True)


def doc_number_canonical(text: str) -> str:
    match = DOC_NUMBER_RE.search(fold(text))
    return f"{match.group(1)}〔{match.group(2)}〕{int(match.group(3))}号" if match else ""


def parse_query(raw: str) -> ParsedQuery:
    """Turn whatever was typed into phrases, terms and 文号. Nothing typed can raise or inject syntax."""
    query = ParsedQuery(raw=raw)
    text = raw or ""
    if len(text) > MAX_QUERY_CHARS:
        text, query.truncated = text[:MAX_QUERY_CHARS], True
    text = fold(to_simplified(text)).strip()
    query.text = text
    for match in DOC_NUMBER_RE.finditer(text):
        query.doc_numbers.append(f"{match.group(1)}〔{match.group(2)}〕{int(match.group(3))}号")
    text = DOC_NUMBER_RE.sub(" ", text)
    for match in _QUOTED_RE.finditer(text):
        phrase = match.group(1).strip()  # verbatim: punctuation is part of a quoted phrase
        if phrase:
            query.phrases.append(phrase)
    text = _QUOTED_RE.sub(" ", text)
    for part in _SEPARATORS_RE.split(text):
        if part and part not in _OPERATOR_WORDS:
            query.terms.append(part)
    return query
