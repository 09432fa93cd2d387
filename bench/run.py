"""The load run of `make bench` (docs/performance.md): ``python -m bench.run`` inside
``scripts/with-postgres.sh`` (which gives it a throwaway PostgreSQL in DATABASE_URL).

It starts a redis-server on a free loopback port, migrates, builds the large data set
(``bench_data``), collects the static files, serves the site with gunicorn (production
settings through ``bench.settings``, 2 workers) and the bare-Django ceiling (``bench.bare``)
the same way, checks that every page answers as it should, then loads each page with wrk
from this second process, runs the mixed load, and prints a table and the targets' PASS/FAIL,
writing everything to ``bench/results.json``.
"""

import argparse
import datetime
import json
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from http.client import HTTPConnection
from importlib.metadata import version
from pathlib import Path

from bench import wrk

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
WORKERS = 2

# (what, page or pages, how it is read, the limit); see docs/performance.md
TARGETS = [
    ("lesson at >= 15 % of the ceiling", "lesson", "share", 15.0),
    ("lesson at >= 10 % of the ceiling (floor)", "lesson", "share", 10.0),
    ("home at >= 10 % of the ceiling", "home", "share", 10.0),
    ("mijn voortgang at >= 10 % of the ceiling", "mijn voortgang", "share", 10.0),
    ("team dashboard (200 people) p95 < 300 ms", "team dashboard (200)", "p95", 300.0),
    ("kaart search (5,000 entries) p95 < 150 ms", "kaart search", "p95", 150.0),
    ("quiz submit p95 < 150 ms", "quiz submit", "p95", 150.0),
    ("admin quiz edit < 1 s server time", "admin quiz edit", "server", 1000.0),
    ("admin lesson edit < 1 s server time", "admin lesson edit", "server", 1000.0),
    ("admin voorzieningen list < 1 s server time", "admin voorzieningen list", "server", 1000.0),
]


def say(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, seconds=60, process=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"!! the server for {url} stopped (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310  (our own loopback server)
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"!! {url} did not answer within {seconds} s")


def wait_for_port(port, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"!! nothing listens on port {port} after {seconds} s")


class Runner:
    def __init__(self, args, stack: ExitStack):
        self.args = args
        self.stack = stack
        self.tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
        self.app_port, self.bare_port, self.redis_port = free_port(), free_port(), free_port()
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{self.app_port}",
            "BENCH_STATIC_ROOT": str(self.tmp / "static"),
        }
        self.timings = {}
        self.submit_check = None

    # --- processes ---------------------------------------------------------------------------

    def background(self, name, command, env=None):
        log = open(self.tmp / f"{name}.log", "w")  # noqa: SIM115  (closed with the stack)
        self.stack.callback(log.close)
        process = subprocess.Popen(  # noqa: S603  (fixed command lines of this module)
            command, stdout=log, stderr=subprocess.STDOUT, env=env or self.env, cwd=ROOT
        )

        def stop():
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()

        self.stack.callback(stop)
        return process

    def log_tail(self, name, lines=40):
        path = self.tmp / f"{name}.log"
        return "\n".join(path.read_text().splitlines()[-lines:]) if path.exists() else ""

    def manage(self, *arguments, quiet=True):
        env = {**self.env, "LOG_LEVEL": "WARNING"} if quiet else self.env
        done = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *arguments], env=env, cwd=ROOT, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise SystemExit(
                f"!! manage.py {' '.join(arguments)} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
            )
        return done.stdout

    def timed(self, name, fn, *args):
        say(f"{name} ...")
        start = time.perf_counter()
        result = fn(*args)
        self.timings[name] = round(time.perf_counter() - start, 1)
        say(f"{name}: {self.timings[name]} s")
        return result

    def start_redis(self):
        self.background(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
        )
        wait_for_port(self.redis_port)

    def gunicorn(self, name, app, port, env=None):
        return self.background(
            name,
            [
                sys.executable,
                "-m",
                "gunicorn",
                f"--workers={WORKERS}",
                f"--bind=127.0.0.1:{port}",
                "--log-level=warning",
                "--timeout=60",
                app,
            ],
            env=env,
        )

    # --- the run -----------------------------------------------------------------------------

    def prepare(self):
        if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            raise SystemExit("!! no PostgreSQL in DATABASE_URL: run `make bench` (scripts/with-postgres.sh).")
        for tool in ("wrk", "redis-server"):
            if shutil.which(tool) is None:
                raise SystemExit(f"!! {tool} is missing (make bench installs it with apt-get as root).")
        self.timed("redis-server", self.start_redis)
        self.timed("migrate", self.manage, "migrate", "--noinput")
        data_file = self.tmp / "data.json"
        scale = ["--scale", str(self.args.scale)]
        out = self.timed("bench_data", self.manage, "bench_data", *scale, "--json", str(data_file))
        print(out, flush=True)
        self.data = json.loads(data_file.read_text())
        self.timed("collectstatic", self.manage, "collectstatic", "--noinput")
        plan_file = self.tmp / "plan.json"
        self.timed("sessions and forms", self.manage, "bench_plan", "--out", str(plan_file))
        self.plan = json.loads(plan_file.read_text())

    def serve(self):
        app = self.gunicorn("gunicorn-app", "leergang.wsgi:application", self.app_port)
        bare_env = {k: v for k, v in self.env.items() if k != "DJANGO_SETTINGS_MODULE"}
        bare = self.gunicorn("gunicorn-bare", "bench.bare:application", self.bare_port, env=bare_env)
        wait_for(f"http://127.0.0.1:{self.app_port}/healthz", process=app)
        wait_for(f"http://127.0.0.1:{self.bare_port}/", process=bare)

    def check_pages(self):
        """Every page answers as expected (200; a quiz submit 302 to its result) with the first
        request of its first person; anything else stops the run with the answer's start."""
        for page in self.plan["pages"]:
            request = page["sequences"][0][0]
            connection = HTTPConnection("127.0.0.1", self.app_port, timeout=60)
            connection.request(
                request["method"], request["path"], body=request.get("body"), headers=request["headers"]
            )
            response = connection.getresponse()
            body = response.read()
            location = response.getheader("Location", "")
            connection.close()
            text = body.decode(errors="replace")
            wrong = response.status != page["expect"] or (page["shows"] and page["shows"] not in text)
            if wrong or (page["expect"] == 302 and "poging" not in location):
                raise SystemExit(
                    f"!! {page['name']} ({request['method']} {request['path']}) answered {response.status} "
                    f"{location}, expected {page['expect']} showing {page['shows']!r}:\n{text[:1500]}\n"
                    f"{self.log_tail('gunicorn-app')}"
                )
            # the check used the person's first form: the load run starts at their second
            if request["method"] != "GET":
                page["sequences"][0] = page["sequences"][0][1:]
        say(f"all {len(self.plan['pages'])} pages answer as expected")

    def attempts(self):
        return int(self.manage("bench_plan", "--count-attempts", str(self.plan["submit_quiz"])))

    def load(self, port, pages, name, *, connections, seconds, threads=2):
        data_file = self.tmp / f"{name.replace(' ', '-').replace('/', '-')}.lua"
        url = f"http://127.0.0.1:{port}"
        return wrk.run(url, pages, data_file, threads=threads, connections=connections, seconds=seconds)

    def load_page(self, page):
        connections = 1 if page["kind"] == "admin" else self.args.connections
        if page["kind"] == "learner":  # no warm-up for forms: each may be handed in once
            self.load(self.app_port, [page], "warm", connections=connections, seconds=self.args.warmup)
        before = self.attempts() if page["kind"] == "submit" else 0
        result = self.load(
            self.app_port, [page], page["name"], connections=connections, seconds=self.args.seconds
        )
        if page["kind"] == "submit":
            self.submit_check = {
                "answers_302": result.codes.get(302, 0),
                "attempts_saved": self.attempts() - before,
                "forms_sent_twice": result.wraps,
                "connections": connections,
            }
            say(f"quiz submit: {self.submit_check}")
        return result

    def measure(self):
        args = self.args
        results = {}
        bare_page = {"sequences": [[{"method": "GET", "path": "/", "headers": {}}]]}
        say(f"ceiling: bare Django, {args.seconds} s at {args.connections} connections")
        self.load(self.bare_port, [bare_page], "warm-bare", connections=args.connections, seconds=args.warmup)
        ceiling = self.load(
            self.bare_port, [bare_page], "bare", connections=args.connections, seconds=args.seconds
        )
        say(f"ceiling: {ceiling.requests_per_second:.0f} requests/s")
        for page in self.plan["pages"]:
            if page["kind"] == "submit-mixed":
                continue
            results[page["name"]] = result = self.load_page(page)
            say(
                f"{page['name']}: {result.requests_per_second:.1f} requests/s, p50 {result.p50_ms:.0f} ms, "
                f"p95 {result.p95_ms:.0f} ms, errors {result.errors}"
            )
        mixed_pages = [p for p in self.plan["pages"] if p["kind"] in ("learner", "submit-mixed")]
        say(f"mixed: {len(mixed_pages)} pages, {args.mixed_connections} connections, {args.mixed_seconds} s")
        mixed = self.load(
            self.app_port,
            mixed_pages,
            "mixed",
            connections=args.mixed_connections,
            seconds=args.mixed_seconds,
        )
        say(
            f"mixed: {mixed.requests_per_second:.1f} requests/s, p95 {mixed.p95_ms:.0f} ms, "
            f"{mixed.errors} errors"
        )
        return ceiling, results, mixed

    def report(self, ceiling, results, mixed, attempts_saved):
        rows = []
        for name, r in results.items():
            kind = next(p["kind"] for p in self.plan["pages"] if p["name"] == name)
            rows.append(
                {
                    "page": name,
                    "kind": kind,
                    "share_of_ceiling_pct": round(
                        100 * r.requests_per_second / ceiling.requests_per_second, 2
                    ),
                    **r.as_dict(),
                }
            )
        targets = evaluate(rows, mixed, self.submit_check)
        print_table(ceiling, rows, mixed)
        print_targets(targets)
        results_json = {
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "versions": versions(self.plan["database"]),
            "settings": {
                "server": f"gunicorn, {WORKERS} sync workers, bench.settings (production, Redis cache)",
                "connections": self.args.connections,
                "admin_connections": 1,
                "seconds_per_page": self.args.seconds,
                "mixed": {"connections": self.args.mixed_connections, "seconds": self.args.mixed_seconds},
            },
            "data": self.data,
            "timings_s": self.timings,
            "ceiling": ceiling.as_dict(),
            "pages": rows,
            "mixed": mixed.as_dict(),
            "quiz_attempts_saved_during_run": attempts_saved,
            "quiz_submit_check": self.submit_check,
            "targets": targets,
        }
        Path(self.args.out).write_text(json.dumps(results_json, indent=2) + "\n")
        say(f"written: {self.args.out}")
        return targets


def evaluate(rows, mixed, submit_check=None):
    """PASS/FAIL per target; ``submit_check``: the quiz submit run's 302 answers and the
    attempts saved meanwhile: one attempt per answer (every submit a real hand-in), plus at most
    one per connection for the forms still on their way when wrk stopped counting."""
    by_page = {row["page"]: row for row in rows}
    targets = []
    for label, page, how, limit in TARGETS:
        row = by_page.get(page)
        if row is None:
            targets.append({"target": label, "value": None, "pass": False})
            continue
        if how == "share":
            value, ok = row["share_of_ceiling_pct"], row["share_of_ceiling_pct"] >= limit
        elif how == "p95":
            value, ok = row["p95_ms"], row["p95_ms"] < limit
        else:  # server time: the median of one connection's requests, one at a time
            value, ok = row["p50_ms"], row["p50_ms"] < limit
        targets.append({"target": label, "value": value, "pass": bool(ok and row["errors"] == 0)})
    targets.append(
        {
            "target": "zero errors at 50 connections for 60 s (mixed)",
            "value": mixed.errors,
            "pass": mixed.errors == 0,
        }
    )
    targets.append(
        {
            "target": "every page without errors",
            "value": sum(r["errors"] for r in rows),
            "pass": all(r["errors"] == 0 for r in rows),
        }
    )
    if submit_check is not None:
        saved, answers = submit_check["attempts_saved"], submit_check["answers_302"]
        targets.append(
            {
                "target": "every quiz submit saved a new attempt",
                "value": f"{saved} saved / {answers} answered",
                "pass": 0 < answers <= saved <= answers + submit_check.get("connections", 0)
                and submit_check["forms_sent_twice"] == 0,
            }
        )
    return targets


def table_line(name, rps, share, p50, p95, errors, requests):
    return f"{name:28} {rps:8.1f} {share:>8} {p50:8.1f} {p95:8.1f} {errors:7d} {requests:9d}"


def print_table(ceiling, rows, mixed):
    print()
    header = (
        f"{'page':28} {'req/s':>8} {'ceiling':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'requests':>9}"
    )
    print(header)
    print("-" * len(header))
    c = ceiling
    print(
        table_line(
            "bare Django (ceiling)", c.requests_per_second, "100 %", c.p50_ms, c.p95_ms, c.errors, c.requests
        )
    )
    for row in rows:
        name = row["page"] + (" *" if row["kind"] == "admin" else "")
        share = f"{row['share_of_ceiling_pct']:.1f} %"
        print(
            table_line(
                name,
                row["requests_per_second"],
                share,
                row["p50_ms"],
                row["p95_ms"],
                row["errors"],
                row["requests"],
            )
        )
    m = mixed
    print(table_line("mixed", m.requests_per_second, "", m.p50_ms, m.p95_ms, m.errors, m.requests))
    print("* admin: one connection, one request at a time; p50 is the server time")
    print()


def print_targets(targets):
    for target in targets:
        value = "-" if target["value"] is None else target["value"]
        print(f"{'PASS' if target['pass'] else 'FAIL'}  {target['target']}  ({value})")
    print("(make run under 60 s on a fresh clone: not measured here)")


def machine():
    model, memory = "", ""
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
        kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "memory": memory,
        "os": platform.platform(),
        "load_average_at_start": list(os.getloadavg()),
    }


def tool_version(command):
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)  # noqa: S603
    except OSError:
        return ""
    return (done.stdout or done.stderr).splitlines()[0].strip() if (done.stdout or done.stderr) else ""


def versions(database):
    return {
        "python": platform.python_version(),
        "django": version("Django"),
        "wagtail": version("wagtail"),
        "gunicorn": version("gunicorn"),
        "database": database,
        "redis": tool_version(["redis-server", "--version"]),
        "wrk": tool_version(["wrk", "--version"]),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 10)))
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4, help="per page (admin pages: 1)")
    parser.add_argument("--mixed-seconds", type=int, default=60)
    parser.add_argument("--mixed-connections", type=int, default=50)
    parser.add_argument("--scale", type=float, default=1.0, help="of the data set (bench_data --scale)")
    parser.add_argument("--out", default=str(RESULTS))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with ExitStack() as stack:
        runner = Runner(args, stack)
        runner.prepare()
        runner.timed("gunicorn start", runner.serve)
        runner.check_pages()
        before = runner.attempts()
        ceiling, results, mixed = runner.measure()
        saved = runner.attempts() - before
        say(f"quiz attempts saved during the load: {saved}")
        runner.timings["total"] = round(time.perf_counter() - started, 1)
        targets = runner.report(ceiling, results, mixed, saved)
    say(f"make bench took {time.perf_counter() - started:.0f} s")
    return 0 if all(t["pass"] for t in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
