"""Driving wrk: the data file its Lua script (bench/lua/bench.lua) reads, the command line, and
reading its output back into numbers. No Django here: the runner imports it outside the site."""

import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "lua" / "bench.lua"
MARKER = "BENCH_RESULT "


def lua_string(value: str) -> str:
    """A Lua long-bracket-free string literal (decimal escapes for everything unusual)."""
    out = []
    for char in value:
        code = ord(char)
        if char in '"\\' or code < 32 or code > 126:
            out.extend(f"\\{byte}" for byte in char.encode())
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def lua_request(request: dict) -> str:
    headers = ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in request.get("headers", {}).items())
    body = lua_string(request["body"]) if request.get("body") is not None else "nil"
    return (
        f"{{method = {lua_string(request['method'])}, path = {lua_string(request['path'])}, "
        f"headers = {{{headers}}}, body = {body}}}"
    )


def lua_data(pages: list[dict]) -> str:
    """The data file for ``pages`` (each ``{"sequences": [[request, ...], ...]}``): a POST
    sequence is marked ``once``, so the script counts a form sent a second time."""
    lines = ["return {"]
    for page in pages:
        lines.append("  {")
        for sequence in page["sequences"]:
            once = "true" if any(r["method"] != "GET" for r in sequence) else "false"
            requests = ",\n      ".join(lua_request(r) for r in sequence)
            lines.append(f"    {{once = {once},\n      {requests}}},")
        lines.append("  },")
    lines.append("}")
    return "\n".join(lines) + "\n"


@dataclass
class WrkResult:
    requests: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p90_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    non_2xx_3xx: int
    socket_errors: dict
    codes: dict = field(default_factory=dict)
    wraps: int = 0

    @property
    def errors(self) -> int:
        """Every request that did not end in a 2xx or 3xx answer: error statuses, timeouts and
        connections that failed."""
        return self.non_2xx_3xx + sum(self.socket_errors.values())

    def as_dict(self):
        return {
            "requests": self.requests,
            "seconds": self.seconds,
            "requests_per_second": round(self.requests_per_second, 1),
            "p50_ms": self.p50_ms,
            "p90_ms": self.p90_ms,
            "p95_ms": self.p95_ms,
            "p99_ms": self.p99_ms,
            "max_ms": self.max_ms,
            "non_2xx_3xx": self.non_2xx_3xx,
            "socket_errors": self.socket_errors,
            "errors": self.errors,
            "codes": self.codes,
            "forms_sent_twice": self.wraps,
        }


class WrkOutputError(ValueError):
    pass


def parse(output: str) -> WrkResult:
    """wrk's output with our script's ``BENCH_RESULT`` line → the numbers. The summary text wrk
    prints itself ("Non-2xx or 3xx responses", "Socket errors", "Requests/sec") must agree
    with the script's counts; a disagreement is an error, not a guess."""
    line = next((x for x in output.splitlines() if x.startswith(MARKER)), None)
    if line is None:
        raise WrkOutputError(f"no {MARKER.strip()} line in wrk's output:\n{output[-2000:]}")
    raw = json.loads(line[len(MARKER) :])
    errors = raw["errors"]
    non_2xx = errors["status"]
    text_non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if (int(text_non_2xx.group(1)) if text_non_2xx else 0) != non_2xx:
        raise WrkOutputError("wrk's 'Non-2xx or 3xx responses' disagrees with the script's count")
    socket = {k: errors[k] for k in ("connect", "read", "write", "timeout")}
    text_socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if text_socket and [int(n) for n in text_socket.groups()] != list(socket.values()):
        raise WrkOutputError("wrk's 'Socket errors' line disagrees with the script's counts")
    seconds = raw["duration_us"] / 1e6
    latency = raw["latency_us"]
    return WrkResult(
        requests=raw["requests"],
        seconds=round(seconds, 2),
        requests_per_second=raw["requests"] / seconds if seconds else 0.0,
        p50_ms=latency["p50"] / 1000,
        p90_ms=latency["p90"] / 1000,
        p95_ms=latency["p95"] / 1000,
        p99_ms=latency["p99"] / 1000,
        max_ms=latency["max"] / 1000,
        non_2xx_3xx=non_2xx,
        socket_errors=socket,
        codes={int(k): v for k, v in raw["codes"].items()},
        wraps=raw.get("wraps", 0),
    )


def command(url, data_file, *, threads, connections, seconds, timeout=30):
    return [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        f"--timeout={timeout}s",
        "--latency",
        "-s",
        str(SCRIPT),
        url,
        "--",
        str(data_file),
        str(threads),
    ]


def run(url, pages, data_file, *, threads, connections, seconds, timeout=30) -> WrkResult:
    """Load ``url`` with ``pages`` (see :func:`lua_data`) and return the numbers."""
    Path(data_file).write_text(lua_data(pages))
    threads = min(threads, connections)
    done = subprocess.run(  # noqa: S603  (our own fixed command line)
        command(url, data_file, threads=threads, connections=connections, seconds=seconds, timeout=timeout),
        capture_output=True,
        text=True,
        timeout=seconds + timeout + 30,
        check=False,
    )
    if done.returncode != 0:
        raise WrkOutputError(f"wrk failed ({done.returncode}): {done.stderr[-2000:]}")
    return parse(done.stdout)
