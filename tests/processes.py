"""Another instance of the app in a process of its own (a second platform, another server): manage.py with
the environment given on top of this one's."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage_py(*args: str, env: dict, timeout: int = 300) -> subprocess.CompletedProcess:
    if env.get("DATABASE_URL", "").startswith("sqlite"):
        env = {"SEARCH_BACKEND": "whoosh", **env}  # the PostgreSQL backend of this run cannot serve SQLite
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**os.environ, "DEBUG": "1", **env},
                          capture_output=True, text=True, timeout=timeout)  # fmt: skip
