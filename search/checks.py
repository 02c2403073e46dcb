"""Conflict and cleanup checks: what the register says about a document, and its inferred status.

A subject is checked against the register (the database), never against itself:
- cites_repealed  it cites (as a basis, not "原《X》" nor in its own repeal sentence) a document whose
                  latest version is repealed, or that another document declares repealed;
- cites_amended   a cited document has a version whose text is later than the subject's own; where the
                  citation names its article (第N条, 第N条第M款), the article itself is compared between the
                  version cited and the latest (article_diff.py): cited_article_changed / _renumbered /
                  _deleted, or cited_article_unchanged, which is told but is no reason to amend;
- repealed_by     another document declares the subject repealed, on or after the subject's date;
- superseded_by   a version of the subject with a later text is in force (filings.versions says which
                  documents are versions and how they are ordered), or a 修改决定 dated after it amends it;
- past_validity   its own validity clause (有效期至…, 有效期N年) or, for a 规范性文件, the default
                  term (settings) has run out;
- unlawful_content and higher_law_conflict: what its clauses say (clauses.py); fair_competition: clauses that
  exclude or restrict competition (competition.py); added_requirement: permit conditions, 证明事项 or
  reporting duties the higher law does not set (requirements.py); issuer_capacity: an issuer that may not
  make this document (capacity.py); same_level_inconsistency: a clause fixing something otherwise than a
  close clause of another document of its level and jurisdiction (same_level.py).
Status: 已废止 if repealed, 已修改 if superseded, 失效 if past validity, 尚未生效 if its effective
date is still ahead, else 有效.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from accounts.models import Unit
from filings import versions as vers
from filings.models import Document, Level, Status
from filings.parsing import chinese_to_int, parse_citations, title_key
from filings.selectors import citation_candidate_keys

from . import article_diff, capacity, clauses, competition, requirements, same_level
from . import declarations as decl
from .models import Declaration, Finding

_UNTIL_RE = re.compile(r"有效期(?:至|到|截至)(\d{4})年(\d{1,2})月(\d{1,2})日")
_YEARS_RE = re.compile(r"有效期(?:为)?([一二三四五六七八九十两\d]+)年")
# A validity clause is the document's own only when its sentence speaks of the document ("本办法…有效期",
# "…起施行，有效期5年"); "许可证有效期为五年" in a law is a licence's term.
_SELF_RE = re.compile(r"本(?:办法|规定|意见|通知|细则|决定|方案|措施|文件|规则|条例|法|实施意见|指导意见)|施行")


def _own_clause(text: str, pattern: re.Pattern) -> re.Match | None:
    for match in pattern.finditer(text):
        start = max(text.rfind(ch, 0, match.start()) for ch in "。；\n") + 1
        if _SELF_RE.search(text, start, match.start()) or match.start() == start:
            return match
    return None


@dataclass
class Subject:
    doc_id: str
    title: str
    issuer: str
    level: str
    promulgated: datetime.date | None
    effective: datetime.date | None
    text: str
    pk: int | None = None  # when the subject is itself in the register
    # Issued by a unit of this platform: only its own normative documents take the local default term
    # (DOMAIN.md: never laws, regulations, 规章 or central documents); its capacity is that unit's data.
    local: bool = False
    issuer_unit_id: int | None = None

    @property
    def start(self) -> datetime.date | None:
        """Where its term runs from."""
        return self.effective or self.promulgated

    @property
    def dated(self) -> datetime.date | None:
        """The date of its own text: what it cited then, and which versions are later."""
        return vers.text_date(self.promulgated, self.effective)


# What subject_from_register reads of a register row.
REGISTER_FIELDS = [
    "pk", "external_id", "title", "issuer", "level", "promulgated", "effective", "text", "issuer_unit_id",
]  # fmt: skip


def subject_from_register(row: dict) -> Subject:
    """A register row (Document.objects.values(*REGISTER_FIELDS)), to check against the rest of the register."""
    return Subject(
        doc_id=row["external_id"] or f"pk:{row['pk']}", title=row["title"], issuer=row["issuer"], level=row["level"],
        promulgated=row["promulgated"], effective=row["effective"], text=row["text"], pk=row["pk"],
        local=row["issuer_unit_id"] is not None, issuer_unit_id=row["issuer_unit_id"],
    )  # fmt: skip


@dataclass
class FindingRow:
    doc_id: str
    kind: str
    target_ids: list[str]
    cited_title: str
    evidence: str
    date: datetime.date | None

    def as_json(self) -> dict:
        return {
            "doc_id": self.doc_id, "kind": self.kind, "target_ids": self.target_ids,
            "cited_title": self.cited_title, "evidence": self.evidence,
            "date": self.date.isoformat() if self.date else None,
        }  # fmt: skip


@dataclass
class Result:
    findings: list[FindingRow] = field(default_factory=list)
    status: str = Status.IN_FORCE


@dataclass
class _Version:
    pk: int
    external_id: str
    title: str
    title_key: str
    status: str
    promulgated: datetime.date | None
    effective: datetime.date | None
    level: str
    content_hash: str
    issuer: str

    @property
    def dated(self) -> datetime.date | None:
        return vers.text_date(self.promulgated, self.effective)

    @property
    def in_force_from(self) -> datetime.date | None:
        return vers.in_force_from(self.promulgated, self.effective)

    @property
    def ref(self) -> str:
        return self.external_id or f"pk:{self.pk}"


_VERSION_FIELDS = ["pk", "external_id", "title", "title_key", "status", "promulgated", "effective",
                   "level", "content_hash", "issuer"]  # fmt: skip


def _versions(keys: set[str], exclude: int | None) -> dict[str, list[_Version]]:
    """Register versions by title key, oldest first."""
    rows = (
        Document.objects.filter(title_key__in=keys, stage=Document.Stage.PUBLISHED)
        .exclude(pk=exclude)
        .values_list(*_VERSION_FIELDS)
    )
    by_key: dict[str, list[_Version]] = defaultdict(list)
    for row in rows:
        by_key[row[3]].append(_Version(*row))
    return {key: vers.ordered(chain) for key, chain in by_key.items()}


@dataclass
class _Statement:
    kind: str
    evidence: str
    document: _Version


def _statements(keys: set[str], exclude: int | None) -> dict[str, list[_Statement]]:
    rows = (
        Declaration.objects.filter(title_key__in=keys)
        .exclude(document_id=exclude)
        .values_list("kind", "evidence", "title_key", *(f"document__{f}" for f in _VERSION_FIELDS))
    )
    by_key: dict[str, list[_Statement]] = defaultdict(list)
    for kind, evidence, key, *document in rows:
        by_key[key].append(_Statement(kind, evidence, _Version(*document)))
    return by_key


_ARTICLE_KINDS = {
    article_diff.CHANGED: Finding.Kind.CITED_ARTICLE_CHANGED,
    article_diff.RENUMBERED: Finding.Kind.CITED_ARTICLE_RENUMBERED,
    article_diff.DELETED: Finding.Kind.CITED_ARTICLE_DELETED,
    article_diff.UNCHANGED: Finding.Kind.CITED_ARTICLE_UNCHANGED,
}


def register_pk(external_id: str) -> int | None:
    """The register row of a scanned record, if the register holds it: it is not checked against itself."""
    return Document.objects.filter(external_id=external_id).values_list("pk", flat=True).first()


def _validity_end(subject: Subject) -> tuple[datetime.date | None, str]:
    """The end of the subject's term and the words that set it."""
    if match := _own_clause(subject.text, _UNTIL_RE):
        try:
            return datetime.date(*map(int, match.groups())), match.group(0)
        except ValueError:
            pass
    start = subject.start
    if start is None:
        return None, ""
    if match := _own_clause(subject.text, _YEARS_RE):
        years, words = chinese_to_int(match.group(1)), match.group(0)
    elif subject.level == Level.NORMATIVE_DOCUMENT and subject.local:
        provisional = "暂行" in subject.title or "试行" in subject.title
        years = settings.VALIDITY_YEARS_PROVISIONAL if provisional else settings.VALIDITY_YEARS_DEFAULT
        words = f"默认有效期 {years} 年"
    else:
        return None, ""
    try:
        end = start.replace(year=start.year + years)
    except ValueError:
        end = start.replace(year=start.year + years, day=28)
    return end - datetime.timedelta(days=1), words


def _in_force_by(version: _Version, today: datetime.date) -> bool:
    return (version.in_force_from or today) <= today


def _unit(subject: Subject) -> dict:
    """What the checks read of the issuer's unit (empty when it is not on the platform)."""
    if subject.issuer_unit_id is None:
        return {}
    return Unit.objects.filter(pk=subject.issuer_unit_id).values(
        "kind", "jurisdiction_id", "jurisdiction__level", "may_issue_rules", "may_issue_normative", "rule_matters"
    ).first() or {}  # fmt: skip


def _issuer(subject: Subject, unit: dict) -> capacity.Issuer:
    if subject.issuer_unit_id is None:
        return capacity.Issuer(subject.issuer)
    return capacity.Issuer(
        subject.issuer, unit.get("kind", ""), unit.get("jurisdiction__level") or "", unit.get("may_issue_rules"),
        unit.get("may_issue_normative"), unit.get("rule_matters") or "",
    )  # fmt: skip


def _is_higher(level: str, than: str) -> bool:
    rank, other = clauses.LEVEL_RANK.get(level), clauses.LEVEL_RANK.get(than)
    return rank is not None and other is not None and rank < other


def _text_of(pk: int):
    return lambda: Document.objects.filter(pk=pk).values_list("text", flat=True).get()


def _clause_index(version: _Version):
    return clauses.clause_index(version.pk, version.content_hash, _text_of(version.pk))


def _articles_index_of(pk: int, content_hash: str):
    return clauses.clause_index(pk, content_hash, _text_of(pk), unit="articles")


def check(subject: Subject, *, today: datetime.date) -> Result:
    result = Result()
    own_key = title_key(subject.title)
    own_declarations = {(d.kind, d.title_key) for d in decl.declarations(subject.title, subject.text)}
    citations = [
        c for c in parse_citations(subject.text, subject.title)
        if (decl.REPEAL, c.title_key) not in own_declarations and (decl.AMEND, c.title_key) not in own_declarations
        and subject.text[max(0, c.position - 1)] != "原"
    ]  # fmt: skip
    candidates = citation_candidate_keys({c.title_key for c in citations})
    unlawful = clauses.unlawful_content(subject.text, subject.level)
    wanted = {k for keys in candidates.values() for k in keys} | {own_key} | {f.target_title_key for f in unlawful}
    versions = _versions(wanted, exclude=subject.pk)
    statements = _statements(wanted, exclude=subject.pk)

    def repeal_of(key: str, chain: list[_Version]) -> _Statement | None:
        latest_date = chain[-1].dated if chain else None
        for s in statements.get(key, []):
            if s.document.title_key == key:
                continue  # a new version repealing its predecessor: the title lives on
            if (
                s.kind == decl.REPEAL and _in_force_by(s.document, today)
                and (latest_date is None or (s.document.dated or today) >= latest_date)
            ):  # fmt: skip
                return s
        return None

    def add(kind, targets, cited, evidence, date):
        result.findings.append(FindingRow(subject.doc_id, kind, targets, cited, evidence, date))

    # The documents it cites.
    higher: dict[int, clauses.Higher] = {}
    hashes: dict[int, str] = {}
    for c in citations:
        key = next((k for k in candidates[c.title_key] if k in versions), None)
        if key is None:
            continue
        chain = versions[key]
        latest = chain[-1]
        compared = vers.cited_on(chain, subject.dated) or latest
        if _is_higher(compared.level, subject.level) and compared.pk not in higher:
            higher[compared.pk] = clauses.Higher(compared.ref, compared.title, _clause_index(compared))
            hashes[compared.pk] = compared.content_hash
        repeal = repeal_of(key, chain)
        if repeal or latest.status in (Status.REPEALED, Status.REVOKED):
            add(Finding.Kind.CITES_REPEALED, [latest.ref], c.cited_title, c.evidence,
                (repeal.document.in_force_from if repeal else None))  # fmt: skip
            continue
        on = subject.dated
        if on is None or latest.level in vers.SEPARATE_ACT_LEVELS:
            continue
        newer, cited = vers.later_than(chain, on), vers.cited_on(chain, on)
        if not (newer and cited):
            continue
        title_end = subject.text.find("》", c.position) + 1
        changes = [
            article_diff.compare(a, (cited.pk, cited.content_hash), (latest.pk, latest.content_hash))
            for a in article_diff.cited_articles(subject.text, title_end)
        ]
        if not changes or None in changes:  # no article named, or one the cited version lacks
            add(Finding.Kind.CITES_AMENDED, [v.ref for v in newer], c.cited_title, c.evidence, newer[0].dated)
            continue
        for change in changes:
            add(_ARTICLE_KINDS[change.kind], [latest.ref], c.cited_title,
                f"{c.evidence[:120]} ↔ {change.evidence()}"[:400], latest.dated)  # fmt: skip

    # What its clauses say.
    for f in unlawful:
        reserving = versions.get(f.target_title_key)
        add(Finding.Kind.UNLAWFUL_CONTENT, [reserving[-1].ref] if reserving else [], f.cited_title, f.evidence,
            subject.start)  # fmt: skip
    for f in clauses.higher_law_conflicts(subject.text, list(higher.values())):
        add(Finding.Kind.HIGHER_LAW_CONFLICT, [f.target_ref], f.cited_title, f.evidence, subject.start)
    for f in competition.fair_competition(subject.text, subject.level):
        add(Finding.Kind.FAIR_COMPETITION, [], f.cited_title, f.evidence, subject.start)

    def sentences_of_higher():  # built only when a clause looks like a requirement
        return [
            clauses.Higher(h.ref, h.title, clauses.clause_index(pk, hashes[pk], _text_of(pk), unit="sentences"))
            for pk, h in higher.items()
        ]

    for f in requirements.added_requirements(subject.text, subject.level, subject.issuer, sentences_of_higher):
        add(Finding.Kind.ADDED_REQUIREMENT, [], f.cited_title, f.evidence, subject.start)
    unit = _unit(subject)
    peers = same_level.candidates(
        pk=subject.pk, level=subject.level, issuer=subject.issuer, on_platform=subject.issuer_unit_id is not None,
        jurisdiction_id=unit.get("jurisdiction_id"),
        own_key=own_key, cited_keys={k for keys in candidates.values() for k in keys},
    )  # fmt: skip
    others = [
        clauses.Higher(p["external_id"] or f"pk:{p['pk']}", p["title"], _articles_index_of(p["pk"], p["content_hash"]))
        for p in peers
    ]
    for f in same_level.inconsistencies(subject.text, others):
        add(Finding.Kind.SAME_LEVEL_INCONSISTENCY, [f.target_ref], f.cited_title, f.evidence, subject.start)
    if why := capacity.issuer_capacity(subject.title, subject.level, _issuer(subject, unit)):
        add(Finding.Kind.ISSUER_CAPACITY, [], "中华人民共和国立法法" if "立法法" in why else "", why, subject.start)

    # The subject itself.
    chain = [
        v for v in versions.get(own_key, [])
        if vers.same_instrument(title=subject.title, issuer=subject.issuer, level=subject.level,
                                other_title=v.title, other_issuer=v.issuer, other_level=v.level)
    ]  # fmt: skip
    if subject.level in vers.SEPARATE_ACT_LEVELS:
        chain = []
    repeal = None
    for s in statements.get(own_key, []):
        if (
            s.kind == decl.REPEAL and _in_force_by(s.document, today)
            and (subject.dated is None or (s.document.dated or today) >= subject.dated)
        ):  # fmt: skip
            repeal = s
            add(Finding.Kind.REPEALED_BY, [s.document.ref], s.document.title, s.evidence, s.document.in_force_from)
            break
    # A later version or amendment supersedes it once in force: until then this text is the law.
    newer = [v for v in vers.later_than(chain, subject.dated) if _in_force_by(v, today)]
    amended_by = [
        s for s in statements.get(own_key, [])
        if s.kind == decl.AMEND and subject.dated and s.document.dated and s.document.dated > subject.dated
        and _in_force_by(s.document, today)
    ]  # fmt: skip
    if newer:
        add(Finding.Kind.SUPERSEDED_BY, [v.ref for v in newer], newer[0].title, f"新版本 {newer[0].dated}",
            newer[0].in_force_from)  # fmt: skip
    elif amended_by:
        first = min(amended_by, key=lambda s: s.document.dated)
        add(Finding.Kind.SUPERSEDED_BY, [s.document.ref for s in amended_by], first.document.title,
            first.evidence, first.document.in_force_from)  # fmt: skip
    end, words = _validity_end(subject)
    lapsed = end is not None and end < today
    if lapsed:
        add(Finding.Kind.PAST_VALIDITY, [], "", words, end)

    if repeal:
        result.status = Status.REPEALED
    elif newer or amended_by:
        result.status = Status.AMENDED
    elif lapsed:
        result.status = Status.LAPSED
    elif subject.effective and subject.effective > today:
        result.status = Status.NOT_YET_IN_FORCE
    return result
