"""wrk over one row of the benchmark, with tests/bench/traffic.lua choosing each request."""

from __future__ import annotations

import re
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.request import urlopen

from tests.bench import meters

SCRIPT = Path(__file__).with_name("traffic.lua")


@dataclass
class Row:
    """One line of the table: wrk requests `paths` at random, as a random one of `members`
    (none: anonymous), posting a reply to one of `replies` in `reply_share` of requests."""

    name: str
    paths: list[str]
    members: list[dict[str, str]] = field(default_factory=list)
    replies: list[tuple[str, str]] = field(default_factory=list)
    reply_share: float = 0.0
    target: float | None = None  # the x floor target
    warm_all: bool = False  # visit every path once first, as a long-running site's cache is


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _lines(directory: Path, name: str, lines: list[str]) -> str:
    if not lines:
        return "-"
    path = directory / name
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def _command(base: str, row: Row, directory: Path, seconds: int, connections: int) -> list[str]:
    arguments = [
        _lines(directory, "paths", row.paths),
        _lines(directory, "members", [f"{m['sessionid']} {m['csrftoken']}" for m in row.members]),
        str(row.reply_share),
        _lines(directory, "replies", [" ".join(reply) for reply in row.replies]),
        base,
    ]
    return [
        "wrk",
        "-t2",
        f"-c{connections}",
        "--timeout",
        "10s",
        f"-d{seconds}s",
        "--latency",
        "-s",
        str(SCRIPT),
        base,
        "--",
        *arguments,
    ]


def _parse_wrk(output: str, row: Row) -> dict:
    if "Latency Distribution" not in output or "99%" not in output:
        raise RuntimeError(f"wrk measured nothing for {row.name}:\n{output}")
    latency = {
        pct: float(value) * _UNITS[unit]
        for pct, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: .*", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50": latency["50"],
        "p99": latency["99"],
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(0) if socket_errors else "",
    }


def _visit_all(base: str, paths: list[str]) -> None:
    def visit(path: str) -> None:
        with urlopen(base + path, timeout=60) as response:
            response.read()

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(visit, paths))


def measure(server_pid: int, base: str, row: Row, *, seconds: int, connections: int) -> dict:
    """wrk over the row (after a short warm-up), with the CPU the app's workers and the
    database's backends used meanwhile, per request."""
    if row.warm_all:
        _visit_all(base, row.paths)
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as directory:
        warm_up = _command(base, row, Path(directory), 2, connections)
        subprocess.run(warm_up, capture_output=True, check=True)
        workers, backends = meters.children(server_pid), meters.database_backends()
        app, database = meters.cpu_ms(workers), meters.cpu_ms(backends)
        command = _command(base, row, Path(directory), seconds, connections)
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        app_used = meters.cpu_delta_ms(app, meters.cpu_ms(workers))
        backends_after = sorted(set(backends) | set(meters.database_backends()))
        database_used = meters.cpu_delta_ms(database, meters.cpu_ms(backends_after))
    result = _parse_wrk(output, row)
    requests = result["requests"]  # none: nothing answered within the row (raise BENCH_SECONDS)
    result["app_ms"] = app_used / requests if requests else None
    result["db_ms"] = database_used / requests if requests and backends_after else None
    return result
