"""Benchmark: recall and precision of unlawful_content and higher_law_conflict on cases derived from the corpus.

    .venv/bin/python bench/clauses_bench.py [--corpus ../shared/corpus/laws.jsonl] [--cases 300]

The corpus has no labels for these two kinds (its 31 规范性文件 are real, presumably lawful documents), so
cases are made mechanically from real clauses of laws and 行政法规 (flk documents), each put into a
made-up local document that is checked against the imported corpus:

unlawful_content
  positive  an article of a 法律责任 chapter that sets one of the penalties 行政处罚法 art. 9 lists
            (警告, 通报批评, 罚款, 没收违法所得/非法财物, 暂扣/吊销许可证件或执照, 降低资质等级, 责令停产停业,
            责令关闭, 限制从业, 行政拘留) and names no source (no 《》, no 依法/依照/依据/按照/根据) and
            no officials (工作人员, 处分), put into a 规范性文件: it must be reported;
  negative  the same article put into a 法律 (a law may set penalties); and an article of a 附则 chapter
            on commencement, interpretation or definitions (施行/解释/含义/是指) put into a 规范性文件:
            neither may be reported.
higher_law_conflict
  positive  a sentence of a law or 行政法规 with an amount or time limit (N元/日/个工作日/年…) or a modal
            (可以/应当/不得), changed in exactly one of them so that it leaves the law's rule (a floor
            "N…以上" halved, a ceiling or exact amount doubled; 应当→可以, 不得→可以, 可以→应当), in a
            规范性文件 that cites the law: the pair must be reported, with that law's chain as the target;
  negative  the same sentence unchanged, in a 规范性文件 citing the law; and the changed sentence in a
            规范性文件 that does not cite it: neither may be reported. A 可以→应当 swap where the one who
            "可以" is an administrative body (its clause names 机关/部门/机构/政府 and no 当事人/申请人/公民…)
            only narrows the administration's own discretion, as a 裁量基准 may: such a case is a negative
            (counted apart, "narrowing").
Cases are sampled with a fixed seed; the real corpus documents are also checked and the number of
documents with each finding is printed (those have no labels).
"""

import argparse
import datetime
import random
import re
import time
from collections import Counter
from pathlib import Path

from corpus_db import DEFAULT_CORPUS, import_corpus, percentile, print_tally, start_django, subject_of

AS_OF = datetime.date(2025, 12, 23)
PENALTIES = re.compile(
    r"警告|通报批评|罚款|没收违法所得|没收非法财物|暂扣[^。；]{0,10}(?:许可证|执照)|吊销[^。；]{0,10}(?:许可证|执照)"
    r"|降低资质等级|责令停产停业|责令关闭|限制从业|行政拘留"
)
SOURCE_NAMED = re.compile(r"《|依法|依照|依据|按照|根据")
OFFICIALS = re.compile(r"工作人员|处分")
ARTICLE_RE = re.compile(r"^第[一二三四五六七八九十百千零〇\d]+条(?:之[一二三四五六七八九十]+)?[\s\u3000]+")
CHAPTER_RE = re.compile(r"^第[一二三四五六七八九十百千零〇\d]+章[\s\u3000]*(.*)$")
NUMBER_RE = re.compile(
    r"(\d+|[一二两三四五六七八九十百千]+)(?=(?:万元|元|个工作日|工作日|日|天|小时|个月|年|倍)(以上)?)"
)
# 附则 articles that by their nature set nothing: commencement, interpretation, definitions.
CLOSING = re.compile(r"施行|解释|含义|是指")
MODAL_SWAP = {"应当": "可以", "不得": "可以", "可以": "应当"}


def articles_by_chapter(text: str):
    """(chapter heading, article text without its label) for each article."""
    chapter, current, out = "", None, []
    for line in text.split("\n"):
        if m := CHAPTER_RE.match(line):
            chapter = m.group(1).strip()
            continue
        if m := ARTICLE_RE.match(line):
            if current:
                out.append(current)
            current = [chapter, line[m.end() :]]
        elif current:
            current[1] += "\n" + line
    if current:
        out.append(current)
    return out


ADMINISTRATION = re.compile(r"机关|部门|机构|政府")
PUBLIC = re.compile(r"个人|公民|经营者|企业|当事人|法人|组织|申请人|相对人|从业")


def narrowing(original: str, changed: str) -> bool:
    """The change made the administration's own "可以" an "应当"."""
    i = original.find("可以")
    if i < 0 or changed != original[:i] + "应当" + original[i + 2 :]:
        return False
    clause = re.split(r"[，,：:]", original[:i])[-1]
    return bool(ADMINISTRATION.search(clause)) and not PUBLIC.search(clause)


def mutate(sentence: str, rng: random.Random) -> str | None:
    from filings.parsing import chinese_to_int

    choices = []
    if m := NUMBER_RE.search(sentence):
        try:
            value = chinese_to_int(m.group(1))
        except ValueError:
            value = None
        # Out of the higher clause's range: a floor (…以上) halved, a ceiling or an exact amount doubled.
        changed = (value // 2 if m.group(2) else value * 2) if value else 0
        if changed:
            choices.append(sentence[: m.start()] + str(changed) + sentence[m.end() :])
    for modal, other in MODAL_SWAP.items():
        if modal in sentence:
            i = sentence.index(modal)
            choices.append(sentence[:i] + other + sentence[i + len(modal) :])
            break
    return rng.choice(choices) if choices else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--cases", type=int, default=300)
    options = parser.parse_args()
    start_django("clauses-bench-")
    from filings.models import Document, Level
    from search import checks, clauses, services

    records = import_corpus(Path(options.corpus))
    services.declarations_refresh()
    rng = random.Random(20261124)
    chain_of = dict(Document.objects.values_list("external_id", "chain_key"))
    chains: dict[str, set[str]] = {}
    for external_id, chain in chain_of.items():
        chains.setdefault(chain, set()).add(external_id)

    sources = [r for r in records if r["id"].startswith("flk-") and r["level"] in ("法律", "行政法规")]
    penalty_articles, closing_articles, sentences = [], [], []
    for r in sources:
        for chapter, body in articles_by_chapter(r["text"]):
            if "法律责任" in chapter and PENALTIES.search(body) and not SOURCE_NAMED.search(body):
                if not OFFICIALS.search(body):
                    penalty_articles.append(body)
            elif chapter == "附则" and CLOSING.search(body):
                closing_articles.append(body)
            for s in clauses.sentences(body):
                if 20 <= len(s) <= 150 and "《" not in s and (NUMBER_RE.search(s) or any(m in s for m in MODAL_SWAP)):
                    sentences.append((r, s))

    def subject(text, level=Level.NORMATIVE_DOCUMENT, n=[0]):  # noqa: B006 - a counter for unique ids
        n[0] += 1
        return checks.Subject(doc_id=f"case-{n[0]}", title=f"某市有关事项管理办法（样例{n[0]}）", issuer="某市人民政府",
                              level=level, promulgated=datetime.date(2025, 10, 1), effective=datetime.date(2025, 11, 1),
                              text=text)  # fmt: skip

    def document(*articles):
        lines = ["某市有关事项管理办法", *(f"第{i}条　{a}" for i, a in enumerate(articles, 1))]
        return "\n".join(lines)

    tally = {k: Counter() for k in ("unlawful_content", "higher_law_conflict")}
    timings = []

    def run(kind, s, expected, target_chain=None):
        t = time.perf_counter()
        found = [f for f in checks.check(s, today=AS_OF).findings if f.kind == kind]
        timings.append((time.perf_counter() - t) * 1000)
        hit = bool(found)
        if hit and target_chain is not None:
            hit = any(t in chains.get(target_chain, ()) for f in found for t in f.target_ids)
        tally[kind][(expected, bool(found) if not expected else hit)] += 1

    opening = "为了加强管理，结合本市实际，制定本办法。"
    for body in rng.sample(penalty_articles, min(options.cases, len(penalty_articles))):
        run("unlawful_content", subject(document(opening, body)), True)
        run("unlawful_content", subject(document(opening, body), level=Level.LAW), False)
    for body in rng.sample(closing_articles, min(options.cases, len(closing_articles))):
        run("unlawful_content", subject(document(opening, body)), False)

    made = narrowed = 0
    for r, sentence in rng.sample(sentences, len(sentences)):
        if made >= options.cases:
            break
        changed = mutate(sentence, rng)
        if changed is None:
            continue
        made += 1
        basis = f"根据《{r['title']}》，结合本市实际，制定本办法。"
        if narrowing(sentence, changed):
            narrowed += 1
            run("higher_law_conflict", subject(document(basis, changed)), False)
            continue
        run("higher_law_conflict", subject(document(basis, changed)), True, chain_of[r["id"]])
        run("higher_law_conflict", subject(document(basis, sentence)), False)
        run("higher_law_conflict", subject(document(opening, changed)), False)

    print(f"cases from {len(penalty_articles)} penalty articles, {len(closing_articles)} 附则 articles, "
          f"{len(sentences)} sentences with amounts or modals; {narrowed} of the changed ones narrow the "
          "administration's own 可以 to 应当 (negatives)")  # fmt: skip
    print_tally(tally, 20)
    print(f"per case p50 {percentile(timings, 50):.1f} ms, p95 {percentile(timings, 95):.1f} ms")

    levels = dict(Document.objects.values_list("external_id", "level"))
    pks = dict(Document.objects.values_list("external_id", "pk"))
    real = Counter()
    for r in records:
        s = subject_of(r, levels[r["id"]], pks[r["id"]])
        for kind in {f.kind for f in checks.check(s, today=AS_OF).findings}:
            real[(r["level"], kind)] += 1
    for kind in tally:
        counts = ", ".join(f"{level} {n}" for (level, k), n in sorted(real.items()) if k == kind)
        print(f"corpus documents with {kind}: {counts or 'none'}")


if __name__ == "__main__":
    main()
