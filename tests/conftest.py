import gzip
import importlib
import json
from pathlib import Path

import pytest

from accounts.roles import Role

from .factories import UnitFactory, UserFactory

STARTER = Path(__file__).resolve().parent.parent / "starter" / "higher-law.jsonl.gz"


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    if settings.SEARCH_BACKEND != "whoosh":
        skip = pytest.mark.skip(reason=f"about the whoosh backend's folder; SEARCH_BACKEND={settings.SEARCH_BACKEND}")
        for item in items:
            if "whoosh" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def search_index_dir(settings, tmp_path):
    """Every test gets its own empty search index folder."""
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    return settings.SEARCH_INDEX_DIR


@pytest.fixture(autouse=True)
def media_dir(settings, tmp_path):
    """Uploaded files (scans, materials) go to the test's own folder, not the developer's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def dispatcher_lock_file(settings, tmp_path):
    """A dispatcher of the developer's `make run` in this checkout must not make a test's sweep skip."""
    settings.DISPATCHER_LOCK_FILE = tmp_path / "dispatcher.lock"


def roles_restore() -> None:
    """Recreate the role groups the data migrations made (a transactional test's flush removes them)."""
    from django.contrib.auth.models import Group, Permission

    from accounts.roles import ROLE_PERMISSIONS

    granted_by_migrations = [
        (app, getattr(importlib.import_module(f"{app}.migrations.{name}"), grants))
        for app, name, grants in (
            ("review", "0002_role_permissions", "ROLE_PERMISSIONS"),
            ("cleanup", "0002_role_permissions", "ROLE_PERMISSIONS"),
            ("filings", "0006_role_permissions", "ROLE_PERMISSIONS"),
            ("jurisdictions", "0003_role_permissions", "ROLE_PERMISSIONS"),
            ("review", "0010_filing_review_to_its_end", "DECIDERS"),
            ("cleanup", "0006_legal_review_and_orders", "REVIEWERS"),
        )
    ]  # fmt: skip
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        for app_label, codename in ROLE_PERMISSIONS.get(role, []):
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        for app, roles in granted_by_migrations:
            codenames = roles.get(role.value, [])
            group.permissions.add(*Permission.objects.filter(content_type__app_label=app, codename__in=codenames))


@pytest.fixture(autouse=True)
def _roles_in_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        roles_restore()


@pytest.fixture
def unit():
    return UnitFactory(name="市市场监督管理局", doc_number_prefix="市监规")


@pytest.fixture
def other_unit():
    return UnitFactory(name="市交通运输局", doc_number_prefix="市交规")


@pytest.fixture
def drafter(unit):
    return UserFactory(username="drafter", unit=unit, role=Role.DRAFTER)


@pytest.fixture
def other_drafter(other_unit):
    return UserFactory(username="drafter2", unit=other_unit, role=Role.DRAFTER)


@pytest.fixture
def reviewer():
    return UserFactory(username="reviewer", unit=UnitFactory(name="市司法局"), role=Role.LEGALITY_REVIEWER)


@pytest.fixture
def archivist():
    return UserFactory(username="archivist", unit=UnitFactory(name="市政府办公室"), role=Role.ARCHIVIST, is_staff=True)


@pytest.fixture
def starter_records():
    """Look up real records of the shipped starter data by title: {title: [records, oldest first]}."""

    def find(*titles: str) -> dict[str, list[dict]]:
        wanted = set(titles)
        found: dict[str, list[dict]] = {t: [] for t in titles}
        with gzip.open(STARTER, "rt", encoding="utf-8") as stream:
            for line in stream:
                record = json.loads(line)
                if record["title"] in wanted:
                    found[record["title"]].append(record)
        for versions in found.values():
            versions.sort(key=lambda r: r["promulgated"] or "")
        return found

    return find


def write_jsonl(path: Path, records: list) -> Path:
    """Write records (dicts, or raw strings for broken lines) as JSONL."""
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write((record if isinstance(record, str) else json.dumps(record, ensure_ascii=False)) + "\n")
    return path
