"""Make a register of N documents on PostgreSQL for the load benchmark at scale.

    .venv/bin/python bench/scale_register.py --database postgres://postgres@127.0.0.1:5432/load100k
        [--documents 100000] [--search postgres|whoosh]

1. Creates the database (it must not exist yet) and sets it up as `make setup` does: the schema, the
   cache table, the starter register, the demo accounts and experts.
2. Copies the starter's published documents, in turn, until the register holds N: one INSERT … SELECT
   in the database. Each copy keeps its original's text and particulars; its title gets "（副本n）" so that
   titles stay distinct, and it has no 文号, no 登记编号 and no external id (those are unique). Its
   articles, citations and history are not copied: the pages the load benchmark walks list documents,
   open 民法典's own page and search; they do not open a copy.
3. Builds the search index (`rebuild_search_index`) for the backend given.

Then serve it and load it, e.g.:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/load100k SEARCH_BACKEND=postgres \\
        SECRET_KEY=… BIND=127.0.0.1:8301 ALLOWED_HOSTS=127.0.0.1 make serve
    .venv/bin/python bench/load_bench.py --url http://127.0.0.1:8301 --users 1,10 --seconds 30

Drop the database afterwards (DROP DATABASE load100k).
"""

import argparse
import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("issuer, level, stage, promulgated, effective, expires, status, status_basis, source, text, "
           "content_hash, created_at, updated_at, drafting_unit_id, issuer_unit_id, locally_edited, origin, "
           "gazette_issue, signatory")  # fmt: skip


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True, help="postgres://user@host:port/name (a new database)")
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--search", choices=("postgres", "whoosh"), default="postgres")
    options = parser.parse_args()

    import psycopg

    url = urllib.parse.urlsplit(options.database)
    name = url.path.lstrip("/")
    with psycopg.connect(options.database.rsplit("/", 1)[0] + "/postgres", autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')  # fails if it exists: nothing of someone's is touched
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": options.database, "SEARCH_BACKEND": options.search,
           "SEARCH_INDEX_DIR": str(ROOT / "var" / f"search-index-{name}")}  # fmt: skip

    began = time.perf_counter()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    manage(env, "import_documents", "starter/higher-law.jsonl.gz")
    manage(env, "load_demo_accounts")
    manage(env, "load_demo_experts")
    print(f"set up as make setup does: {time.perf_counter() - began:.0f} s")

    began = time.perf_counter()
    with psycopg.connect(options.database) as db:
        have = db.execute("SELECT count(*) FROM filings_document").fetchone()[0]
        originals = db.execute("SELECT count(*) FROM filings_document WHERE stage = 'published'").fetchone()[0]
        wanted = max(0, options.documents - have)
        copied = ", ".join("d." + c.strip() for c in COLUMNS.split(","))
        # The n-th copy of each original, n = 1, 2, …; ordered so that every original is copied once
        # before any is copied twice.
        db.execute(
            f"""INSERT INTO filings_document (title, title_key, chain_key, doc_number, {COLUMNS})
                SELECT d.title || '（副本' || n || '）', d.title_key || '（副本' || n || '）',
                       d.chain_key || '（副本' || n || '）', '', {copied}
                FROM generate_series(1, %(rounds)s) AS n CROSS JOIN filings_document AS d
                WHERE d.stage = 'published'
                ORDER BY n, d.id
                LIMIT %(wanted)s""",
            {"rounds": wanted // max(1, originals) + 1, "wanted": wanted},
        )
        total = db.execute("SELECT count(*) FROM filings_document").fetchone()[0]
        db.execute("ANALYZE filings_document")
    print(f"copied {total - have} documents ({have} before, {total} now): {time.perf_counter() - began:.0f} s")

    began = time.perf_counter()
    manage(env, "rebuild_search_index")
    print(f"search index ({options.search}) rebuilt: {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
