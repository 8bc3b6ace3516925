"""Load test: gunicorn (2 workers) on loopback, 50 users on the district dashboard.

    DATABASE_URL=... .venv/bin/python bench/loadtest.py [--duration 60] [--think-ms 5000]

Runs the app as production would (DEBUG=false, static files collected into a
temporary directory, SECURE_HTTPS=false for plain HTTP on loopback, gunicorn
with threaded workers as README.md "Production" says), signs the bench district
admin in once through the real login form (with a fresh random password set for
this run), warms both workers up, then sends the load with that session cookie:
each of the 50 users waits ``--think-ms`` (+-50 %) between page loads, 5 s by
default (an officer reading the page); ``--think-ms 0`` saturates the server
instead (throughput, not latency). The users are Python threads (a connection
per page load); ``--think-ms 0`` uses ``wrk`` (``apt-get install -y wrk``) when
installed. ``--change-every S`` makes a real edit every S seconds during the
test through a write function (``common.Editor``: an assessment item of the
page's district, or of a random district with ``--change-where anywhere``), as
an officer saving a form would; each write refreshes the district's figure rows
in its transaction, so the page loads compete with those writes. ``--write-users N``
makes N of the users save forms over HTTP instead of reading, as a person does in the
browser (``write_mix.py``: progress updates and attendance saves, each user signed in
through the login form); after the run the rows they stored are counted against their
successful posts. Prints p50/p99 and errors per kind of request (the dashboard, each
kind of write, the write users' form pages), requests per second (and the edits' own
times), the CPU of gunicorn, PostgreSQL and this process over the run (``cpu_use``), and
writes JSON to ``bench/results/``."""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    RESULTS,
    ROOT,
    Editor,
    bench_users,
    percentile,
    setup_django,
    verdict,
)
from cpu_use import CpuUse  # noqa: E402
from write_mix import ATTENDANCE, FORM_PAGES, PROGRESS, Browser, WriteMix  # noqa: E402

TARGET_P99_MS = 300
READ = "read"
KIND_LABELS = {
    READ: "read pages (dashboard)",
    PROGRESS: "progress update (POST)",
    ATTENDANCE: "attendance save (POST)",
    FORM_PAGES: "write users' pages (GET)",
}
# An officer reads a dashboard (score cards, charts, the gap list) for several
# seconds before the next page: 5 s on average, 2.5-7.5 s (see bench/README.md).
DEFAULT_THINK_MS = 5000
WRK_SCRIPT = """
math.randomseed(os.time())
function delay()
    if {think} == 0 then return 0 end
    return math.floor({think} * (0.5 + math.random()))
end
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--district", help="kode kabupaten/kota (bawaan: seperti run.py)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument(
        "--write-users",
        type=int,
        default=0,
        help="berapa dari --users yang mengisi formulir (perkembangan RTL, kehadiran) lewat HTTP",
    )
    parser.add_argument("--duration", type=int, default=60, help="detik")
    parser.add_argument(
        "--think-ms",
        type=int,
        default=DEFAULT_THINK_MS,
        help="rata-rata jeda antarhalaman per pengguna (+-50 %%); 0 = jenuh",
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads",
        type=int,
        default=2,
        help="utas per worker gthread (seperti README: Production)",
    )
    parser.add_argument(
        "--change-every",
        type=float,
        default=0,
        help="detik antarperubahan data (lewat fungsi tulis) selama uji (0 = tanpa perubahan)",
    )
    parser.add_argument(
        "--change-where",
        choices=["district", "anywhere"],
        default="district",
        help="perubahan di kabupaten/kota halaman itu (bawaan) atau di mana saja (acak)",
    )
    parser.add_argument("--url-name", default="indicators:district")
    parser.add_argument(
        "--client",
        choices=["wrk", "python"],
        help="bawaan: Python threads with think time, wrk for --think-ms 0",
    )
    args = parser.parse_args()
    if not 0 <= args.write_users <= args.users:
        parser.error("--write-users must be between 0 and --users")
    if args.write_users and args.client == "wrk":
        parser.error("--write-users needs the Python client: wrk cannot fill in a form")
    # wrk reopens a connection as soon as the server closes one, then sits on it
    # for the think time (with sync workers that blocked a whole worker; gthread
    # parks it in the worker's poller), so wrk with think time measures connection handling
    # rather than the page. With think time, users are threads that open a
    # connection per page load, as a browser without keep-alive does.
    saturate = args.think_ms == 0 and not args.write_users and shutil.which("wrk")
    args.client = args.client or ("wrk" if saturate else "python")
    return args


def prepare(args):
    """Pick the district and page, give the bench admin a fresh password for this run,
    and the write users' records (``write_mix.WriteMix``)."""
    setup_django()
    from django.urls import reverse
    from run import choose_district

    from bench import scale

    district = choose_district(args.district)
    args.year = scale.scale_assessments().order_by("-year").values_list("year", flat=True).first()
    user = bench_users(district)["district"]
    password = secrets.token_urlsafe(24)
    user.set_password(password)
    user.save(update_fields=["password"])
    mix = WriteMix(district, user, args.write_users) if args.write_users else None
    return district, user.username, password, reverse(args.url_name, args=[district.code]), mix


def gunicorn_command(args) -> list[str]:
    """The command README.md ("Production") recommends, with the test's size and port.

    Threaded workers (gthread): a connection that sits idle between requests
    (keep-alive, a browser's pre-opened connection) waits in the worker's poller and
    takes a thread only once a request arrives, so one slow client does not hold up
    the others; two threads, so a request waiting on the database or a conversion
    does not hold up the worker either.
    """
    return [
        str(Path(sys.executable).parent / "gunicorn"),
        "kla_portal.wsgi",
        "--workers",
        str(args.workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(args.threads),
        "--bind",
        f"127.0.0.1:{args.port}",
    ]


def server_env(static_root):
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_HTTPS="false",
        STATIC_ROOT_OVERRIDE=str(static_root),
        DJANGO_SETTINGS_MODULE="loadtest_settings",
        PYTHONPATH=os.pathsep.join([str(ROOT / "bench"), str(ROOT)]),
    )
    return env


def wait_for(base, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/akun/masuk/", timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer in time")


def login(base, username, password):
    """Sign in through the form once; returns the Cookie header the readers (and wrk) send."""
    browser = Browser(base)
    browser.sign_in(username, password)
    return "; ".join(f"{name}={value}" for name, value in browser.cookies().items())


def parse_wrk(output):
    def ms(text):
        number, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
        return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.M))
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = sum(map(int, socket.groups())) if socket else 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    non_2xx = int(non_2xx.group(1)) if non_2xx else 0
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": ms(latency["50"]),
        "p90_ms": ms(latency["90"]),
        "p99_ms": ms(latency["99"]),
        "socket_errors": errors,
        "non_2xx": non_2xx,
        "errors": errors + non_2xx,
    }


class Recorder:
    """Times and errors of the requests by kind (the dashboard, each kind of write, the
    write users' form pages), so that a slow or failing kind does not hide in the rest."""

    def __init__(self):
        self.times = {kind: [] for kind in KIND_LABELS}
        self.errors = {kind: [] for kind in KIND_LABELS}

    def add(self, kind, ms, error=None):
        """A request that was answered; ``error`` says what was wrong with the answer."""
        self.times[kind].append(ms)
        if error:
            self.errors[kind].append(error)

    def error(self, kind, error):
        """A request with no answer (refused, timed out), or stored rows that do not match."""
        self.errors[kind].append(error)


def figures(times, errors, duration) -> dict:
    """Percentiles of the answered requests, and the errors with a few distinct examples."""
    row = {"requests": len(times), "errors": len(errors), "error_samples": sorted(set(errors))[:5]}
    if times:
        row.update(
            requests_per_s=round(len(times) / duration, 1),
            p50_ms=round(percentile(times, 0.5), 1),
            p90_ms=round(percentile(times, 0.9), 1),
            p99_ms=round(percentile(times, 0.99), 1),
            max_ms=round(max(times), 1),
            over_500_ms=sum(1 for ms in times if ms > 500),
        )
    return row


def summarize(recorder: Recorder, duration) -> dict:
    """All requests together (the headline figures), and each kind on its own."""
    every_time = [ms for times in recorder.times.values() for ms in times]
    every_error = [e for errors in recorder.errors.values() for e in errors]
    result = figures(every_time, every_error, duration)
    result["kinds"] = {
        kind: figures(recorder.times[kind], recorder.errors[kind], duration)
        for kind in KIND_LABELS
        if recorder.times[kind] or recorder.errors[kind]
    }
    return result


def python_client(args, url, cookie, writers=()) -> Recorder:
    """The load without wrk: a thread per user, a new connection per request. Readers
    load the page with the shared session cookie; the write users (``write_mix``) fill
    in their forms with sessions of their own."""
    parsed = urllib.parse.urlsplit(url)
    recorder = Recorder()
    stop = time.monotonic() + args.duration

    def think(rng):
        time.sleep(args.think_ms / 1000 * (0.5 + rng.random()))

    def reader(number):
        rng = random.Random(number)
        time.sleep(rng.random() * args.think_ms / 1000)
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
                connection.request("GET", parsed.path, headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
                connection.close()
                wrong = response.status != 200
                recorder.add(
                    READ,
                    (time.perf_counter() - started) * 1000,
                    f"GET {parsed.path}: HTTP {response.status}" if wrong else None,
                )
            except OSError as exc:
                recorder.error(READ, repr(exc))
            think(rng)

    def writer(user):
        time.sleep(user.rng.random() * args.think_ms / 1000)
        user.run_until(stop, lambda: think(user.rng), recorder)

    readers = range(args.users - len(writers))
    threads = [threading.Thread(target=writer, args=(user,)) for user in writers]
    threads += [threading.Thread(target=reader, args=(n,)) for n in readers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return recorder


def wrk_client(args, url, cookie, tmp):
    script = Path(tmp) / "think.lua"
    script.write_text(WRK_SCRIPT.format(think=args.think_ms), encoding="utf-8")
    done = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{args.users}",
            f"-d{args.duration}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(script),
            "-H",
            f"Cookie: {cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    print(done.stdout)
    return parse_wrk(done.stdout)


class ChangeMaker(threading.Thread):
    """Makes a real edit every ``seconds`` through a write function (``common.Editor``), as
    an officer saving a form would, in the page's district or anywhere; each write
    refreshes its district's figure rows in its own transaction."""

    def __init__(self, district, year, seconds: float, where: str):
        super().__init__(daemon=True)
        self.district, self.seconds, self.where = district, seconds, where
        self.year, self.count, self.times, self.writes, self.errors = year, 0, [], set(), []
        self.done = threading.Event()

    def run(self):
        from django.db import connection

        if self.seconds:
            editor = Editor(self.year, seed=11)
        while self.seconds and not self.done.wait(self.seconds):
            code = self.district.code if self.where == "district" else editor.random_district()
            try:
                done = editor.edit(code)
            except Exception as exc:  # counted and shown, the load goes on
                self.errors.append(repr(exc))
                continue
            self.times.append(done["ms"])
            self.writes.add(done["write"])
            self.count += 1
        connection.close()

    def stop(self):
        self.done.set()
        self.join()

    def summary(self) -> dict:
        if not self.times:
            return {"data_changes": 0, "change_errors": len(self.errors)}
        return {
            "data_changes": self.count,
            "change_errors": len(self.errors),
            "change_writes": sorted(self.writes),
            "change_p50_ms": round(percentile(self.times, 0.5), 1),
            "change_p99_ms": round(percentile(self.times, 0.99), 1),
        }


def print_summary(result) -> None:
    """Each kind of request on a line of its own, the stored writes, then the headline."""
    kinds = result.get("kinds", {})
    if len(kinds) > 1:
        print(f"{'':<26} {'requests':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
        for kind, row in kinds.items():
            print(
                f"{KIND_LABELS[kind]:<26} {row['requests']:>8} {row.get('p50_ms', 0):>8.1f}"
                f" {row.get('p99_ms', 0):>8.1f} {row['errors']:>6}"
            )
    for kind, row in kinds.items():
        for sample in row["error_samples"]:
            print(f"  error ({KIND_LABELS[kind]}): {sample}")
    for kind, counts in result.get("writes", {}).items():
        print(
            f"stored after the run ({KIND_LABELS[kind]}): {counts['stored']} rows for"
            f" {counts['posted']} successful posts: {verdict(counts['stored'] == counts['posted'])}"
        )
    cpu = result.get("cpu_percent_of_a_core")
    if cpu:
        per_request = (
            cpu["server"] * 10 / result["requests_per_s"] if result.get("requests_per_s") else 0
        )
        print(
            f"CPU during the run, % of a core: gunicorn {cpu['server']:.0f}"
            f" ({per_request:.1f} ms per request), PostgreSQL {cpu['postgresql']:.0f},"
            f" load generator {cpu['load_generator']:.0f}; the machine"
            f" {cpu['machine_busy_percent']:.0f} % busy ({cpu['cores']} cores)"
        )
    errors = result["errors"]
    print(
        f"all requests: p50 {result.get('p50_ms', 0):.1f} ms, p99 {result.get('p99_ms', 0):.1f} ms,"
        f" {result.get('requests_per_s', 0):.1f} req/s, errors {errors}"
        f" | p99 < {TARGET_P99_MS} ms: {verdict(result.get('p99_ms', 1e9) < TARGET_P99_MS)}"
        f" | zero errors: {verdict(errors == 0)}"
    )
    if result.get("data_changes") or result.get("change_errors"):
        print(
            f"edits during the test: {result['data_changes']}"
            f" ({', '.join(result.get('change_writes', []))}),"
            f" p50 {result.get('change_p50_ms', 0):.1f} ms,"
            f" p99 {result.get('change_p99_ms', 0):.1f} ms each,"
            f" failed {result['change_errors']}"
        )


def verify_writes(mix: WriteMix, recorder: Recorder) -> dict:
    """Rows stored against successful posts; a difference is an error of that kind."""
    writes = mix.verify()
    for kind, counts in writes.items():
        if counts["stored"] != counts["posted"]:
            recorder.error(
                kind, f"{counts['stored']} rows stored for {counts['posted']} successful posts"
            )
    return writes


def main():
    args = parse_args()
    if args.client == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk (or --client python)")
    district, username, password, path, mix = prepare(args)
    from django.db import connection

    base = f"http://127.0.0.1:{args.port}"
    with tempfile.TemporaryDirectory() as tmp:
        env = server_env(Path(tmp) / "static")
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--no-input", "-v0"],
            env=env,
            check=True,
        )
        gunicorn = subprocess.Popen(
            [
                *gunicorn_command(args),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        try:
            wait_for(base)
            cookie = login(base, username, password)
            check = urllib.request.Request(base + path, headers={"Cookie": cookie})
            # Warm both workers up (imports, connections, templates) before measuring.
            for _ in range(10 * args.workers):
                with urllib.request.urlopen(check) as response:
                    if response.status != 200 or response.url != base + path:
                        raise SystemExit(f"{path} answered {response.status} at {response.url}")
            writers = mix.sign_in(base, password) if mix else []
            for writer in writers:
                writer.warm_up()
            print(
                f"{args.client} on {connection.vendor}: {args.users} users on {path}"
                f" ({district.name})"
                + (f", {len(writers)} of them saving forms instead" if writers else "")
                + f" for {args.duration} s, think time {args.think_ms} ms, gunicorn --workers "
                f"{args.workers} --worker-class gthread --threads {args.threads}"
                + (
                    f", an edit every {args.change_every} s ({args.change_where})"
                    if args.change_every
                    else ""
                )
            )
            changes = ChangeMaker(district, args.year, args.change_every, args.change_where)
            cpu = CpuUse(gunicorn.pid)
            changes.start()
            if mix:
                mix.start()
            cpu.start()
            try:
                if args.client == "wrk":
                    result = wrk_client(args, base + path, cookie, tmp)
                else:
                    recorder = python_client(args, base + path, cookie, writers)
            finally:
                cpu_use = cpu.stop()
                changes.stop()
        finally:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(timeout=30)
    if args.client != "wrk":
        writes = verify_writes(mix, recorder) if mix else {}
        result = {**summarize(recorder, args.duration), "writes": writes}
    result.update(changes.summary())
    result["cpu_percent_of_a_core"] = cpu_use
    print_summary(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{time.strftime('%Y%m%d-%H%M%S')}-loadtest.json"
    out.write_text(
        json.dumps(
            {
                "database": connection.vendor,
                "url": path,
                "users": args.users,
                "write_users": args.write_users,
                "duration_s": args.duration,
                "think_ms": args.think_ms,
                "workers": args.workers,
                "threads": args.threads,
                "worker_class": "gthread",
                "client": args.client,
                "change_every_s": args.change_every,
                "change_where": args.change_where,
                **result,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"results: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
