"""Shared by the benchmarks: Django on a temporary SQLite database that holds the corpus."""

import atexit
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "laws.jsonl"
sys.path.insert(0, str(ROOT))


def start_django(prefix: str, postgres: str = "") -> Path:
    """Configure Django on a new temporary database and index folder; returns the folder.

    postgres: a server's URL (postgres://user@host:port): the database is a new one made there (and
    dropped at exit), and search runs on the PostgreSQL backend."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ.update(DEBUG="1", DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3", SEARCH_INDEX_DIR=str(tmp / "index"))
    if postgres:
        name = f"bench_{os.getpid()}"
        _postgres(postgres, f"CREATE DATABASE {name}")
        atexit.register(_postgres, postgres, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        os.environ.update(DATABASE_URL=f"{postgres.rstrip('/')}/{name}", SEARCH_BACKEND="postgres")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return tmp


def _postgres(server: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def import_corpus(path: Path) -> list[dict]:
    """Import the corpus with the index hooks off (each benchmark builds what it measures) and return its records."""
    from filings import signals
    from filings.services import documents_import, jsonl_lines

    signals.documents_changed.receivers = []
    documents_import(lines=jsonl_lines(path))
    with open(path, encoding="utf-8") as corpus:
        return [json.loads(line) for line in corpus]


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def print_tally(tally: dict, width: int) -> None:
    """Recall and precision per kind from {kind: Counter((expected, found) -> n)}."""
    for kind, c in tally.items():
        tp, fn, fp, tn = c[(True, True)], c[(True, False)], c[(False, True)], c[(False, False)]
        recall = f"recall {100 * tp / max(1, tp + fn):.1f}% ({tp}/{tp + fn})"
        precision = f"precision {100 * tp / max(1, tp + fp):.1f}% ({tp}/{tp + fp})"
        print(f"{kind:<{width}} {recall}  {precision}  negatives reported {fp}/{fp + tn}")


def subject_of(record: dict, level: str, pk: int | None):
    """A corpus record as the checks' subject (its status ignored), with its register level and row."""
    import datetime

    from search.checks import Subject

    def day(value):
        return datetime.date.fromisoformat(value) if value else None

    return Subject(doc_id=record["id"], title=record["title"], issuer=record["issuer"] or "", level=level,
                   promulgated=day(record["promulgated"]), effective=day(record["effective"]), text=record["text"],
                   pk=pk)  # fmt: skip
