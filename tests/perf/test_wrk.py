"""The load tool's side of `make bench`: the Lua script sends what the plan says (cookies,
POST bodies, each person's requests in order) and its output becomes the right numbers.

Runs real wrk against a tiny local server. Without wrk the tests skip, except in CI
(``CI=true``), where a missing wrk fails them."""

import os
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import wrk

if shutil.which("wrk") is None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("wrk is not installed (make bench installs Debian's wrk); CI must have it", pytrace=False)
    pytest.skip("wrk is not installed (apt-get install wrk)", allow_module_level=True)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen = []  # (method, path, cookie, body)
    lock = threading.Lock()

    def answer(self, body=b""):
        with self.lock:
            self.seen.append((self.command, self.path, self.headers.get("Cookie"), body.decode()))
        status = 500 if self.path.startswith("/fout") else (302 if self.command == "POST" else 200)
        payload = b"ok"
        self.send_response(status)
        if status == 302:
            self.send_header("Location", "/")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self):  # noqa: N802  (http.server's name)
        self.answer()

    def do_POST(self):  # noqa: N802
        self.answer(self.rfile.read(int(self.headers.get("Content-Length", 0))))

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Handler.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def get(path, cookie="sessionid=a"):
    return {"method": "GET", "path": path, "headers": {"Cookie": cookie}}


def test_counts_errors_and_latency_from_real_wrk_output(server, tmp_path):
    pages = [
        {"sequences": [[get("/goed")]]},
        {"sequences": [[get("/fout")]]},
    ]
    result = wrk.run(server, pages, tmp_path / "data.lua", threads=1, connections=1, seconds=1)

    assert result.requests > 10
    # round the pages: every other request is the failing one, and each is counted
    assert set(result.codes) == {200, 500}
    assert sum(result.codes.values()) == result.requests
    assert result.non_2xx_3xx == result.codes[500]
    assert abs(result.codes[500] - result.codes[200]) <= 1
    assert result.errors == result.non_2xx_3xx
    assert 0 < result.p50_ms <= result.p95_ms <= result.max_ms
    assert result.requests_per_second == pytest.approx(result.requests / result.seconds, rel=0.05)


def test_sends_each_persons_forms_in_order_with_cookie_and_body(server, tmp_path):
    def form(person, number):
        return {
            "method": "POST",
            "path": "/quiz/",
            "headers": {"Cookie": f"sessionid={person}", "Content-Type": "application/x-www-form-urlencoded"},
            "body": f"token={person}-{number}&antwoord=%C3%A9%22",
        }

    pages = [{"sequences": [[form("anna", n) for n in (1, 2, 3)], [form("bram", n) for n in (1, 2, 3)]]}]
    result = wrk.run(server, pages, tmp_path / "data.lua", threads=1, connections=1, seconds=1)

    assert result.errors == 0
    assert result.codes == {302: result.requests}
    posts = [(cookie, body) for method, _path, cookie, body in Handler.seen if method == "POST"]
    anna = [body.split("&")[0] for cookie, body in posts if cookie == "sessionid=anna"]
    assert anna[:3] == ["token=anna-1", "token=anna-2", "token=anna-3"]
    assert posts[0][1].endswith("antwoord=%C3%A9%22")  # the body arrives byte for byte
    # more requests than forms: each time a person's forms start again, it is counted
    sent = {
        person: sum(1 for cookie, _ in posts if cookie == f"sessionid={person}")
        for person in ("anna", "bram")
    }
    assert sent["anna"] > 3
    expected = sum((n - 1) // 3 for n in sent.values())
    assert expected - 1 <= result.wraps <= expected + 1


def test_output_that_disagrees_with_wrk_summary_is_refused(server, tmp_path):
    data_file = tmp_path / "data.lua"
    data_file.write_text(wrk.lua_data([{"sequences": [[get("/fout")]]}]))
    output = subprocess.run(
        wrk.command(server, data_file, threads=1, connections=1, seconds=1),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Non-2xx or 3xx responses" in output
    assert wrk.parse(output).non_2xx_3xx == wrk.parse(output).requests

    hidden = "\n".join(line for line in output.splitlines() if "Non-2xx" not in line)
    with pytest.raises(wrk.WrkOutputError):
        wrk.parse(hidden)
    with pytest.raises(wrk.WrkOutputError):
        wrk.parse(output.replace(wrk.MARKER, "SOMETHING "))
