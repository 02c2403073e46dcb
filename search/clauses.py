"""Checks on what a document's clauses say (DOMAIN.md "what a check can find from the text"):

- unlawful_content      a clause sets a 许可, 处罚, 强制, 征收/收费 or a new duty on citizens and
                        organisations without a legal basis, in a document whose level may not set it
                        by itself (行政许可法 arts. 14–17, 行政处罚法 arts. 10–16, 行政强制法 arts. 10–11,
                        立法法 arts. 11 and 91–93, 国办发〔2018〕37号 for 规范性文件);
- higher_law_conflict   a clause close in wording to a clause of a higher-level document it cites, that
                        departs from it in an amount, a time limit (beyond its range) or a modal
                        (可以 / 应当 / 不得 swapped; not the administration's own 可以 made 应当, which only
                        narrows its discretion: narrows_discretion).

Both work on sentences; neither reads the database (checks.py hands them what they need).
"""

import re
from collections import Counter, OrderedDict
from dataclasses import dataclass

from filings.models import Level
from filings.parsing import CITATION_RE, NUMERAL, chinese_to_int, title_key

# Higher number, lower level. Levels outside administrative law-making (司法解释, 监察法规, 其他) are
# not compared, nor are amending and repealing decisions: their level is their issuer's (a State Council
# 修改决定 is filed with the NPC's), and what they change is cites_amended's and superseded_by's business.
LEVEL_RANK = {
    Level.CONSTITUTION: 0,
    Level.LAW: 1, Level.LAW_INTERPRETATION: 1,
    Level.ADMINISTRATIVE_REGULATION: 2,
    Level.LOCAL_REGULATION: 3,
    Level.DEPARTMENT_RULE: 4, Level.LOCAL_GOVERNMENT_RULE: 4,
    Level.NORMATIVE_DOCUMENT: 5,
}  # fmt: skip

_SENTENCE_RE = re.compile(r"[^。；;！？\n]+[。；;！？]?")
TITLES_RE = re.compile(r"《[^《》]*(?:《[^《》]*》[^《》]*)*》")
_S = r"[^。；;，,]{0,20}"  # a few words within the same clause


@dataclass(frozen=True)
class Measure:
    kind: str  # penalty_light / penalty / permit / coercion / levy / duty
    label: str
    reserved_by: str  # title of the law that reserves it


_L = r"[^。；;]{0,40}"  # a longer stretch, within one sentence
MEASURES = [
    (Measure("penalty_light", "设定行政处罚（警告、通报批评、罚款）", "中华人民共和国行政处罚法"),
     re.compile(rf"(?:处|并处|处以){_L}罚款|罚款{_S}(?:元|万元)|给予警告|予以警告|通报批评")),
    (Measure("penalty", "设定行政处罚", "中华人民共和国行政处罚法"),
     re.compile(rf"没收(?:违法|非法){_S}(?:所得|财物|物品|工具|产品)|吊销{_S}(?:许可证|执照|资质|证书)"
                rf"|责令(?:停产停业|关闭)|行政拘留|暂扣{_S}(?:许可证|执照)|降低资质等级|限制从业")),
    (Measure("permit", "设定行政许可", "中华人民共和国行政许可法"),
     re.compile(rf"(?:须|必须|应当)(?:经|取得|办理|获得){_S}(?:许可|批准|审批|核准)|未经{_S}(?:许可|批准|审批|核准){_S}不得"
                rf"|实行{_S}(?:许可|审批|核准)(?:制度|管理)")),
    (Measure("coercion", "设定行政强制", "中华人民共和国行政强制法"),
     re.compile(r"(?:予以|可以|有权|应当|并|即)(?:查封|扣押|冻结)|(?:查封|扣押|冻结)其|强制(?:拆除|清除|隔离|搬迁)"
                r"|代履行")),
    (Measure("levy", "设定征收或收费", "中华人民共和国立法法"),
     re.compile(rf"收取{_S}费|(?:缴纳|交纳){_S}(?:费|保证金|押金)|征收{_S}(?:费|税|基金)")),
    (Measure("duty", "增加义务或限制权利", "中华人民共和国立法法"),
     re.compile(rf"(?:禁止|不得){_S}(?:从事|经营|销售|生产|进入|开展|设立|承揽|参加|参与|投标)")),
]  # fmt: skip

# What a level may set by itself, without a basis in a higher law.
_ALL = {m.kind for m, _ in MEASURES}
MAY_SET = {
    Level.CONSTITUTION: _ALL, Level.LAW: _ALL, Level.LAW_INTERPRETATION: _ALL, Level.DECISION: _ALL,
    Level.AMEND_REPEAL_DECISION: _ALL, Level.ADMINISTRATIVE_REGULATION: _ALL,
    Level.LOCAL_REGULATION: _ALL,
    Level.DEPARTMENT_RULE: {"penalty_light"}, Level.LOCAL_GOVERNMENT_RULE: {"penalty_light"},
    Level.NORMATIVE_DOCUMENT: set(),
}  # fmt: skip

# A clause that points to a higher source has a basis; "依照本办法" does not.
BASIS_RE = re.compile(r"依法|(?:依照|依据|按照|根据)(?:有关|相关|国家|法律|行政法规|法规|上位法|《)")
# Clauses on the discipline of officials set nothing on the public; nor do those whose subject is the
# administration or a court ("执法人员…应当经负责人批准", "行政机关不得…").
OFFICIALS_RE = re.compile(r"工作人员|公职人员|干部|党员|处分")
ACTORS_RE = re.compile(r"行政机关|执法人员|执法单位|人民法院|审判人员|本单位|负责人")
# A government's supervision of its lower governments and its own departments ("对工作推进不力的乡镇人民政府予以
# 通报批评") is not a 行政处罚 of the public: its object is an administrative body, and no citizen or firm. Only
# 通报 is read so: a fine stays a finding whoever it names (laws' fines on 单位 would be lost otherwise).
_BODIES = r"(?:人民政府|[省市县区旗镇乡]政府|乡镇|苏木|街道|镇（街道）|办事处|部门|机关|成员单位|承办单位)"
# The body is the one who did wrong: it opens the condition ("乡镇人民政府未履行…的") or closes it ("…不力的乡镇
# 人民政府"), not a body merely named in it ("阻挠税务机关检查的").
_NAMED_ONLY = r"向|被|与|经|由|在|阻挠|妨碍|拒绝|干扰|对|报"  # the body is spoken of, not the one acting
_SUPERVISED_RE = re.compile(
    r"^(?:(?!" + _NAMED_ONLY + r")[^，,的、]){0,8}" + _BODIES + r"|的[^，,的]{0,12}" + _BODIES + r"$"
)
_PUBLIC_RE = re.compile(r"个人|公民|经营者|企业|当事人|法人|组织|单位和|申请人|相对人|从业")
_TARGET_RE = re.compile(r"对([^，,。；;]+?)(?=予以|给予|处以|并处|处|责令|[，,]|$)")
ARTICLE_LABEL_RE = re.compile(rf"^第{NUMERAL}条[\s\u3000]*")
_ADMINISTRATION_RE = re.compile(r"机关|部门|机构|政府")
# "不得收取任何费用", "无需批准": a ban on a measure, not a measure.
_NEGATED_RE = re.compile(r"(?:不得|不|禁止|严禁|无需|无须|免于|免予|免)$")
_HEADING_RE = re.compile(r"^第[一二三四五六七八九十百千零〇\d]+[编章节]")


@dataclass
class ClauseFinding:
    kind: str  # unlawful_content / higher_law_conflict
    evidence: str
    cited_title: str
    target_title_key: str = ""  # unlawful_content: the reserving law, resolved by checks.py
    target_ref: str = ""  # higher_law_conflict: the version compared


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_RE.findall(text) if s.strip()]


def articles(text: str) -> list[str]:
    """The text cut at article starts (第N条), so a basis cited anywhere in an article covers it."""
    return re.split(r"\n(?=第[一二三四五六七八九十百千零〇\d]+条)", text)


# A rule made "根据《X法》" implements that law: its duties are the law's (立法法 art. 91); a 规范性文件
# may still not add any by itself.
ENACTED_UNDER_RE = re.compile(r"(?:根据|依据|依照)《[^《》]+》")
_RULES = {Level.DEPARTMENT_RULE, Level.LOCAL_GOVERNMENT_RULE}


def _supervision(before: str) -> bool:
    """The measure falls on an administrative body (its lower government, a department), not on the public.
    Whom it falls on: "对X", else the condition "X…的，" — never the body that imposes it ("由…部门处…",
    "主管部门责令改正，", "公安机关可以吊销…")."""
    if match := _TARGET_RE.search(before):
        target = match.group(1)
    else:
        # "X…的，" or "…的X，" (考核不合格的县级人民政府，…)
        parts = [p.strip() for p in re.split(r"[，,]", before)]
        conditions = [p for p in parts if "的" in p and not p.startswith("由")]
        if not conditions:
            return False
        target = conditions[-1]
    target = ARTICLE_LABEL_RE.sub("", target).strip()
    return bool(_SUPERVISED_RE.search(target)) and not _PUBLIC_RE.search(target)


def unlawful_content(text: str, level: str) -> list[ClauseFinding]:
    allowed = MAY_SET.get(level)
    if allowed is None or allowed == _ALL:
        return []
    if level in _RULES and ENACTED_UNDER_RE.search(text, 0, 800):
        allowed = allowed | {"duty"}
    found: list[ClauseFinding] = []
    seen: set[str] = set()
    for article in articles(text):
        if CITATION_RE.search(article) or BASIS_RE.search(article):
            continue
        for sentence in sentences(article):
            bare = TITLES_RE.sub("", sentence)
            if OFFICIALS_RE.search(bare) or _HEADING_RE.match(bare):
                continue
            for measure, pattern in MEASURES:
                if measure.kind in allowed or measure.kind in seen or not (match := pattern.search(bare)):
                    continue
                before = bare[: match.start()]
                if _NEGATED_RE.search(before[-4:].rstrip("向对")) or (
                    measure.kind not in ("penalty", "penalty_light") and ACTORS_RE.search(before)
                ):
                    continue
                if "通报" in match.group() and _supervision(before):
                    continue
                if measure.kind == "duty" and _ADMINISTRATION_RE.search(before):
                    continue
                seen.add(measure.kind)
                evidence = f"{measure.label}：{sentence}"[:400]
                reserved = measure.reserved_by
                found.append(ClauseFinding("unlawful_content", evidence, reserved, title_key(reserved)))
    return found


# ------------------------------------------------------------------ higher_law_conflict

_NUM = r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
_UNIT = r"(万元|元|个工作日|工作日|日|天|小时|个月|年|倍|%|％)"
# An amount is a ceiling ("五万元以下", "二十日内"), a floor ("一万元以上") or exact ("处五百元罚款").
_AMOUNT_RE = re.compile(_NUM + _UNIT + r"(以下|以内|之内|内|以上)?")
# Dates are not amounts: "2007年12月29日", "二〇〇七年十二月", "1991年".
_DATE_RE = re.compile(
    r"[\d〇零一二三四五六七八九十]{4}年(?:[\d一二三四五六七八九十]{1,2}月(?:[\d一二三四五六七八九十]{1,3}日)?)?"
)
_MODALS = {"可以": "可以", "应当": "应当", "必须": "应当", "不得": "不得", "禁止": "不得", "严禁": "不得"}
_MODAL_RE = re.compile("|".join(_MODALS))
SIMILARITY = 0.6  # Dice coefficient on character bigrams


def _number(raw: str) -> float | None:
    try:
        return float(raw) if raw[0].isdigit() else float(chinese_to_int(raw))
    except (ValueError, IndexError):
        return None


@dataclass(frozen=True)
class Essentials:
    """What a clause fixes: amounts and time limits per unit, as ceilings, floors and exact values, and
    how often each modal occurs."""

    ceilings: dict
    floors: dict
    exact: dict
    modals: Counter

    @property
    def has_any(self) -> bool:
        return bool(self.ceilings or self.floors or self.exact or self.modals)


def essentials(sentence: str) -> Essentials:
    ceilings: dict[str, list[float]] = {}
    floors: dict[str, list[float]] = {}
    exact: dict[str, list[float]] = {}
    for raw, unit, bound in _AMOUNT_RE.findall(_DATE_RE.sub("", sentence)):
        value = _number(raw)
        if value is None:
            continue
        if unit == "万元":
            value, unit = value * 10000, "元"
        unit = {"％": "%", "天": "日", "工作日": "个工作日"}.get(unit, unit)
        target = floors if bound == "以上" else ceilings if bound else exact
        target.setdefault(unit, []).append(value)
    return Essentials(ceilings, floors, exact, Counter(_MODALS[m] for m in _MODAL_RE.findall(sentence)))


def conflict(lower: Essentials, higher: Essentials) -> str:
    """How a lower clause departs from the higher one it follows, or "" if it stays within it: a ceiling
    above the higher ceiling, a floor below its floor, another exact amount, or a modal swapped for another
    (adding "可以" beside the higher clause's "应当" is not a swap). A narrower range is not a conflict."""
    for unit, values in lower.ceilings.items():
        top = higher.ceilings.get(unit) or higher.exact.get(unit)
        if top and max(values) > max(top):
            return "上限不同"
    for unit, values in lower.floors.items():
        bottom = higher.floors.get(unit) or higher.exact.get(unit)
        if bottom and min(values) < min(bottom):
            return "下限不同"
    for unit, values in lower.exact.items():
        if unit in higher.exact and sorted(values) != sorted(higher.exact[unit]):
            return "数额或期限不同"
        if unit in higher.ceilings and max(values) > max(higher.ceilings[unit]):
            return "超出上限"
    fewer = higher.modals - lower.modals
    more = lower.modals - higher.modals
    if fewer and more:
        return "情态不同"
    return ""


def narrows_discretion(lower: str, higher: str) -> bool:
    """ "主管部门应当责令停业" beside the law's "主管部门可以责令停业": the lower text binds the administration's
    own discretion, as a 裁量基准 may (国办发〔2022〕27号); no finding. The same swap where the one who "可以"
    is the public ("当事人可以申请复议" → "应当申请复议") turns a right into a duty, and stays a finding."""
    fewer = essentials(higher).modals - essentials(lower).modals
    more = essentials(lower).modals - essentials(higher).modals
    if set(fewer) != {"可以"} or set(more) != {"应当"}:
        return False
    start = higher.find("可以")
    clause = re.split(r"[，,：:]", higher[:start])[-1]
    return bool(_ADMINISTRATION_RE.search(clause)) and not _PUBLIC_RE.search(clause)


def bigrams(sentence: str) -> set[str]:
    return {sentence[i : i + 2] for i in range(len(sentence) - 1)}


def comparable(unit: str) -> bool:
    """A clause (or article) that fixes something: an amount, a time limit or a modal."""
    return len(unit) >= 10 and bool(_AMOUNT_RE.search(unit) or _MODAL_RE.search(unit))


class ClauseIndex:
    """The comparable clauses (or other units) of one document, with an inverted index on bigrams."""

    RAREST = 8  # bigrams of a clause that choose the candidates

    def __init__(self, text: str, units=None, every: bool = False):
        candidates = sentences(text) if units is None else units
        self.clauses = [s for s in candidates if (len(s) >= 10 if every else comparable(s))]
        # Bigram sets as dicts of None, postings as tuples: the garbage collector stops tracking such
        # containers of strings and ints. Hundreds of cached indexes of sets and lists made each of its full
        # collections walk millions of objects, pausing a scan for over 100 ms.
        self.grams = [dict.fromkeys(bigrams(s)) for s in self.clauses]
        postings: dict[str, list[int]] = {}
        for i, grams in enumerate(self.grams):
            for gram in grams:
                postings.setdefault(gram, []).append(i)
        self.postings: dict[str, tuple[int, ...]] = {gram: tuple(ids) for gram, ids in postings.items()}
        self.vocabulary = frozenset(self.postings)

    def closest(self, grams: set[str]) -> tuple[int, float] | None:
        # Dice ≥ 0.6 needs at least 43% of the clause's bigrams in the other clause, hence in this document.
        shared = grams & self.vocabulary
        if len(shared) < 0.43 * len(grams):
            return None
        # A clause that close shares some of the rarest of them; those few postings name the candidates.
        rarest = sorted(shared, key=lambda gram: len(self.postings[gram]))[: self.RAREST]
        candidates = {i for gram in rarest for i in self.postings[gram]}
        best = None
        for i in candidates:
            other = self.grams[i]
            dice = 2 * len(other.keys() & grams) / (len(grams) + len(other))
            if best is None or dice > best[1]:
                best = (i, dice)
        return best


_CACHE: OrderedDict[str, ClauseIndex] = OrderedDict()
_CACHE_SIZE = 512


def clause_index(pk: int, version: str, text_of, *, unit: str = "clauses") -> ClauseIndex:
    """An index of a register document's comparable clauses ("clauses"), comparable articles ("articles") or
    every sentence ("sentences"), kept for the next documents compared with it; documents with the same
    text (the same content hash) share one."""
    key = f"{unit}:{version or f'pk:{pk}'}"
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    text = text_of()
    built = ClauseIndex(text, article_texts(text) if unit == "articles" else None, every=unit == "sentences")
    _CACHE[key] = built
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return built


def article_texts(text: str) -> list[str]:
    """Each article's text without its label (第N条), for comparing articles across documents."""
    return [ARTICLE_LABEL_RE.sub("", a.strip()) for a in articles(text)]


@dataclass
class Higher:
    ref: str
    title: str
    index: ClauseIndex


def higher_law_conflicts(text: str, higher: list[Higher]) -> list[ClauseFinding]:
    """Pairs (clause, higher clause) close in wording whose amounts, time limits or modals differ."""
    if not higher:
        return []
    found = []
    for sentence in sentences(text):
        if len(sentence) < 10:
            continue
        mine = essentials(sentence)
        if not mine.has_any:
            continue
        grams = bigrams(sentence)
        best = None
        for law in higher:
            hit = law.index.closest(grams)
            if hit and hit[1] >= SIMILARITY and (best is None or hit[1] > best[2]):
                best = (law, hit[0], hit[1])
        if best is None:
            continue
        law, i, _ = best
        other = law.index.clauses[i]
        how = conflict(mine, essentials(other))
        if how == "情态不同" and narrows_discretion(sentence, other):
            continue
        if how:
            evidence = f"{how}：{sentence} ↔ 《{law.title}》：{other}"
            found.append(ClauseFinding("higher_law_conflict", evidence[:400], law.title, target_ref=law.ref))
    return found
