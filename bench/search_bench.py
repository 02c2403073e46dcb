"""Benchmark: search index build speed, recall and latency against SQLite FTS5, and scale.

    .venv/bin/python bench/search_bench.py [--corpus ../shared/corpus/laws.jsonl] [--scale 100000]
        [--postgres postgres://postgres@127.0.0.1:5432]

1. Imports the corpus into a temporary database and times a full rebuild of the index from it: SQLite and
   the whoosh backend, or with --postgres a new database on that server and the PostgreSQL backend.
2. Samples queries from the corpus itself (seeded): exact titles, 文号, and 8–20 character clauses of
   bodies. The expected ids of each come from a plain substring scan of the corpus: every document with
   that title; the document with that 文号 plus every document whose text contains it; every document
   containing the clause. Queries with more than 10 expected documents are skipped (they cannot all
   be in a top 10). Recall = share of queries whose expected documents are all in the top 10.
   And 200 keyword queries: 2–3 words of a sampled title in shuffled order (keyword_queries says how);
   a hit is a document with that title in the top 10 (hit@10).
3. Runs the same queries through the project's search (in-process, warm, no facet counts, as typed:
   the keyword queries go to the words search because their text occurs nowhere) and through SQLite
   FTS5, in the same run: the trigram tokenizer for titles, 文号 and clauses (a phrase query over title
   and body, ORDER BY rank LIMIT 10), and for keywords the same text segmented by jieba (unicode61, every
   word required, bm25 with the title weighted 3); prints p50/p95 of each, per kind. Then the keyword
   queries once more after 200 other keyword queries (keywords_after_others says why).
4. With --scale N: builds an index of N documents resampled from the corpus (each copy a new id) and
   reports build time, index size, peak memory and p50/p95 of title, clause and keyword queries.
"""

import argparse
import gc
import random
import resource
import shutil
import sqlite3
import statistics
import time
from pathlib import Path

from corpus_db import DEFAULT_CORPUS, import_corpus, percentile, start_django


def sample_queries(records, rng, n_titles=100, n_numbers=100, n_phrases=200):
    by_title, texts = {}, [(r["id"], r["text"]) for r in records]
    for r in records:
        by_title.setdefault(r["title"], set()).add(r["id"])
    queries = []
    for title in rng.sample(sorted(by_title), n_titles):
        if len(by_title[title]) <= 10:
            queries.append(("title", title, by_title[title]))
    numbered = [r for r in records if r["doc_number"]]
    for r in rng.sample(numbered, min(n_numbers, len(numbered))):
        number = r["doc_number"]
        expected = {r2["id"] for r2 in records if r2["doc_number"] == number} | {i for i, t in texts if number in t}
        if len(expected) <= 10:
            queries.append(("doc_number", number, expected))
    while sum(1 for q in queries if q[0] == "phrase") < n_phrases:
        r = rng.choice(records)
        length = rng.randint(8, 20)
        if len(r["text"]) <= length:
            continue
        start = rng.randrange(0, len(r["text"]) - length)
        clause = r["text"][start : start + length].strip()
        if "\n" in clause or len(clause) < 8:
            continue
        expected = {i for i, t in texts if clause in t}
        if len(expected) <= 10:
            queries.append(("phrase", clause, expected))
    return queries


def keyword_queries(records, rng, tokenizer, n=200):
    """2–3 words of a sampled title, shuffled: jieba's precise segmentation of the title with jieba's own
    dictionary (a Tokenizer of its own: the register's titles, taught to the project's jieba, would give
    the title back as one word), words of two or more characters, 中华人民共和国 left out. A hit is a
    document with that title in the top 10."""
    by_title = {}
    for r in records:
        by_title.setdefault(r["title"], set()).add(r["id"])
    queries = []
    for title in rng.sample(sorted(by_title), len(by_title)):
        words = list(dict.fromkeys(w for w in tokenizer.cut(title, HMM=False) if len(w) >= 2 and w != "中华人民共和国"))
        if len(words) < 2:
            continue
        chosen = rng.sample(words, min(len(words), rng.choice((2, 3))))
        queries.append(("keywords", " ".join(chosen), by_title[title]))
        if len(queries) == n:
            break
    return queries


def fts5_words_build(records, tokenizer):
    """FTS5 over the same text segmented by jieba (unicode61 on the words), title and body columns."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE words USING fts5(ext UNINDEXED, title, body, tokenize='unicode61')")
    started = time.perf_counter()
    rows = [(r["id"], " ".join(tokenizer.cut(r["title"], HMM=False)), " ".join(tokenizer.cut(r["text"], HMM=False)))
            for r in records]  # fmt: skip
    segmented = time.perf_counter()
    db.executemany("INSERT INTO words(ext, title, body) VALUES (?, ?, ?)", rows)
    db.commit()
    return db, segmented - started, time.perf_counter() - segmented


def fts5_words_query(db, text):
    """Every word (AND), ranked by bm25 with the title weighted 3 (as the project weighs it)."""
    match = " AND ".join('"' + w.replace('"', '""') + '"' for w in text.split())
    sql = "SELECT ext FROM words WHERE words MATCH ? ORDER BY bm25(words, 0.0, 3.0, 1.0) LIMIT 10"
    try:
        return [row[0] for row in db.execute(sql, (match,))]
    except sqlite3.OperationalError:
        return []


def fts5_build(records):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(ext UNINDEXED, title, body, tokenize='trigram')")
    started = time.perf_counter()
    db.executemany("INSERT INTO docs(ext, title, body) VALUES (?, ?, ?)",
                   ((r["id"], r["title"], r["text"]) for r in records))  # fmt: skip
    db.commit()
    return db, time.perf_counter() - started


def fts5_query(db, text):
    phrase = '"' + text.replace('"', '""') + '"'
    try:
        return [
            row[0] for row in db.execute("SELECT ext FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10", (phrase,))
        ]
    except sqlite3.OperationalError:
        return []


def run_queries(queries, search):
    stats = {}
    latencies = []
    for kind, text, expected in queries:
        started = time.perf_counter()
        found = search(kind, text)
        latencies.append((time.perf_counter() - started) * 1000)
        # A keyword query names one title among the many sharing its words: one of its documents must be there.
        ok = bool(expected & set(found[:10])) if kind == "keywords" else expected <= set(found[:10])
        s = stats.setdefault(kind, [0, 0])
        s[0] += ok
        s[1] += 1
    return stats, latencies


def report(name, stats, latencies):
    recall = "  ".join(f"{k} {ok}/{n} ({100 * ok / n:.1f}%)" for k, (ok, n) in sorted(stats.items()))
    print(f"{name:<8} recall: {recall}")
    print(f"{name:<8} latency: p50 {percentile(latencies, 50):.2f} ms  p95 {percentile(latencies, 95):.2f} ms"
          f"  mean {statistics.mean(latencies):.2f} ms  max {max(latencies):.2f} ms  (n={len(latencies)})")  # fmt: skip


def keywords_after_others(records, queries, ours, fts5, tokenizer):
    """The keyword queries again, on a server that has answered 200 other keyword queries (sampled the same
    way with another seed, none of them of a measured query's titles): the words search keeps what it
    read of a segment for later queries (a phrase's documents, long posting lists), which the queries
    above met cold, one query's words at a time. FTS5 answers the same queries again beside it."""
    measured = [(k, t, e) for k, t, e in queries if k == "keywords"]
    taken = {i for _, _, e in measured for i in e} | {t for _, t, _ in measured}
    others = [q for q in keyword_queries(records, random.Random(7), tokenizer, n=600) if not (q[2] | {q[1]}) & taken]
    for _, text, _ in others[:200]:
        ours("keywords", text)
    _, lat = run_queries(measured, ours)
    _, flat = run_queries(measured, lambda kind, text: fts5(text))
    print(f"  keywords after {min(200, len(others))} other keyword queries: search p50 {percentile(lat, 50):.2f}"
          f" p95 {percentile(lat, 95):.2f} ms | fts5 p50 {percentile(flat, 50):.2f} p95 {percentile(flat, 95):.2f} ms"
          f" = {percentile(lat, 95) / percentile(flat, 95):.1f}×")  # fmt: skip


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scale", type=int, default=0, help="also build and query N resampled documents")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--postgres", default="", help="a PostgreSQL server (postgres://user@host:port): "
                        "the PostgreSQL search backend, on a new database made there")  # fmt: skip
    options = parser.parse_args()

    tmp = start_django("search-bench-", options.postgres)
    from search import engine, selectors, services

    backend = engine.backend()

    records = import_corpus(Path(options.corpus))  # index hooks off: the rebuild below is measured alone
    text_mb = sum(len(r["text"].encode("utf-8")) for r in records) / 1e6

    started = time.perf_counter()
    count = services.index_rebuild(procs=options.procs)
    build = time.perf_counter() - started
    size = backend.size_bytes() / 1e6
    print(f"backend  {backend.__name__} ({backend.location()})")
    print(f"corpus   {count} documents, {text_mb:.1f} MB of text")
    print(
        f"index    build {build:.1f} s = {text_mb / build:.2f} MB/s"
        f"{f' with {options.procs} processes' if backend.__name__ == 'search.index' else ''}; size {size:.0f} MB"
    )

    db, fts_build = fts5_build(records)
    print(f"fts5     build {fts_build:.1f} s = {text_mb / fts_build:.2f} MB/s (one process, in memory)")

    import jieba

    plain_jieba = jieba.Tokenizer()  # jieba's own dictionary, not the register's titles (keyword_queries)
    words_db, segmenting, words_build = fts5_words_build(records, plain_jieba)
    print(f"fts5     words: jieba segmentation {segmenting:.1f} s, then build {words_build:.1f} s (unicode61)")

    rng = random.Random(options.seed)
    queries = sample_queries(records, rng) + keyword_queries(records, rng, plain_jieba)
    selectors.rank("预热")  # jieba, OpenCC and the searcher load once per process
    gc.collect()
    gc.freeze()  # what each gunicorn worker does after loading them (config/gunicorn.py)

    def ours(kind, text):
        return [h.external_id for h in selectors.rank(text, limit=10, facets=False).hits]

    ours_stats, ours_lat = run_queries(queries, ours)
    fts_stats, fts_lat = run_queries(
        queries, lambda kind, text: fts5_words_query(words_db, text) if kind == "keywords" else fts5_query(db, text)
    )
    report("search", ours_stats, ours_lat)
    report("fts5", fts_stats, fts_lat)
    print(f"ratio    p95 search / p95 fts5 = {percentile(ours_lat, 95) / percentile(fts_lat, 95):.1f}")
    for kind in ("title", "doc_number", "phrase", "keywords"):
        lat = [lat for (k, _, _), lat in zip(queries, ours_lat, strict=True) if k == kind]
        flat = [lat for (k, _, _), lat in zip(queries, fts_lat, strict=True) if k == kind]
        print(f"  {kind:<10} search p50 {percentile(lat, 50):.2f} p95 {percentile(lat, 95):.2f} ms"
              f" | fts5 p50 {percentile(flat, 50):.2f} p95 {percentile(flat, 95):.2f} ms"
              f" = {percentile(lat, 95) / percentile(flat, 95):.1f}×")  # fmt: skip
    keywords_after_others(records, queries, ours, lambda text: fts5_words_query(words_db, text), plain_jieba)
    db.close()
    words_db.close()

    if options.scale:
        scale(options, records, tmp, backend, selectors, plain_jieba)
    if not options.keep:
        shutil.rmtree(tmp, ignore_errors=True)


def scale(options, records, tmp, backend, selectors, plain_jieba):
    from django.conf import settings

    from search.engine import IndexDocument
    from search.services import STATUS_RANK

    rng = random.Random(options.seed)
    level_codes = {"法律": "law", "行政法规": "administrative_regulation"}

    def documents():
        for n in range(options.scale):
            r = records[rng.randrange(len(records))]
            yield IndexDocument(
                pk=n + 1, external_id=f"{r['id']}#{n}", title=r["title"], title_key=r["title"], text=r["text"],
                doc_number=r["doc_number"] or "", level=level_codes.get(r["level"], "other"), status="",
                issuer=r["issuer"] or "", stage="published", unit=None, promulgated=0,
                chain=f"{r['title']}#{n}", status_rank=STATUS_RANK[""],
            )  # fmt: skip

    settings.SEARCH_INDEX_DIR = tmp / "index-scale"
    text_mb = 0.0

    def counted():
        nonlocal text_mb
        for d in documents():
            text_mb += len(d.text.encode("utf-8")) / 1e6
            yield d

    started = time.perf_counter()
    backend.rebuild(counted(), procs=options.procs)
    build = time.perf_counter() - started
    size = backend.size_bytes() / 1e6
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    print(f"scale    {options.scale} documents, {text_mb:.0f} MB of text: build {build:.0f} s "
          f"({text_mb / build:.2f} MB/s), index {size:.0f} MB, peak memory {peak / 1024:.0f} MB")  # fmt: skip
    qrng = random.Random(options.seed + 1)
    queries = []
    for _ in range(200):
        r = qrng.choice(records)
        if qrng.random() < 0.25:
            queries.append(("title", r["title"]))
            continue
        start = qrng.randrange(0, max(1, len(r["text"]) - 20))
        clause = r["text"][start : start + qrng.randint(8, 20)].replace("\n", " ").strip()
        queries.append(("phrase", clause) if clause else ("title", r["title"]))
    queries += [(kind, text) for kind, text, _ in keyword_queries(records, qrng, plain_jieba, n=100)]
    selectors.rank("预热")
    lat: dict[str, list[float]] = {}
    for kind, text in queries:
        started = time.perf_counter()
        selectors.rank(text, limit=10, facets=False)
        lat.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
    every = [ms for values in lat.values() for ms in values]
    print(
        f"scale    latency: p50 {percentile(every, 50):.1f} ms  p95 {percentile(every, 95):.1f} ms (n={len(every)}); "
        + "  ".join(f"{k} p50 {percentile(v, 50):.1f} p95 {percentile(v, 95):.1f}" for k, v in lat.items())
    )


if __name__ == "__main__":
    main()
