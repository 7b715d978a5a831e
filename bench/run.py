# The benchmark runs fixed local programs (manage.py, gunicorn, wrk, apt-get) by name.
# ruff: noqa: S603, S607
"""`make bench`: public pages against a static file, side by side, on this machine.

1. Makes a fresh PostgreSQL database (sutton_send_bench), migrates it, and for
   10, 100 and 1,000 actions counts each page's queries and times its uncached
   render in-process (bench/inprocess.py).
2. Serves the 1,000-action plan with gunicorn as in production (2 sync workers,
   DEBUG off, collected static files served by whitenoise) on 127.0.0.1 only,
   signs an officer and a programme manager in, and measures with wrk, each run
   8 seconds: a static file the size of the statement page, the statement page,
   an action page, an empty signed-in page (bench/urls.py: the ceiling for any
   signed-in page), the officers' dashboard, the programme manager's dashboard
   (every action) with 32 connections, and the update form POSTed by 16.
3. Prints a table with each page's throughput as a share of the static file's,
   writes it to docs/benchmarks.md, stops gunicorn and drops the database.

Environment: BENCH_DATABASE_URL (default the local server, postgres user),
REDIS_URL (default redis://127.0.0.1:6379/15 when a Redis server answers there),
BENCH_DURATION (seconds per wrk run, at most 10), BENCH_SIZES.
"""

import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

import psycopg2

from bench import EMPTY_PAGE

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
# A wrk script giving every request a query string of its own, so no dashboard is kept.
REBUILD = "rebuild.lua"
PYTHON = sys.executable
HOST = "127.0.0.1"  # never anything else: the benchmark sends traffic to this machine only
DATABASE = "sutton_send_bench"
SERVER_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DURATION = min(int(os.environ.get("BENCH_DURATION", "8")), 10)
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "10 100 1000").split()]
WORKERS = 2
CONNECTIONS = 32
POST_CONNECTIONS = 16
PASSWORD = "bench-only-password-" + os.urandom(6).hex()
TARGETS = {
    "statement": "throughput ≥ 0.5× static, p95 ≤ 2× static",
    "action": "throughput ≥ 0.2× static",
    "dashboard (officer)": "throughput ≥ 0.2× static",
    "dashboard (manager)": "throughput ≥ 0.2× static",
    "update POST": "no errors (409 conflicts are handled answers)",
}


def log(message):
    print(f"==> {message}", flush=True)


# Setup -----------------------------------------------------------------------------


def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("Installing Debian's wrk")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)


def redis_url():
    if "REDIS_URL" in os.environ:
        return os.environ["REDIS_URL"]
    try:
        with socket.create_connection((HOST, 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            if sock.recv(16).startswith(b"+PONG"):
                return f"redis://{HOST}:6379/15"
    except OSError:
        pass
    return ""


def database_url(name):
    parts = urllib.parse.urlsplit(SERVER_URL)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def admin_sql(statement):
    connection = psycopg2.connect(SERVER_URL)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def environment(static_root):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(DATABASE),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
        # Plain HTTP on loopback: no redirect to HTTPS, cookies without Secure.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "TRUST_X_FORWARDED_PROTO": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    redis = redis_url()
    if redis:
        env["REDIS_URL"] = redis
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def settings_facts(env):
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        "import gunicorn; print(json.dumps({'cache': settings.CACHES['default']['BACKEND'], "
        "'django': django.get_version(), 'gunicorn': gunicorn.__version__}))"
    )
    env = {
        **env,
        "DJANGO_SETTINGS_MODULE": env.get("DJANGO_SETTINGS_MODULE", "sutton_send.settings"),
    }
    out = subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# The server ------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port):
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "sutton_send.wsgi",
        "--workers",
        str(WORKERS),
        "--bind",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
        "--timeout",
        "30",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(100):
        try:
            status, _, _ = http(port, "GET", "/healthz")
            if status == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            raise SystemExit("gunicorn did not start")
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz")


def settle(port, limit=20.0):
    """Wait until the workers have finished what the last run left queued."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        http(port, "GET", "/healthz")
        if time.monotonic() - started < 0.05:
            return
        time.sleep(0.5)


def worker_pids(server):
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [int(pid) for pid in children]


def peak_rss_mib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def http(port, method, path, body=None, cookies=None):
    connection = HTTPConnection(HOST, port, timeout=30)
    headers = {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    if body is not None:
        body = urllib.parse.urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    content = response.read().decode("utf-8", "replace")
    new_cookies = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _, val = pair.partition("=")
            new_cookies[key.strip()] = val.strip()
    connection.close()
    return response.status, content, new_cookies


def sign_in(port, username):
    """A signed-in session's cookies, through the real sign-in form (CSRF and all)."""
    cookies = {}
    status, page, new = http(port, "GET", "/accounts/login/")
    cookies.update(new)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, _, new = http(
        port,
        "POST",
        "/accounts/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        cookies,
    )
    cookies.update(new)
    if status != 302:
        raise SystemExit(f"Signing in as {username} failed: {status}")
    status, _, new = http(port, "GET", "/manage/", cookies=cookies)
    cookies.update(new)
    if status != 200:
        raise SystemExit(f"{username} cannot open the dashboard: {status}")
    return cookies


def cookie_header(cookies):
    return "Cookie: " + "; ".join(f"{name}={value}" for name, value in cookies.items())


def csrf_token(cookies):
    return next(value for name, value in cookies.items() if name.endswith("csrftoken"))


# Measuring -------------------------------------------------------------------------


def wrk(port, path, connections, script, headers=(), script_args=()):
    threads = min(2, connections)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{DURATION}s",
        "--timeout",
        "5s",
        "--latency",
        "-s",
        str(script),
    ]
    for header in headers:
        command += ["-H", header]
    command.append(f"http://{HOST}:{port}{path}")
    if script_args:
        command += ["--", *script_args]
    out = subprocess.run(
        command, cwd=BENCH, check=True, capture_output=True, text=True, timeout=DURATION + 30
    ).stdout
    result = json.loads(out.split("BENCH_JSON ", 1)[1].splitlines()[0])
    statuses = {}
    if "BENCH_STATUSES " in out:
        statuses = json.loads(out.split("BENCH_STATUSES ", 1)[1].splitlines()[0])
    seconds = result["duration_us"] / 1e6
    socket_errors = sum(result[k] for k in ("connect", "read", "write", "timeout"))
    if statuses:
        errors = socket_errors + sum(n for s, n in statuses.items() if s not in ("302", "409"))
    else:
        errors = socket_errors + result["status"]
    return {
        "rps": result["requests"] / seconds,
        "requests": result["requests"],
        "p50": result["p50"] / 1000,
        "p95": result["p95"] / 1000,
        "p99": result["p99"] / 1000,
        "errors": errors,
        "conflicts": statuses.get("409", 0),
        "statuses": statuses,
        "connections": connections,
    }


def machine():
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = "unknown"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "os": platform.platform(),
        "wrk": subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()[1]
        if shutil.which("wrk")
        else "?",
    }


# Report ----------------------------------------------------------------------------


def verdicts(http_results, inproc):
    static = http_results["static file"]
    checks = []
    statement = http_results["statement"]
    checks.append(
        (
            "Statement page, 1,000 actions: throughput ≥ 0.5× static",
            statement["rps"] / static["rps"] >= 0.5,
            f"{statement['rps'] / static['rps']:.2f}×",
        )
    )
    checks.append(
        (
            "Statement page, 1,000 actions: p95 ≤ 2× static",
            statement["p95"] <= 2 * static["p95"],
            f"{statement['p95'] / static['p95']:.2f}×",
        )
    )
    sizes = {size["actions"]: size["pages"] for size in inproc["sizes"]}
    if 100 in sizes and 1000 in sizes:
        ratio = sizes[1000]["statement"]["ms"] / sizes[100]["statement"]["ms"]
        same = sizes[1000]["statement"]["queries"] == sizes[100]["statement"]["queries"]
        checks.append(
            (
                "Uncached statement page: 1,000 actions ≤ 12× the time of 100, same queries",
                ratio <= 12 and same,
                f"{ratio:.1f}×, {sizes[100]['statement']['queries']} → "
                f"{sizes[1000]['statement']['queries']} queries",
            )
        )
    # Dashboards both ways: seen again (kept) and built afresh, as after any change.
    for name in (
        "action",
        "dashboard (officer)",
        "dashboard (officer), rebuilt",
        "dashboard (manager)",
        "dashboard (manager), rebuilt",
    ):
        ratio = http_results[name]["rps"] / static["rps"]
        checks.append((f"{name}: throughput ≥ 0.2× static", ratio >= 0.2, f"{ratio:.2f}×"))
    counts = [
        {page: numbers["queries"] for page, numbers in size["pages"].items()}
        for size in inproc["sizes"]
    ]
    constant = all(count == counts[0] for count in counts)
    checks.append(("Query count of every page constant in the number of actions", constant, ""))
    errors = sum(result["errors"] for result in http_results.values())
    checks.append(("No errors during the benchmark", errors == 0, f"{errors} errors"))
    return checks


def render(facts, http_results, inproc, memory, checks):
    static = http_results["static file"]
    lines = [
        "# Benchmarks",
        "",
        "Made by `make bench` (bench/run.py): every figure below comes from one run, side by "
        "side, on the machine described. Throughput is compared with a static file of the same "
        "size as the 1,000-action statement page, served by the same gunicorn and whitenoise.",
        "",
        f"- Date: {facts['date']}",
        f"- Machine: {facts['machine']['cores']} cores ({facts['machine']['cpu']}), "
        f"{facts['machine']['memory']} memory; {facts['machine']['os']}",
        f"- Software: Python {facts['machine']['python']}, Django {facts['django']}, "
        f"gunicorn {facts['gunicorn']} ({WORKERS} sync workers, DEBUG off), PostgreSQL "
        f"{facts['postgres']}, wrk {facts['machine']['wrk']}, cache "
        f"`{facts['cache'].rsplit('.', 1)[-1]}`",
        f"- Data: `generate_load_data --actions 1000` (3 updates per action, 50 measures with "
        f"12 figures each, comments); statement page {inproc['statement_bytes']:,} bytes",
        f"- Load: wrk, {DURATION} s per run, {CONNECTIONS} connections "
        f"({POST_CONNECTIONS} for the update POST), 2 threads, all on 127.0.0.1 "
        "(load generator, server, database and cache share the cores)",
        f"- Load average of the machine (1 minute) before and after the run: "
        f"{facts['load_before']} and {facts['load_after']}: other work on the machine "
        "slows every row, so compare the ratios rather than the absolute figures",
        "",
        "## Throughput and latency with 1,000 actions",
        "",
        "| page | connections | requests/s | × static | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, result in http_results.items():
        note = f" ({result['conflicts']} conflicts, 409)" if result["conflicts"] else ""
        # A single reader measures waiting, not throughput: no ratio.
        ratio = f"{result['rps'] / static['rps']:.2f}" if result["connections"] > 1 else "–"
        lines.append(
            f"| {name} | {result['connections']} | {result['rps']:,.0f} | "
            f"{ratio} | {result['p50']:.1f} | {result['p95']:.1f} | "
            f"{result['p99']:.1f} | {result['errors']}{note} |"
        )
    lines += [
        "",
        "Public pages (statement, action) are anonymous requests: after the first reader they "
        "come from the page cache (public/cache.py), at the cost of one query for the "
        "statement's version. A dashboard is rendered once for each version of what it is "
        "built from (workspace/views/dashboard.py): the statements being worked on, the day, "
        "its reader and their filters. The “dashboard” rows are a reader seeing their "
        "dashboard again when nothing has changed (one query for the versions, one cache "
        "read); the “rebuilt” rows give every request a query string of its own, so each "
        "dashboard is built again, as after every change (up to 10 actions in each of five "
        "sections, the filter form and the measures table). The officer's update POST is one "
        "transaction (compare-and-set of the version, the update row, history, the "
        "statement's stamp) and a redirect.",
        "",
        "The empty signed-in page (bench/urls.py, only in the benchmark) is the workspace "
        "layout with nothing in it, behind the same checks as the dashboards: the session, the "
        "user, two-step verification and permissions. No signed-in page can be served faster "
        "than it on this server, so it is the ceiling to read the dashboards against. The “one "
        "reader” rows are what a single officer or manager waits for a dashboard built afresh "
        "when nobody else is using the server.",
        "",
        "Peak memory per gunicorn worker (VmHWM): "
        + ", ".join(f"{mib:.0f} MiB" for mib in memory)
        + ". Each worker keeps the pages it served last (up to 32 MiB of public pages and "
        "8 MiB of dashboards, sutton_send/versioned_cache.py); the rebuilt rows fill the "
        "dashboards' share.",
        "",
        "## Queries and uncached render time by plan size",
        "",
        "Django's test client in one process, page and dashboard caches off (except the rows "
        "marked cached and kept); "
        "fastest of 7 renders (3 for the board report), milliseconds (wall clock, database "
        "time included).",
        "",
    ]
    sizes = inproc["sizes"]
    header = "| page | " + " | ".join(f"queries @ {s['actions']:,}" for s in sizes)
    header += " | " + " | ".join(f"ms @ {s['actions']:,}" for s in sizes) + " |"
    lines += [header, "|---|" + "---:|" * (2 * len(sizes))]
    for page in sizes[0]["pages"]:
        row = [page]
        row += [str(s["pages"][page]["queries"]) for s in sizes]
        row += [f"{s['pages'][page]['ms']:.1f}" for s in sizes]
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "## Targets", "", "| target | met | measured |", "|---|---|---|"]
    for name, met, measured in checks:
        lines.append(f"| {name} | {'yes' if met else 'NO'} | {measured} |")
    lines.append("")
    return "\n".join(lines)


# Main ------------------------------------------------------------------------------


def load_average():
    return Path("/proc/loadavg").read_text().split()[0]


def main():
    ensure_wrk()
    load_before = load_average()
    work = Path(tempfile.mkdtemp(prefix="sutton-bench-"))
    static_root = work / "static"
    env = environment(static_root)
    server = None
    log(f"Creating the database {DATABASE}")
    admin_sql(f"DROP DATABASE IF EXISTS {DATABASE}")
    admin_sql(f"CREATE DATABASE {DATABASE}")
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        log(f"Queries and render times at {', '.join(map(str, SIZES))} actions")
        results_file = work / "inprocess.json"
        pool = work / "pool.txt"
        static_copy = static_root / "bench" / "statement-copy.html"
        subprocess.run(
            [
                PYTHON,
                "-m",
                "bench.inprocess",
                "--sizes",
                *map(str, SIZES),
                "--password",
                PASSWORD,
                "--static-copy",
                str(static_copy),
                "--pool",
                str(pool),
                "--out",
                str(results_file),
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        inproc = json.loads(results_file.read_text())
        facts = settings_facts(env)
        port = free_port()
        log(f"Starting gunicorn on {HOST}:{port}")
        server = start_gunicorn(env, port)
        officer = sign_in(port, "loadtest-officer-1")
        manager = sign_in(port, "loadtest-manager")
        cases = [
            ("static file", "/static/bench/statement-copy.html", ()),
            ("statement", "/load-test/", ()),
            ("action", inproc["action_url"], ()),
            ("empty signed-in page", EMPTY_PAGE, (cookie_header(officer),)),
            ("dashboard (officer)", "/manage/", (cookie_header(officer),)),
            ("dashboard (manager)", "/manage/", (cookie_header(manager),)),
            # Built on every request, as after each change to a statement.
            ("dashboard (officer), rebuilt", "/manage/", (cookie_header(officer),), REBUILD),
            ("dashboard (manager), rebuilt", "/manage/", (cookie_header(manager),), REBUILD),
            # What one officer waits when nobody else is using the server.
            (
                "dashboard (officer), rebuilt, one reader",
                "/manage/",
                (cookie_header(officer),),
                REBUILD,
                1,
            ),
            (
                "dashboard (manager), rebuilt, one reader",
                "/manage/",
                (cookie_header(manager),),
                REBUILD,
                1,
            ),
        ]
        http_results = {}
        for name, path, headers, *how in cases:
            script = how[0] if how else "report.lua"
            connections = how[1] if len(how) > 1 else CONNECTIONS
            settle(port)
            http(port, "GET", path)  # the first reader fills the cache
            log(f"wrk: {name} ({path})")
            run = (os.urandom(8).hex(),) if script == REBUILD else ()
            http_results[name] = wrk(port, path, connections, BENCH / script, headers, run)
        settle(port)
        log("wrk: update POST")
        http_results["update POST"] = wrk(
            port,
            "/manage/",
            POST_CONNECTIONS,
            BENCH / "post_update.lua",
            (cookie_header(manager),),
            (str(pool), "2", csrf_token(manager)),
        )
        memory = [peak_rss_mib(pid) for pid in worker_pids(server)]
        facts.update(
            date=datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            machine=machine(),
            postgres=postgres_version(),
            load_before=load_before,
            load_after=load_average(),
        )
        checks = verdicts(http_results, inproc)
        report = render(facts, http_results, inproc, memory, checks)
        print()
        print(report)
        (ROOT / "docs").mkdir(exist_ok=True)
        (ROOT / "docs" / "benchmarks.md").write_text(report)
        log("Written to docs/benchmarks.md")
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        admin_sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        shutil.rmtree(work, ignore_errors=True)


def postgres_version():
    connection = psycopg2.connect(SERVER_URL)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return cursor.fetchone()[0].split()[0]
    finally:
        connection.close()


if __name__ == "__main__":
    main()
