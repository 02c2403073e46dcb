"""Benchmark: quality and speed of the conflict and cleanup checks on the corpus.

    .venv/bin/python bench/checks_bench.py [--corpus ../shared/corpus/laws.jsonl]

The corpus is imported into a temporary database and every document is checked against the rest of
the register, as of 2025-12-23 (the date of the flk status snapshot). Labels come mechanically from
flk's own 时效性 field, which the checks never read for the document under test:
- status: flk 有效 / 已修改 / 已废止 / 尚未生效 against the inferred status (flk documents only);
- repealed_by: expected exactly for flk documents marked 已废止;
- superseded_by: expected exactly for flk documents marked 已修改;
- cites_repealed: a (document, cited title) pair is expected when the cited title resolves to a flk
  chain whose latest version is marked 已废止; pairs whose cited title has no flk status are left out
  of both recall and precision, and so are the document's own repeal and amendment declarations
  ("《X》同时废止" in the act that repeals X), which the issue says are not findings.
- cites_amended: for the same pairs whose cited chain is not repealed, expected when flk holds a version
  of the cited title whose text is dated after the citing document's own text and one dated on or before
  it (promulgation dates, the effective date where none: dates from the flk records, not from the
  register's chains).
Status misses are also counted where flk's snapshot is older than its own dates (尚未生效 for a text
whose effective date had passed by the snapshot's date).
Article level: every cites_amended citation that names its article is compared at the article
(search/article_diff.py); the benchmark counts unchanged / changed / renumbered / deleted and prints a
fixed sample of the renumbered ones (old and new text side by side) to check by hand.
fair_competition has no label either; it is reported as a count with its documents: the corpus's laws,
regulations and rules are where a false finding would show.
past_validity has no independent label in the corpus (flk has no 失效 documents) and is not scored here.
A repeal can only be found when the repealing act is in the corpus: the benchmark also reports how
many flk-repealed documents are not mentioned by any other corpus document at all.
"""

import argparse
import datetime
import time
from collections import Counter
from pathlib import Path

from corpus_db import DEFAULT_CORPUS, import_corpus, percentile, start_django, subject_of

AS_OF = datetime.date(2025, 12, 23)
# Kinds the corpus has no labels for: counted per level, where a false finding on real law would show.
UNLABELLED = {"added_requirement", "issuer_capacity", "same_level_inconsistency"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--scale", type=int, default=0, help="grow the register to this many documents, then "
                        "time one-document scans against it (quality figures are for the corpus only)")  # fmt: skip
    options = parser.parse_args()
    start_django("checks-bench-")
    from filings.models import Document, Status
    from filings.parsing import parse_citations, title_key
    from search import checks, services
    from search.declarations import declarations

    records = import_corpus(Path(options.corpus))
    services.declarations_refresh()
    if options.scale:
        return scaled(records, options.scale)
    pks = dict(Document.objects.values_list("external_id", "pk"))
    levels = dict(Document.objects.values_list("external_id", "level"))
    flk_status = {r["id"]: r["status"] for r in records if r["status"]}
    chain_latest_status = {}  # title key -> flk status of its latest version
    for d in Document.objects.exclude(status="").order_by("promulgated").values("title_key", "status"):
        chain_latest_status[d["title_key"]] = d["status"]

    flk_chains: dict[str, list[datetime.date]] = {}  # title key -> start dates of its flk versions
    for r in records:
        start = _date(r["promulgated"]) or _date(r["effective"])
        if r["status"] and start and r["level"] not in ("有关法律问题和重大问题的决定", "修改、废止的决定"):
            flk_chains.setdefault(title_key(r["title"]), []).append(start)

    confusion, stale = Counter(), []
    unlabelled = {kind: Counter() for kind in sorted(UNLABELLED)}
    article_level, moved = Counter(), []
    repealed_found = set()
    kinds = {k: Counter() for k in ("repealed_by", "superseded_by", "cites_repealed", "cites_amended")}
    timings, competition = [], []
    started = time.perf_counter()
    for r in records:
        subject = subject_of(r, levels[r["id"]], pks[r["id"]])
        t = time.perf_counter()
        result = checks.check(subject, today=AS_OF)
        timings.append((time.perf_counter() - t) * 1000)
        found = {f.kind for f in result.findings}
        competition += [(r["title"], f.evidence) for f in result.findings if f.kind == "fair_competition"]
        for kind in {f.kind for f in result.findings} & UNLABELLED:
            unlabelled[kind][r["level"]] += 1
        for f in result.findings:
            if f.kind.startswith("cited_article_"):
                article_level[f.kind.removeprefix("cited_article_")] += 1
                if f.kind == "cited_article_renumbered" or "现为" in f.evidence:
                    moved.append((f.cited_title, f.evidence.split(" ↔ ")[-1]))
        if "repealed_by" in found:
            repealed_found.add(r["id"])
        if r["id"] in flk_status:
            truth = flk_status[r["id"]]
            confusion[(truth, Status(result.status).label)] += 1
            if truth == "尚未生效" and r["effective"] and _date(r["effective"]) <= AS_OF:
                stale.append(f"{r['title']}（{r['effective']}起施行）→ {Status(result.status).label}")
            for kind, label in (("repealed_by", "已废止"), ("superseded_by", "已修改")):
                expected, predicted = truth == label, kind in found
                kinds[kind][(expected, predicted)] += 1
        predicted_pairs = {f.cited_title for f in result.findings if f.kind == "cites_repealed"}
        # The article-level kinds refine cites_amended: each says the cited law was amended, and what of the article.
        amended_pairs = {f.cited_title for f in result.findings
                         if f.kind == "cites_amended" or f.kind.startswith("cited_article_")}  # fmt: skip
        own = {d.title_key for d in declarations(r["title"], r["text"])}
        on = subject.dated
        for c in parse_citations(r["text"], r["title"]):
            status = chain_latest_status.get(c.title_key)
            if status is None or c.title_key in own or r["text"][max(0, c.position - 1)] == "原":
                continue
            kinds["cites_repealed"][(status == Status.REPEALED, c.cited_title in predicted_pairs)] += 1
            starts = flk_chains.get(c.title_key, [])
            if status != Status.REPEALED and on and starts:
                expected = any(d > on for d in starts) and any(d <= on for d in starts)
                kinds["cites_amended"][(expected, c.cited_title in amended_pairs)] += 1
    total = time.perf_counter() - started
    print(f"fair_competition findings on the corpus: {len(competition)}")
    for title, evidence in competition[:20]:
        print(f"           《{title}》{evidence[:80]}")
    for kind, levels in unlabelled.items():
        counts = ", ".join(f"{level} {n}" for level, n in levels.most_common()) or "none"
        print(f"corpus documents with {kind} (no labels; kinds_bench.py measures them): {counts}")

    print(
        "article level (citations of amended laws naming their article): "
        + ", ".join(f"{k} {article_level[k]}" for k in ("unchanged", "changed", "renumbered", "deleted"))
    )
    distinct = sorted(set(moved))
    print(f"           moved to another number: {len(moved)} ({len(distinct)} distinct articles); "
          f"a fixed sample to check by hand, each with the start of the article it was paired with:")  # fmt: skip
    for cited, evidence in distinct[:: max(1, len(distinct) // 20)][:20]:
        head, _, now = evidence.partition("现行：")
        if not now:  # unchanged text: the evidence has no texts, the register has them
            now = "（同原文）"
        print(f"           《{cited}》{head.split('原文：')[0][:40]}　现行：{now[:40]}")
    print(f"checked  {len(records)} documents in {total:.1f} s; per document p50 {percentile(timings, 50):.1f} ms,"
          f" p95 {percentile(timings, 95):.1f} ms, max {max(timings):.0f} ms")  # fmt: skip
    right = sum(n for (truth, got), n in confusion.items() if truth == got)
    print(f"status   accuracy {right}/{sum(confusion.values())} = {100 * right / sum(confusion.values()):.1f}% (flk)")
    for (truth, got), n in sorted(confusion.items(), key=lambda x: -x[1]):
        print(f"           flk {truth} → inferred {got}: {n}")
    print(f"           of the misses, flk 尚未生效 though in force by {AS_OF} (flk's snapshot older than its dates): "
          f"{sum(1 for s in stale if not s.endswith('尚未生效'))}")  # fmt: skip
    repealed = [r for r in records if r["status"] == "已废止"]
    mentioned = {
        r["id"] for r in repealed
        if any(title_key(r["title"]) in title_key(o["text"]) for o in records if o["id"] != r["id"])
    }  # fmt: skip
    found_repealed = {r["id"] for r in repealed if r["id"] in repealed_found}
    never = len(repealed) - len(mentioned)
    print(f"repealed_by among flk-repealed documents another corpus document mentions at all: "
          f"{len(found_repealed & mentioned)}/{len(mentioned)}; never mentioned elsewhere: {never}")  # fmt: skip
    for kind, c in kinds.items():
        tp, fn, fp = c[(True, True)], c[(True, False)], c[(False, True)]
        recall = tp / (tp + fn) if tp + fn else float("nan")
        precision = tp / (tp + fp) if tp + fp else float("nan")
        print(
            f"{kind:<15} recall {100 * recall:.1f}% ({tp}/{tp + fn})  precision {100 * precision:.1f}% ({tp}/{tp + fp})"
        )


def scaled(records, size, sample=500):
    """Grow the register to `size` documents by resampling the corpus (each copy a distinct title, with the
    original's text, level, dates and what it declares repealed or amended), then check `sample` corpus
    documents against it, one at a time, as scan_documents does."""
    import random
    import resource

    from django.db import connection

    from filings.models import Document
    from filings.parsing import title_key
    from search import checks
    from search.models import Declaration

    rng = random.Random(100000)
    originals = list(Document.objects.values("pk", "title", "issuer", "level", "status", "promulgated",
                                             "effective", "content_hash"))  # fmt: skip
    declared: dict[int, list] = {}
    for d in Declaration.objects.values("document_id", "kind", "cited_title", "title_key", "evidence"):
        declared.setdefault(d.pop("document_id"), []).append(d)
    texts = dict(Document.objects.values_list("pk", "text"))
    started, n = time.perf_counter(), 0
    while Document.objects.count() < size:
        batch = []
        for _ in range(min(1000, size - Document.objects.count())):
            o = rng.choice(originals)
            n += 1
            title = f"{o['title']}（样本{n}）"
            batch.append((o["pk"], Document(
                title=title, issuer=o["issuer"], level=o["level"], status=o["status"], promulgated=o["promulgated"],
                effective=o["effective"], text=texts[o["pk"]], title_key=title_key(title),
                chain_key=f"{title_key(title)}|{o['issuer']}", content_hash=o["content_hash"],
            )))  # fmt: skip
        created = Document.objects.bulk_create([d for _, d in batch], batch_size=500)
        Declaration.objects.bulk_create(
            [Declaration(document_id=d.pk, **row) for (source, _), d in zip(batch, created, strict=True)
             for row in declared.get(source, [])], batch_size=1000,
        )  # fmt: skip
    grown = time.perf_counter() - started
    print(f"register grown to {Document.objects.count()} documents in {grown:.0f} s "
          f"(database {_db_mb(connection):.0f} MB)")  # fmt: skip

    pks = dict(Document.objects.filter(external_id__isnull=False).values_list("external_id", "pk"))
    levels = dict(Document.objects.filter(external_id__isnull=False).values_list("external_id", "level"))
    timings = []
    for r in rng.sample(records, min(sample, len(records))):
        subject = subject_of(r, levels[r["id"]], pks[r["id"]])
        t = time.perf_counter()
        checks.check(subject, today=AS_OF)
        timings.append((time.perf_counter() - t) * 1000)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"one document against {Document.objects.count()}: p50 {percentile(timings, 50):.1f} ms, "
          f"p95 {percentile(timings, 95):.1f} ms, max {max(timings):.0f} ms over {len(timings)} corpus documents; "
          f"peak memory {peak:.0f} MB")  # fmt: skip


def _db_mb(connection) -> float:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        return pages * cursor.fetchone()[0] / 1e6


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


if __name__ == "__main__":
    main()
