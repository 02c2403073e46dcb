"""Benchmark: import the corpus into a new database; prints wall time and peak memory.

    .venv/bin/python bench/import_corpus.py [../shared/corpus/laws.jsonl] [--database-url URL]

Runs migrate + import_documents twice (the second run finds everything unchanged) in child processes,
so the figures include Django start-up, as a user would see them.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "laws.jsonl"))
    parser.add_argument("--database-url", default="")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = options.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        env = {**os.environ, "DEBUG": "1", "DATABASE_URL": url}
        run(["migrate", "-v0"], env)
        size_mb = Path(options.file).stat().st_size / 1e6
        first = run(["import_documents", options.file], env)
        again = run(["import_documents", options.file], env)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"file            {options.file} ({size_mb:.1f} MB)")
    print(f"first import    {first:.1f} s ({size_mb / first:.2f} MB/s)")
    print(f"repeat import   {again:.1f} s (unchanged records skipped)")
    print(f"peak memory     {peak_mb:.0f} MB (largest child process)")


if __name__ == "__main__":
    main()
