"""Benchmark: the pages under concurrent signed-in users, on loopback, against a running server.

    .venv/bin/python bench/load_bench.py [--url http://127.0.0.1:8000] [--users 1,10,50] [--seconds 30]

Each virtual user signs in through the login form (the demo accounts of `make run`, in turn; two users may
share an account, each with a session of its own) and then, closed loop (one request at a time, the next
as soon as the last has answered), walks the page mix below again and again for --seconds. Prints, per
number of users: each page's requests, p50 and p95 in ms and errors (any status but 200, or a failed
connection), and the requests per second of all users together. The load is bounded: --users threads.

Start the server first, e.g. `make serve` (the production command; SECRET_KEY, BIND) on a database with
demo accounts (`make run` makes them), or `make run` itself.
"""

import argparse
import http.client
import re
import statistics
import threading
import time
import urllib.parse
from collections import defaultdict

from corpus_db import percentile

ACCOUNTS = ["drafter", "drafter2", "reviewer", "filer", "expert", "archivist", "admin", "region-filer",
            "qx-drafter", "qx-reviewer", "qx-archivist", "town-drafter", "town-archivist", "rd-filer"]  # fmt: skip
PASSWORD = "demo-pass-2026"
SEARCHES = {"search title": "中华人民共和国民法典", "search words": "生产 安全 责任"}


class Browser:
    """One user's connection and cookies (keep-alive, as a browser)."""

    def __init__(self, base: str):
        self.url = urllib.parse.urlsplit(base)
        self.cookies: dict[str, str] = {}
        self.connection = None

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": self.url.netloc}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers |= {"Content-Type": "application/x-www-form-urlencoded",
                        "Referer": f"{self.url.scheme}://{self.url.netloc}{path}"}  # fmt: skip
        for attempt in range(2):  # a keep-alive connection the server closed (max_requests) is reopened once
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.url.hostname, self.url.port, timeout=60)
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, text

    def sign_in(self, username: str) -> None:
        page = self.request("GET", "/accounts/login/")[1]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status = self.request(
            "POST", "/accounts/login/", {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
        )[0]
        if status != 302:
            raise SystemExit(f"{username} could not sign in (HTTP {status}); are the demo accounts loaded?")


def page_mix(base: str) -> dict[str, str]:
    """The pages each user walks: register, 民法典's page, two searches, 工作台, 看板, gazette."""
    browser = Browser(base)
    browser.sign_in(ACCOUNTS[0])
    found = browser.request("GET", "/search/?" + urllib.parse.urlencode({"q": SEARCHES["search title"]}))[1]
    civil_code = re.search(r'href="(/documents/\d+/)"', found)
    if civil_code is None:
        raise SystemExit("民法典 is not in the register (the starter data of `make run` holds it)")
    return {
        "register": "/documents/",
        "civil code": civil_code.group(1),  # 民法典's page
        **{name: "/search/?" + urllib.parse.urlencode({"q": q}) for name, q in SEARCHES.items()},
        "workbench": "/review/",  # 工作台
        "dashboard": "/review/dashboard/",  # 看板
        "gazette": "/gazette/",
    }


def run(base: str, users: int, seconds: float, pages: dict[str, str]) -> None:
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    browsers = []
    for i in range(users):
        browser = Browser(base)
        browser.sign_in(ACCOUNTS[i % len(ACCOUNTS)])
        browsers.append(browser)
    lock, start = threading.Lock(), threading.Barrier(users + 1)
    deadline = [0.0]

    def walk(browser: Browser, offset: int) -> None:
        names = list(pages)
        start.wait()
        i = offset
        while time.perf_counter() < deadline[0]:
            name = names[i % len(names)]
            i += 1
            began = time.perf_counter()
            try:
                status = browser.request("GET", pages[name])[0]
            except (http.client.HTTPException, OSError):
                status = 0
            took = (time.perf_counter() - began) * 1000
            with lock:
                timings[name].append(took)
                if status != 200:
                    errors[name] += 1

    threads = [threading.Thread(target=walk, args=(b, i)) for i, b in enumerate(browsers)]
    for t in threads:
        t.start()
    deadline[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start.wait()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    total = sum(len(v) for v in timings.values())
    print(f"\n{users} user(s), {seconds:.0f} s: {total} requests, {total / elapsed:.1f} requests/s, "
          f"{sum(errors.values())} errors")  # fmt: skip
    print(f"  {'page':<16}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}")
    for name in pages:
        values = timings[name]
        if values:
            print(f"  {name:<16}{len(values):>6}{statistics.median(values):>9.0f}{percentile(values, 95):>9.0f}"
                  f"{max(values):>9.0f}{errors[name]:>8}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", default="1,10,50", help="comma-separated numbers of users, one run each")
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    pages = page_mix(args.url)
    print(f"{args.url}: " + ", ".join(f"{name} {path}" for name, path in pages.items()))
    for users in (int(u) for u in args.users.split(",")):
        run(args.url, users, args.seconds, pages)


if __name__ == "__main__":
    main()
