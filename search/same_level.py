"""same_level_inconsistency (备案审查条例 art. 13(4)): a clause close in wording to a clause of another
document in force of the same level and the same jurisdiction, with a different amount, time limit or
modal — reported as a pair, as higher_law_conflict is.

The documents compared are those of the same level and jurisdiction that cite one of the same acts (two
texts on one matter rest on the same law; the newest PER_ACT citing documents of the level per act), the
most overlapping first, at most CANDIDATES of them: a register of 100,000 stays within a scan's time.
Jurisdiction: the issuer's unit's on the platform; for imported documents, the country for central
levels, else the region that opens the issuer's name.
"""

import re
from collections import Counter

from filings.models import NO_LONGER_IN_FORCE, Citation, Document, Level

from . import clauses

CANDIDATES = 30
PER_ACT = 200
ARTICLE_SIMILARITY = 0.6  # Dice on character bigrams of two whole articles
CENTRAL = {Level.LAW, Level.ADMINISTRATIVE_REGULATION, Level.DEPARTMENT_RULE, Level.SUPERVISORY_REGULATION}
# Same-level comparison is for the levels a filing review looks at.
LEVELS = {Level.LOCAL_REGULATION, Level.DEPARTMENT_RULE, Level.LOCAL_GOVERNMENT_RULE, Level.NORMATIVE_DOCUMENT}
_REGION_RE = re.compile(r"^(.{2,12}?(?:自治区|省|自治州|市|盟|县|旗|区))")


def jurisdiction_filter(*, level: str, issuer: str, on_platform: bool, jurisdiction_id: int | None) -> dict | None:
    """The ORM filter for documents of the same jurisdiction, or None when it cannot be told."""
    if on_platform:
        return {"issuer_unit__jurisdiction_id": jurisdiction_id} if jurisdiction_id else None
    if level in CENTRAL:
        return {"issuer_unit__isnull": True}
    match = _REGION_RE.match("".join(issuer.split()))
    return {"issuer_unit__isnull": True, "issuer__startswith": match.group(1)} if match else None


def candidates(*, pk: int | None, level: str, issuer: str, on_platform: bool, jurisdiction_id: int | None,
               own_key: str, cited_keys: set[str]) -> list[dict]:  # fmt: skip
    """Register rows (pk, external_id, title, content_hash) of the documents to compare with."""
    if level not in LEVELS or not cited_keys:
        return []
    same = jurisdiction_filter(level=level, issuer=issuer, on_platform=on_platform, jurisdiction_id=jurisdiction_id)
    if same is None:
        return []
    # A bounded walk per cited act (its citing documents of this level, newest first): an act thousands of
    # documents cite (行政处罚法) costs no more than one a few cite.
    shared: Counter = Counter()
    for key in cited_keys:
        citing = Citation.objects.filter(title_key=key, document__level=level).order_by("-document_id")
        shared.update(set(citing.values_list("document_id", flat=True)[:PER_ACT]))
    shared.pop(pk, None)
    rows = (
        Document.objects.filter(pk__in=list(shared), stage=Document.Stage.PUBLISHED, **same)
        .exclude(status__in=NO_LONGER_IN_FORCE)
        .exclude(title_key=own_key)
        .values("pk", "external_id", "title", "content_hash")
    )
    return sorted(rows, key=lambda r: (-shared[r["pk"]], -r["pk"]))[:CANDIDATES]


def differs(one: clauses.Essentials, other: clauses.Essentials) -> str:
    """How two clauses of one level fix something differently: between equals neither is the bound of the
    other, so any other amount, time limit or bound counts, and any modal swapped."""
    for name, mine, theirs in (("上限不同", one.ceilings, other.ceilings), ("下限不同", one.floors, other.floors),
                               ("数额或期限不同", one.exact, other.exact)):  # fmt: skip
        for unit in mine.keys() & theirs.keys():
            if sorted(mine[unit]) != sorted(theirs[unit]):
                return name
    if (one.modals - other.modals) and (other.modals - one.modals):
        return "情态不同"
    return ""


def inconsistencies(text: str, others: list[clauses.Higher]) -> list[clauses.ClauseFinding]:
    """Pairs (clause, clause of a same-level document) that fix something differently, within articles close
    in wording: penalty sentences share their wording across unrelated matters ("情节严重的，处…罚款"), so
    the whole article (the conduct with its consequence) must be alike, and then the closest sentences in
    the two articles are compared. `others` carry their article indexes (clause_index(by_article=True))."""
    if not others:
        return []
    found = []
    for article in clauses.article_texts(text):
        if not clauses.comparable(article):
            continue
        grams = clauses.bigrams(article)
        best = None
        for document in others:
            hit = document.index.closest(grams)
            if hit and hit[1] >= ARTICLE_SIMILARITY and (best is None or hit[1] > best[2]):
                best = (document, document.index.clauses[hit[0]], hit[1])
        if best is None:
            continue
        document, other_article, _ = best
        theirs = [s for s in clauses.sentences(other_article) if clauses.comparable(s)]
        for sentence in clauses.sentences(article):
            if not clauses.comparable(sentence) or not (mine := clauses.essentials(sentence)).has_any:
                continue
            closest = _closest(sentence, theirs)
            if closest and (how := differs(mine, clauses.essentials(closest))):
                evidence = f"{how}：{sentence} ↔ 《{document.title}》：{closest}"[:400]
                found.append(clauses.ClauseFinding("same_level_inconsistency", evidence, document.title,
                                                   target_ref=document.ref))  # fmt: skip
    return found


def _closest(sentence: str, candidates: list[str]) -> str | None:
    grams = clauses.bigrams(sentence)
    scored = [(2 * len(grams & (g := clauses.bigrams(c))) / (len(grams) + len(g)), c) for c in candidates]
    score, best = max(scored, default=(0.0, None))
    return best if score >= clauses.SIMILARITY else None
