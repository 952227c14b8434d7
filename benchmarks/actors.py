"""Benchmark of the actors directory and map with 50,000 organisations on PostgreSQL,
measured from outside the server process. Usage and figures: benchmarks/README.md."""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CSV = REPO.parent / "shared" / "data" / "european_organisations.csv"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cobioe_bench"
VENV_BIN = Path(sys.executable).parent

DIRECTORY_URL = "/actors/?stage=production&country=FR&q=bio"
MAP_URL = "/actors/map.geojson"
TARGETS_MS = {DIRECTORY_URL: 150, MAP_URL: 500}

SYNTHETIC_SOURCE = "benchmark"
BATCH = 2000

# The server's environment: production settings, plain HTTP on loopback.
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "cobioe.settings.production",
    "SECRET_KEY": "benchmark-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_HSTS_SECONDS": "0",
    "LOG_LEVEL": "WARNING",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}


def main() -> int:
    args = parse_args()
    if not args.csv.is_file():
        print(
            f"The ROR extract is not at {args.csv}.\n"
            "Give its path as the first argument (the 19,577-row european_organisations.csv "
            "described in actors/data/README.md), or place it there.",
            file=sys.stderr,
        )
        return 2
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not database_url.startswith(("postgres://", "postgresql://")):
        print(
            "The benchmark measures PostgreSQL: DATABASE_URL must be postgres://", file=sys.stderr
        )
        return 2
    vendor = REPO / "actors" / "static" / "actors" / "vendor" / "leaflet" / "leaflet.js"
    if not vendor.is_file():
        print(
            "Leaflet is not vendored into the static files: run scripts/vendor-static "
            "(make install does) first.",
            file=sys.stderr,
        )
        return 2

    scratch = tempfile.mkdtemp(prefix="cobioe-bench-")
    try:
        return run(args, database_url, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run(args, database_url: str, scratch: str) -> int:
    env = {
        **os.environ,
        **SERVER_ENV,
        "DATABASE_URL": database_url,
        "STATIC_ROOT": os.path.join(scratch, "static"),
        "CONN_MAX_AGE": str(args.conn_max_age),
        "MEDIA_ROOT": os.path.join(scratch, "media"),
    }
    os.environ.update(env)
    sys.path.insert(0, str(REPO))

    ensure_database(database_url, fresh=args.fresh)
    import django

    django.setup()
    from django.core.management import call_command

    step("Migrating")
    call_command("migrate", verbosity=0)
    import_extract(args.csv)
    generate(args.total)
    analyse()
    step("Collecting static files")
    call_command("collectstatic", interactive=False, verbosity=0)

    port = free_port()
    server = start_server(env, port, args.workers)
    load_before = os.getloadavg()[0]
    try:
        wait_until_up(port, server)
        results = {url: measure(port, url, args.requests, args.warmup) for url in TARGETS_MS}
        rss = server_rss(server.pid)
    finally:
        stop(server)
    report(results, rss, args, (load_before, os.getloadavg()[0]))
    if args.explain:
        explain()
    return 0 if all(results[url]["median"] < TARGETS_MS[url] for url in TARGETS_MS) else 1


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--total", type=int, default=50_000, help="organisations in all")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per URL")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per URL first")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=60,
        help="CONN_MAX_AGE of the server (the production example uses 60)",
    )
    parser.add_argument(
        "--fresh", action="store_true", help="drop and recreate the benchmark database first"
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print EXPLAIN ANALYZE of the SQL the two pages run",
    )
    return parser.parse_args()


def step(message: str):
    print(f"== {message}", flush=True)


# The database ---------------------------------------------------------------------------


def ensure_database(url: str, fresh: bool):
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = config["NAME"]
    maintenance = psycopg.connect(
        dbname="postgres",
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        autocommit=True,
    )
    with maintenance:
        exists = maintenance.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        quoted = sql.Identifier(name)
        if exists and fresh:
            step(f"Dropping database {name}")
            maintenance.execute(sql.SQL("DROP DATABASE {}").format(quoted))
            exists = None
        if not exists:
            step(f"Creating database {name}")
            maintenance.execute(sql.SQL("CREATE DATABASE {}").format(quoted))


def import_extract(csv_path: Path):
    from actors.importer import Importer

    step(f"Importing {csv_path}")
    started = time.monotonic()
    report = Importer(progress=sys.stderr).run(csv_path)
    print(
        f"   {report.rows:,} rows in {time.monotonic() - started:.1f} s: "
        f"{report.created:,} created, {report.updated:,} updated, "
        f"{report.skipped:,} skipped, {len(report.rejected):,} rejected"
    )


def generate(total: int):
    """Synthetic organisations, placed like the real ones, up to `total` in all."""
    from django.utils.text import slugify

    from actors.models import ActorType, Organisation, Technology, ValueChainStage

    missing = total - Organisation.objects.count()
    if missing <= 0:
        step(f"{Organisation.objects.count():,} organisations already: none generated")
        return
    step(f"Generating {missing:,} synthetic organisations")
    started = time.monotonic()
    rng = random.Random(20240220)  # noqa: S311 - test data, not security
    places = list(
        Organisation.objects.filter(source="ror")
        .exclude(latitude=None)
        .values_list("country", "city", "latitude", "longitude")
    )
    type_ids = list(ActorType.objects.values_list("pk", flat=True))
    stage_ids = list(ValueChainStage.objects.values_list("pk", flat=True))
    technology_ids = list(Technology.objects.values_list("pk", flat=True))
    taken = set(Organisation.objects.values_list("slug", flat=True))
    first = Organisation.objects.filter(source=SYNTHETIC_SOURCE).count()
    statuses = [Organisation.Status.PUBLISHED] * 18 + [
        Organisation.Status.PENDING,
        Organisation.Status.DRAFT,
    ]
    stage_through = Organisation.stages.through
    technology_through = Organisation.technologies.through

    for start in range(0, missing, BATCH):
        batch = []
        for n in range(first + start, first + min(missing, start + BATCH)):
            country, city, latitude, longitude = rng.choice(places)
            name = synthetic_name(rng, n)
            slug = slugify(name)
            while slug in taken:
                slug = f"{slug}-{n}"
            taken.add(slug)
            organisation = Organisation(
                name=name,
                slug=slug,
                actor_type_id=rng.choice(type_ids),
                description=synthetic_description(rng),
                capabilities=rng.choice(CAPABILITIES),
                country=country,
                city=city,
                latitude=round(latitude + rng.uniform(-0.05, 0.05), 5),
                longitude=round(longitude + rng.uniform(-0.05, 0.05), 5),
                year_founded=rng.randint(1950, 2024),
                status=rng.choice(statuses),
                source=SYNTHETIC_SOURCE,
            )
            organisation.search_text = organisation.build_search_text()
            batch.append(organisation)
        batch = Organisation.objects.bulk_create(batch)
        stage_through.objects.bulk_create(
            stage_through(organisation_id=organisation.pk, valuechainstage_id=stage_id)
            for organisation in batch
            for stage_id in rng.sample(stage_ids, rng.randint(1, 3))
        )
        technology_through.objects.bulk_create(
            technology_through(organisation_id=organisation.pk, technology_id=technology_id)
            for organisation in batch
            for technology_id in rng.sample(technology_ids, rng.randint(0, 3))
        )
    print(f"   in {time.monotonic() - started:.1f} s; {Organisation.objects.count():,} in all")


PREFIXES = (
    "Bio",
    "Gen",
    "Cell",
    "Vita",
    "Thera",
    "Immuno",
    "Vecto",
    "Helix",
    "Nova",
    "Proto",
    "Medi",
    "Lumen",
    "Apex",
    "Nordic",
    "Alpine",
)
ROOTS = ("gen", "cyte", "vax", "mab", "form", "line", "vector", "path", "core", "nexus")
KINDS = (
    "Therapeutics",
    "Biologics",
    "Labs",
    "Manufacturing",
    "Institute",
    "Clinic",
    "Platform",
    "Solutions",
    "Pharma",
    "Network",
)
CAPABILITIES = (
    "GMP manufacturing of viral vectors",
    "Cell banking and characterisation",
    "Analytical development and release testing",
    "Upstream process development in single-use bioreactors",
    "Fill and finish of sterile injectables",
    "Clinical trial design and regulatory affairs",
    "",
)
ACTIVITIES = (
    "develops",
    "manufactures",
    "tests",
    "scales up",
    "trains people in",
    "finances",
    "supports access to",
)
PRODUCTS = (
    "cell therapies",
    "gene therapies",
    "monoclonal antibodies",
    "vaccines",
    "recombinant proteins",
    "mRNA medicines",
    "biosimilars",
    "tissue-engineered products",
)


def synthetic_name(rng, n: int) -> str:
    return f"{rng.choice(PREFIXES)}{rng.choice(ROOTS)} {rng.choice(KINDS)} {n}"


def synthetic_description(rng) -> str:
    return (
        f"<p>Synthetic benchmark record: {rng.choice(ACTIVITIES)} "
        f"{rng.choice(PRODUCTS)} and {rng.choice(PRODUCTS)}.</p>"
    )


def analyse():
    from django.db import connection

    step("ANALYZE (fresh planner statistics, as autovacuum would give)")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# The server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict, port: int, workers: int) -> subprocess.Popen:
    step(f"Starting gunicorn with {workers} workers on 127.0.0.1:{port}")
    return subprocess.Popen(  # noqa: S603 - our own venv's gunicorn, fixed arguments
        [
            str(VENV_BIN / "gunicorn"),
            "cobioe.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=REPO,
        env=env,
    )


def wait_until_up(port: int, server: subprocess.Popen, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10):  # noqa: S310
                return
        except OSError:  # refused while binding, or timed out while the workers boot
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within a minute")


def stop(server: subprocess.Popen):
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def measure(port: int, path: str, requests: int, warmup: int) -> dict:
    step(f"GET {path}: {warmup} warm-up then {requests} timed requests")
    url = f"http://127.0.0.1:{port}{path}"
    timings, size = [], 0
    for n in range(warmup + requests):
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback
            body = response.read()
            if response.status != 200:
                raise SystemExit(f"{path} answered {response.status}")
        elapsed = (time.perf_counter() - started) * 1000
        if n >= warmup:
            timings.append(elapsed)
        size = len(body)
    timings.sort()
    return {
        "median": statistics.median(timings),
        "p95": statistics.quantiles(timings, n=20, method="inclusive")[18],
        "min": timings[0],
        "max": timings[-1],
        "bytes": size,
        "body": body,
    }


def server_rss(pid: int) -> dict[int, int]:
    """Resident memory in kB of the gunicorn master and each of its workers."""
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    rss = {}
    for process in pids:
        for line in Path(f"/proc/{process}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss[process] = int(line.split()[1])
    return rss


# The report -----------------------------------------------------------------------------


def report(results: dict, rss: dict[int, int], args, load: tuple[float, float]):
    import json

    from actors.models import Organisation

    organisations = Organisation.objects.count()
    published = Organisation.objects.published().count()
    print()
    print(f"Organisations: {organisations:,} ({published:,} published)")
    print(f"Server: gunicorn, {args.workers} workers, CONN_MAX_AGE={args.conn_max_age}; ", end="")
    print(f"{os.cpu_count()} CPUs; {args.requests} timed requests per URL, one at a time")
    # Other work on the machine skews the figures: say how busy it was.
    print(f"Load average (1 min) before and after: {load[0]:.2f}, {load[1]:.2f}")
    for url, result in results.items():
        target = TARGETS_MS[url]
        verdict = (
            "OK" if result["median"] < target else f"MISSED by {result['median'] - target:.0f} ms"
        )
        extra = ""
        if url == MAP_URL:
            features = len(json.loads(result["body"])["features"])
            extra = f", {features:,} features"
        print(
            f"  {url}\n    median {result['median']:.1f} ms, p95 {result['p95']:.1f} ms "
            f"(min {result['min']:.1f}, max {result['max']:.1f}); target median < {target} ms: "
            f"{verdict}; {result['bytes'] / 1024:,.0f} KiB{extra}"
        )
    master = next(iter(rss))
    workers = [kb for pid, kb in rss.items() if pid != master]
    print(
        f"  Server memory (RSS): master {rss[master] / 1024:.0f} MiB, workers "
        + ", ".join(f"{kb / 1024:.0f} MiB" for kb in workers)
        + f"; total {sum(rss.values()) / 1024:.0f} MiB"
    )


def explain():
    """The SQL each page runs (in this process, same code and database), slowest first,
    with the plan of the three slowest."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for url in TARGETS_MS:
        client.get(url, HTTP_HOST="127.0.0.1")  # warm any cache, as the timed runs were
        with CaptureQueriesContext(connection) as captured:
            client.get(url, HTTP_HOST="127.0.0.1")
        print(f"\n== {url}: {len(captured.captured_queries)} queries")
        timed = []
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                plan = [row[0] for row in cursor.fetchall()]
                execution = next(
                    (float(line.split()[2]) for line in plan if line.startswith("Execution Time")),
                    0.0,
                )
                timed.append((execution, sql, plan))
        timed.sort(key=lambda item: item[0], reverse=True)
        for execution, sql, _plan in timed:
            print(f"  {execution:8.1f} ms  {sql[:150]}")
        for execution, sql, plan in timed[:3]:
            print(f"\n  -- {execution:.1f} ms: {sql[:2000]}")
            print("\n".join(f"     {line}" for line in plan))


if __name__ == "__main__":
    sys.exit(main())
