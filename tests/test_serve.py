"""`make serve` as an operator runs it: gunicorn, DEBUG off, static files from the app, a working sign-in."""

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Serve-test-password-2026"
# The test run's own database and search backend (these servers use a SQLite file of their own), and what
# the browser tests set for their process.
NOT_DEPLOYED = ("DATABASE_URL", "SEARCH_BACKEND", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")


def _environment(**values) -> dict:
    return {**{k: v for k, v in os.environ.items() if k not in NOT_DEPLOYED}, **values}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    port = _free_port()
    env = _environment(
        DEBUG="0",
        SECRET_KEY="serve-test-" + "k" * 60,
        DATABASE_URL=f"sqlite:///{tmp}/db.sqlite3",
        SEARCH_INDEX_DIR=str(tmp / "index"),
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        BIND=f"127.0.0.1:{port}",
        WEB_WORKERS="2",
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    log = open(tmp / "serve.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(["make", "serve"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if proc.poll() is not None:
                    break
                time.sleep(0.5)
        else:
            pytest.fail("make serve did not answer")
        if proc.poll() is not None:
            pytest.fail("make serve exited:\n" + (tmp / "serve.log").read_text()[-3000:])
        subprocess.run([str(ROOT / ".venv/bin/python"), "manage.py", "createsuperuser", "--noinput",
                        "--username", "operator", "--email", "op@example.org"],
                       cwd=ROOT, env=env, check=True, capture_output=True)  # fmt: skip
        yield base, tmp
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()


def _get(url, opener=None):
    try:
        return (opener or urllib.request.build_opener()).open(url, timeout=10)
    except urllib.error.HTTPError as error:
        return error


def test_healthz_and_static_files_are_served_with_debug_off(server):
    base, _ = server
    health = json.loads(_get(f"{base}/healthz").read())
    assert health["checks"]["database"] == "ok" and health["checks"]["search_index"] == "ok"
    css = _get(f"{base}/static/admin/css/base.css")
    assert css.status == 200 and b"body" in css.read()


def test_each_worker_loads_the_search_before_its_first_user(server):
    base, tmp = server
    assert _get(f"{base}/healthz").status == 200
    log = (tmp / "serve.log").read_text()
    assert log.count("search loaded in") == log.count("Booting worker") >= 2
    # and then leaves what it loaded out of the garbage collector's full passes (pauses in requests)
    frozen = [int(n) for n in re.findall(r"(\d+) objects frozen out of garbage collection", log)]
    assert len(frozen) == log.count("Booting worker") and min(frozen) > 50_000


def test_pages_carry_a_csp_and_a_request_id_and_a_404_shows_no_url_list(server):
    base, _ = server
    login = _get(f"{base}/accounts/login/")
    assert login.status == 200
    assert "default-src 'self'" in login.headers["Content-Security-Policy"]
    assert re.fullmatch(r"[0-9a-f]{16}", login.headers["X-Request-ID"])
    missing = _get(f"{base}/no-such-page/")
    body = missing.read().decode()
    assert missing.status == 404 and "未找到" in body and "URLconf" not in body and "admin/" not in body


def test_the_api_its_schema_and_its_documentation_page_answer_with_debug_off(server):
    base, _ = server
    schema = _get(f"{base}/api/v1/schema/?format=json")
    assert schema.status == 200 and "/api/v1/filing-packages/" in json.loads(schema.read())["paths"]
    docs = _get(f"{base}/api/v1/docs/")
    page = docs.read().decode()
    assert docs.status == 200 and "default-src 'self'" in docs.headers["Content-Security-Policy"]
    assets = re.findall(r'(?:src|href)="(/[^"]+)"', page)
    assert any("swagger-ui-bundle" in a for a in assets)
    for asset in assets:  # the bundle, its CSS and the page's own script, from this server
        assert _get(base + asset.replace("&amp;", "&")).status == 200, asset
    gazette = _get(f"{base}/api/v1/gazette/")
    assert gazette.status == 200 and json.loads(gazette.read())["results"] == []
    refused = _get(f"{base}/api/v1/documents/")
    assert refused.status == 401 and refused.headers["Content-Type"] == "application/problem+json"


def test_signing_in_through_the_login_form_works(server):
    base, tmp = server
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = _get(f"{base}/accounts/login/", opener).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": "operator", "password": PASSWORD, "csrfmiddlewaretoken": token})
    request = urllib.request.Request(f"{base}/accounts/login/", data=data.encode(), headers={"Referer": base})
    landed = opener.open(request, timeout=10)
    assert landed.status == 200 and "operator" in landed.read().decode()
    assert "rid=" in (tmp / "serve.log").read_text()  # access log lines carry the request id


def test_check_deploy_is_clean_behind_https():
    env = _environment(DEBUG="0", HTTPS="1", SECRET_KEY="deploy-check-" + "x1y2z3" * 10,
                       ALLOWED_HOSTS="guifan.example.gov.cn")  # fmt: skip
    result = subprocess.run([str(ROOT / ".venv/bin/python"), "manage.py", "check", "--deploy"], cwd=ROOT, env=env,
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_a_secret_key_make_serve_refuses_to_start():
    env = {k: v for k, v in _environment().items() if k != "SECRET_KEY"}
    result = subprocess.run(["make", "setup-production"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "SECRET_KEY" in result.stdout + result.stderr
