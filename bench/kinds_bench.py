"""Benchmark: recall and precision of the newer finding kinds on labelled sets, checked against the corpus.

    .venv/bin/python bench/kinds_bench.py [--corpus ../shared/corpus/laws.jsonl] [--cases 300]

Each case is a made-up document checked (search.checks.check) against the imported corpus. How each set is
made, and which cases are written by hand:

added_requirement (mechanical)
  source    sentences of flk 法律 and 行政法规 that set a requirement on the public, chosen by words, not by
            the detector's patterns: a certificate (提交/提供/出具 … 证明 with 应当/须/必须), a condition (具备/
            符合 … 方可/才能/方能) or a report (报告/报送/备案 with 应当/须/必须, and 申请人/经营者/企业/单位/
            个人/… before the modal); 15–150 characters, no 《》, no 依法/依照/依据/按照/根据, no officials, no
            机关/部门/机构/政府 before the modal, no 不得/无需/免;
  positive  the sentence as an article of a 规范性文件 that does not cite its law;
  negative  the same in a 规范性文件 citing the law it comes from (the higher law itself sets it); and the
            certificate and report sentences with their modal made 无需 (waived).
fair_competition (positives written by hand)
  positive  POSITIVES below: 40 clauses of local measures in the forms 公平竞争审查条例 arts. 8–11 list
            (local branch or registration, designated suppliers, outside operators treated worse, local-only
            bidding, local subsidies), written by hand;
  negative  every sentence of flk laws and regulations that forbids such a practice (不得/禁止 with 外地/本地/
            指定/限定/排斥) as an article of a 规范性文件; and, per document, the corpus's 279 real 规范性文件
            and 规章 (presumed lawful; a finding on one counts as a false positive).
issuer_capacity (mechanical, with issuer names written by hand)
  city rule   the corpus 部门规章's titles re-issued by 某市人民政府 as 地方政府规章: a positive when the
              ministry's field lies outside 城乡建设与管理、生态文明建设、历史文化保护、基层治理 (OUTSIDE), a
              negative when inside (INSIDE); ministries of mixed fields (交通运输, 农业, 国土资源, 文化, 水利)
              are left out;
  department  the corpus 地方政府规章's titles issued as 地方政府规章 by 某市交通运输局 (positive) and by 某省
              人民政府 (negative);
  office      the corpus 规范性文件's titles issued by the bodies of NO_NORMATIVE (positives) and of
              MAY_ISSUE (negatives), names written by hand.
same_level_inconsistency (mechanical)
  positive  an article of a corpus 部门规章 (A) with an amount, time limit or modal, changed in one of them
            (a number doubled or halved, a modal swapped), in a new 部门规章 citing an act A cites: the pair
            must be reported with A as the other side;
  negative  the same article unchanged in that new rule; and the changed one in a 规范性文件 (another level).
The procedure kind is measured by its tests (tests/review/test_procedure_findings.py): its cases are the
workflow's records, written by hand.
"""

import argparse
import datetime
import random
import re
import time
from collections import Counter
from pathlib import Path

from corpus_db import DEFAULT_CORPUS, import_corpus, percentile, print_tally, start_django

AS_OF = datetime.date(2025, 12, 23)
SOURCE_NAMED = re.compile(r"《|依法|依照|依据|按照|根据")
OFFICIALS = re.compile(r"工作人员|处分|公职人员")
MODAL = re.compile(r"应当|必须|须")
PUBLIC = re.compile(r"申请人|经营者|企业|单位|个人|业主|从业人员|公民|法人|生产者|销售者|当事人|举办者|用人单位")
ADMINISTRATION = re.compile(r"机关|部门|机构|政府|执法人员|检查人员")
LIABILITY = re.compile(r"负责。|责任|遵守")  # "对…真实性负责", "承担赔偿责任": not a requirement to bring or report
WAIVED = re.compile(r"不得|无需|无须|免")
DATED = re.compile(r"\d{4}年|施行")  # a commencement or a date: no amount to change
ARTICLE_RE = re.compile(r"^第[一二三四五六七八九十百千零〇\d]+条(?:之[一二三四五六七八九十]+)?[\s\u3000]+")

POSITIVES = [
    "外地企业在本市承揽工程的，应当在本市设立分支机构。",
    "电梯应当从本市名录内的企业中采购。",
    "参与本市政府采购的供应商，须在本市注册登记。",
    "外地商品进入本市销售的，应当另行检验并加收检验费用。",
    "本市重点工程的招标限于本市注册的企业参加。",
    "本地企业参与本市公共资源交易的，优先给予奖励。",
    "各级学校的校服应当从市教育局指定的企业中采购。",
    "在本市从事快递业务的企业，必须在本市设立独立法人公司。",
    "外省企业参加本市工程投标的，须提高投标保证金比例。",
    "市内新建住宅的供热设备应当选用市住建局推荐目录中的产品。",
    "本市生产的农产品优先享受物流补贴。",
    "外地施工队伍进入本市施工的，应当暂停其投标资格一年。",
    "政府投资项目的勘察设计采购，仅限本市企业参加。",
    "外来企业在本市开展经营活动的，须先在本市办理工商登记。",
    "全市医疗机构所需药品，一律从市卫健委指定的配送企业购买。",
    "本市企业研发的产品，政府采购时给予价格优惠扶持资金。",
    "外埠运输车辆进入本市货运市场的，应当从严审核。",
    "新能源汽车推广补贴，限于本市生产的车型，本地企业享受补贴。",
    "参加本市旅游服务招标的旅行社，应当在本市设立分公司。",
    "外地生产的建材产品进入本市工地的，另行收取准入费用。",
    "市政道路照明工程所需灯具，应当从市城管局公布的备选库内企业中选用。",
    "本市范围内的农村饮水工程招标，优先本地企业。",
    "在本市提供网约车服务的平台企业，应当在本市成立子公司。",
    "外市企业承接本市市政工程的，须额外提交本地纳税证明。",
    "本地餐饮企业优先给予消费券补贴。",
    "各单位购买办公设备，必须从市财政局指定名录中采购。",
    "非本地企业参与本市土地出让的，须提高竞买保证金。",
    "本市物业服务项目的招标，仅限本市注册企业投标。",
    "外地检测机构出具的报告，本市不予认可，企业应当在本市检测机构重新检测。",
    "全市幼儿园配餐，应当使用市教育局推荐的供餐企业。",
    "本辖区企业参加展会的，优先享受展位补贴。",
    "在本县从事建筑施工的企业，必须在本县办理登记注册。",
    "外地药品批发企业向本市医疗机构配送药品，应当在本市设立办事处。",
    "本市建设工程所用预拌混凝土，应当从市建设局公布的目录内企业中购买。",
    "政府采购项目评审中，本地供应商优先。",
    "外地农产品进入本市批发市场的，须加收市场管理费。",
    "本旗牧区草原围栏工程，须使用旗农牧局指定的企业生产的产品。",
    "参与本市老旧小区改造的企业，应当在本市设立分支机构并缴纳社保。",
    "本省企业中标本市项目的，给予奖励资金。",
    "外地企业在本市设立的项目公司，应当将注册地迁入本市。",
]
NO_NORMATIVE = ["某市应急管理局办公室", "某市市场监督管理局法规科", "某市安全生产委员会办公室", "某市防汛抗旱指挥部",
                "某市创建文明城市工作领导小组", "某市河长制工作联席会议办公室", "某市疫情防控工作专班",
                "某市市场监督管理局政策法规处"]  # fmt: skip
MAY_ISSUE = ["某市人民政府", "某市人民政府办公室", "某市市场监督管理局", "某县人民政府", "某市教育局"]
# The ministries whose rules lie outside the four matters of 立法法 art. 93, and those inside.
OUTSIDE = {
    "国家市场监督管理总局", "国家安全生产监督管理总局", "卫生部", "国家工商行政管理总局", "公安部", "新闻出版总署",
    "海关总署", "国家版权局", "信息产业部", "国家工商行政管理局", "国家旅游局", "国家卫生健康委员会", "国家统计局",
    "国家安全部", "国家税务总局", "中国保监会", "民航总局", "国家新闻出版广电总局", "新闻出版署",
    "国家广播电影电视总局", "国家食品药品监督管理总局", "应急管理部", "信息化部", "国家发展改革委", "国家计委",
    "国家发展计划委员会", "改革委员会", "济合作部", "计划生育委员会",
}  # fmt: skip
INSIDE = {"建设部", "城乡建设部", "环境保护部", "生态环境部", "国家林业局"}
MINISTRY_PREFIX = re.compile(r"^(?:中华人民共和国)?")


def sentences_of(text):
    return [s.strip() for s in re.findall(r"[^。；;\n]+[。；;]", text)]


def article_bodies(text):
    bodies, current = [], None
    for line in text.split("\n"):
        if m := ARTICLE_RE.match(line):
            if current:
                bodies.append(current)
            current = line[m.end() :]
        elif current is not None and not line.startswith("第"):
            current += "\n" + line
    if current:
        bodies.append(current)
    return bodies


def requirement_shape(s: str) -> str:
    """The bench's own word-level reading of a requirement sentence (not the detector's patterns)."""
    if WAIVED.search(s) or OFFICIALS.search(s) or SOURCE_NAMED.search(s) or LIABILITY.search(s):
        return ""
    modal = MODAL.search(s)
    if modal and ADMINISTRATION.search(s[: modal.start()]):
        return ""
    after = s[modal.end() :] if modal else ""
    if modal and re.search(r"(?:提交|提供|出具)[^。；;]{0,40}证明", after):
        return "certificate"
    if re.search(r"具备|符合", s) and re.search(r"方可|才能|方能", s):
        return "condition"
    # 报告 as a verb ("向…报告", "报…备案", "及时报告"), not a noun ("财务会计报告", "可行性研究报告").
    reported = re.search(
        r"(?:向|报)[^。；;]{0,40}(?:报告|报送|备案)(?!书|表)|(?:及时|立即|迅速|并)(?:报告|报送|备案)", after
    )
    if modal and reported and PUBLIC.search(s[: modal.start()]):
        return "report"
    return ""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--misses", action="store_true", help="print the cases each kind got wrong")
    options = parser.parse_args()
    start_django("kinds-bench-")
    from filings.models import Document, Level
    from search import checks, clauses, services

    records = import_corpus(Path(options.corpus))
    services.declarations_refresh()
    rng = random.Random(20261202)
    tally: dict[str, Counter] = {}
    timings, misses = [], {}
    n = [0]

    def subject(text, *, level=Level.NORMATIVE_DOCUMENT, issuer="某市人民政府", title=None):
        n[0] += 1
        return checks.Subject(
            doc_id=f"case-{n[0]}", title=title or f"某市有关事项管理办法（样例{n[0]}）", issuer=issuer, level=level,
            promulgated=datetime.date(2025, 10, 1), effective=datetime.date(2025, 11, 1), text=text,
        )  # fmt: skip

    def document(*articles):
        return "\n".join(["某市有关事项管理办法", *(f"第{i}条　{a}" for i, a in enumerate(articles, 1))])

    def run(kind, s, expected, target=None):
        t = time.perf_counter()
        found = [f for f in checks.check(s, today=AS_OF).findings if f.kind == kind]
        timings.append((time.perf_counter() - t) * 1000)
        hit = bool(found) if target is None else any(target in f.target_ids for f in found)
        tally.setdefault(kind, Counter())[(expected, hit if expected else bool(found))] += 1
        if options.misses and (hit if expected else bool(found)) != expected:
            what = found[0].evidence if found else s.text.split("\n")[-1]
            misses.setdefault(kind, []).append(f"{'missed' if expected else 'wrong'} {s.title}: {what[:150]}")

    opening = "为了加强管理，结合本市实际，制定本办法。"
    flk = [r for r in records if r["id"].startswith("flk-") and r["level"] in ("法律", "行政法规")]

    # added_requirement
    shaped = []
    for r in flk:
        for body in article_bodies(r["text"]):
            for s in sentences_of(body):
                if 15 <= len(s) <= 150 and (shape := requirement_shape(s)):
                    shaped.append((r, s, shape))
    shapes = Counter(shape for _, _, shape in shaped)
    for r, s, shape in rng.sample(shaped, min(options.cases, len(shaped))):
        run("added_requirement", subject(document(opening, s)), True)
        run("added_requirement", subject(document(f"根据《{r['title']}》，结合本市实际，制定本办法。", s)), False)
        if shape != "condition":
            run("added_requirement", subject(document(opening, MODAL.sub("无需", s, count=1))), False)

    # fair_competition
    for clause in POSITIVES:
        run("fair_competition", subject(document(opening, clause)), True)
    bans = [s for r in flk for s in sentences_of(r["text"])
            if re.search(r"不得|禁止", s) and re.search(r"外地|本地|指定|限定|排斥", s) and len(s) <= 200]  # fmt: skip
    for s in bans:
        run("fair_competition", subject(document(opening, s)), False)
    levels = dict(Document.objects.values_list("external_id", "level"))
    real = [r for r in records if levels[r["id"]] in (Level.NORMATIVE_DOCUMENT, Level.DEPARTMENT_RULE,
                                                       Level.LOCAL_GOVERNMENT_RULE)]  # fmt: skip
    for r in real:
        run("fair_competition", subject(r["text"], level=levels[r["id"]], issuer=r["issuer"] or "",
                                        title=r["title"]), False)  # fmt: skip

    # issuer_capacity
    def core(title):
        return re.sub(r"^(?:中华人民共和国|国家|中国)", "", title)

    rules = [r for r in records if r["level"] == "部门规章"]
    cases_city = [(r, r["issuer"] in OUTSIDE) for r in rules if r["issuer"] in OUTSIDE | INSIDE]
    for r, outside in cases_city:
        run("issuer_capacity", subject("第一条　" + opening, level=Level.LOCAL_GOVERNMENT_RULE, issuer="某市人民政府",
                                       title="某市" + core(r["title"])), outside)  # fmt: skip
    local_rules = [r for r in records if r["level"] == "地方政府规章"]
    for r in local_rules:
        title = "某市" + re.sub(r"^.{2,3}(?:省|市|自治区)", "", r["title"])
        run("issuer_capacity", subject("第一条　" + opening, level=Level.LOCAL_GOVERNMENT_RULE,
                                       issuer="某市交通运输局", title=title), True)  # fmt: skip
        run("issuer_capacity", subject("第一条　" + opening, level=Level.LOCAL_GOVERNMENT_RULE, issuer="某省人民政府",
                                       title="某省" + title[2:]), False)  # fmt: skip
    normative = [r for r in records if r["level"] == "规范性文件"]
    for r in normative:
        for issuer in NO_NORMATIVE:
            run("issuer_capacity", subject("第一条　" + opening, issuer=issuer, title=r["title"]), True)
        for issuer in MAY_ISSUE:
            run("issuer_capacity", subject("第一条　" + opening, issuer=issuer, title=r["title"]), False)

    # same_level_inconsistency
    from clauses_bench import mutate

    made = 0
    for r in rng.sample(rules, len(rules)):
        if made >= options.cases:
            break
        cited = next(iter({m.group(1) for m in re.finditer(r"根据《([^《》]+)》", r["text"][:2000])}), None)
        if cited is None:
            continue
        comparable = [
            b.replace("\n", "")
            for b in article_bodies(r["text"])
            if clauses.comparable(b) and 30 <= len(b) <= 300 and not DATED.search(b)
        ]
        rng.shuffle(comparable)
        for body in comparable[:3]:
            changed = mutate(body, rng)
            if changed is None or changed == body:
                continue
            made += 1
            basis = f"根据《{cited}》，制定本规定。"
            ref = r["id"]
            new = dict(level=Level.DEPARTMENT_RULE, issuer="某部", title=f"某部有关事项规定（样例{made}）")
            run("same_level_inconsistency", subject(document(basis, changed), **new), True, target=ref)
            run("same_level_inconsistency", subject(document(basis, body), **new), False)
            other_level = {**new, "level": Level.NORMATIVE_DOCUMENT}
            run("same_level_inconsistency", subject(document(basis, changed), **other_level), False)

    print(f"added_requirement sources: {len(shaped)} sentences ({dict(shapes)}); fair_competition: "
          f"{len(POSITIVES)} hand-written positives, {len(bans)} prohibitions and {len(real)} real documents as "
          f"negatives; issuer_capacity: {len(cases_city)} ministry rules, {len(local_rules)} local rules, "
          f"{len(normative)} normative documents re-issued; same_level_inconsistency: {made} changed articles"
    )  # fmt: skip
    print_tally(tally, 25)
    print(f"per case p50 {percentile(timings, 50):.1f} ms, p95 {percentile(timings, 95):.1f} ms")
    for kind, lines in misses.items():
        print(f"{kind}: {len(lines)} wrong")
        for line in lines[:40]:
            print(f"  {line}")


if __name__ == "__main__":
    main()
