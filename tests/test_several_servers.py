"""Several application servers share what must be shared: the API's throttle counts and the sessions live in
Redis (CACHE_URL) or the database, not in one process's memory. The "other server" is a second process."""

import socket
import uuid
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import cache_from_url
from tests.processes import manage_py

REDIS = "redis://127.0.0.1:6379/15"


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not _redis_up(), reason="Redis at 127.0.0.1:6379 is not running")


def test_cache_url_chooses_the_backend():
    assert cache_from_url("locmem://")["BACKEND"].endswith("LocMemCache")
    assert cache_from_url(REDIS) == {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS,
                                     "KEY_PREFIX": "guifan"}  # fmt: skip
    assert cache_from_url("db://cache_table")["LOCATION"] == "cache_table"
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url("memcached://x")


@pytest.fixture
def shared_cache(settings):
    """This process and the other server use one Redis database, under a prefix of this test's own."""
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {**cache_from_url(REDIS), "KEY_PREFIX": prefix}}
    yield prefix
    from django.core.cache import cache

    cache.clear()  # (database 15 is the tests' own)


def other_server(prefix: str, tmp_path: Path, code: str, **env) -> str:
    environment = {"CACHE_URL": REDIS, "CACHE_KEY_PREFIX": prefix, "ALLOWED_HOSTS": "testserver",
                   "DATABASE_URL": f"sqlite:///{tmp_path / 'other.sqlite3'}", **env}  # fmt: skip
    done = manage_py("shell", "-v", "0", "-c", code, env=environment, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@needs_redis
@pytest.mark.django_db
def test_the_api_throttle_counts_calls_to_every_server(client, settings, shared_cache, tmp_path):
    settings.API_THROTTLE = {**settings.API_THROTTLE, "anon": "3/minute"}
    for _ in range(3):
        assert client.get("/api/v1/review-requests/status/", {"code": "X"}).status_code != 429
    # The same address's fourth call goes to another server: refused there too.
    code = ("from django.test import Client; "
            "print(Client().get('/api/v1/review-requests/status/', {'code': 'X'}).status_code)")  # fmt: skip
    assert other_server(shared_cache, tmp_path, code, API_THROTTLE_ANON="3/minute") == "429"


@needs_redis
@pytest.mark.django_db
def test_a_session_begun_on_one_server_is_known_to_the_other(client, settings, shared_cache, tmp_path):
    from tests.factories import UserFactory

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    user = UserFactory(username="archivist-on-two-servers")
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    code = ("from django.contrib.sessions.backends.cache import SessionStore; "
            f"print(SessionStore('{key}').get('_auth_user_id'))")  # fmt: skip
    assert other_server(shared_cache, tmp_path, code) == str(user.pk)
