"""The preview server: only files under the output folder, live reload added to HTML only,
hostile requests refused. A real server on 127.0.0.1, port 0, spoken to over raw sockets."""

import socket
import threading
from pathlib import Path

import pytest

from newsdigest.errors import Problem
from newsdigest.serve.http import (
    MAX_HEAD,
    MAX_LINE,
    SCRIPT_URL,
    BuildStatus,
    PreviewServer,
    inject_script,
    resolve_request,
)

SECRET = b"the newsroom's payroll"


@pytest.fixture
def out(tmp_path) -> Path:
    out = tmp_path / "out"
    files = {"index.html": "<html><body><h1>Home</h1></body></html>",
             "stories/fire/index.html": "<html><body><h1>Fire</h1></body></html>",
             "404.html": "<html><body><h1>Page not found</h1></body></html>",
             "assets/site.css": "body { color: black }",
             "feed.xml": "<rss></rss>"}
    for rel, text in files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    (tmp_path / "secret.txt").write_bytes(SECRET)
    (out / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (out / "up").symlink_to(tmp_path)
    return out


@pytest.fixture
def server(out):
    state = BuildStatus()
    state.built()
    server = PreviewServer(("127.0.0.1", 0), out, "/", state)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield server
    state.close()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def raw(server, request: bytes, timeout: float = 5) -> tuple[int, bytes, bytes]:
    """Send bytes as they are; return (status, head, body)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    data = b"".join(chunks)
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), head, body


def get(server, path: str, headers: str = "") -> tuple[int, bytes, bytes]:
    return raw(server, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}\r\n".encode("latin-1"))


def test_pages_are_served_with_the_reload_script(server):
    status, head, body = get(server, "/stories/fire/")
    assert status == 200
    assert b"text/html" in head and b"Cache-Control: no-store" in head
    assert body.endswith(f'<script src="{SCRIPT_URL}" data-build="1"></script></body></html>'.encode())


def test_files_on_disk_are_not_changed_by_the_script(server, out):
    get(server, "/")
    assert b"__newsdigest" not in (out / "index.html").read_bytes()


def test_css_and_feeds_get_no_script(server):
    for path in ("/assets/site.css", "/feed.xml"):
        status, _, body = get(server, path)
        assert status == 200 and b"__newsdigest" not in body


def test_a_folder_without_slash_redirects(server):
    status, head, _ = get(server, "/stories/fire")
    assert status == 302 and b"Location: /stories/fire/" in head


def test_missing_page_is_404_with_the_site_404_page(server):
    status, _, body = get(server, "/stories/nope/")
    assert status == 404 and b"Page not found" in body and b"__newsdigest" in body


def test_the_live_script_and_head_requests(server):
    status, head, body = get(server, SCRIPT_URL)
    assert status == 200 and b"javascript" in head and b"EventSource" in body
    status, head, body = raw(server, b"HEAD / HTTP/1.1\r\nHost: localhost:8000\r\n\r\n")
    assert status == 200 and body == b""


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/stories/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
    "/.%2e/secret.txt", "/stories/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt",
    "/%2e%2e%2fsecret.txt", "/%252e%252e/secret.txt", "/%252e%252e%252fsecret.txt",
    "/..%5csecret.txt", "/..\\secret.txt", "/%2fetc%2fpasswd", "//etc/passwd", "/%00",
    "/etc/passwd", "http://evil.example/../secret.txt", "/leak.txt", "/up/secret.txt",
    "/%c0%ae%c0%ae/secret.txt", "/stories/./fire/",
])
def test_paths_that_leave_the_output_folder_are_404(server, path):
    status, _, body = get(server, path)
    assert status == 404, path
    assert SECRET not in body


def test_resolve_request_never_names_a_file_outside(out):
    for path in ("/../secret.txt", "/leak.txt", "/up/secret.txt", "/%2e%2e/secret.txt"):
        found = resolve_request(out, "/", path)
        assert found.file is None and found.redirect is None


def test_a_base_path_is_served_below_it(out):
    assert resolve_request(out, "/news/", "/news/stories/fire/").file == \
        (out / "stories/fire/index.html").resolve()
    assert resolve_request(out, "/news/", "/").redirect == "/news/"
    assert resolve_request(out, "/news/", "/stories/fire/").file is None


def test_a_huge_request_line_is_414(server):
    status, _, _ = get(server, "/" + "a" * (MAX_LINE + 10))
    assert status == 414


def test_a_request_line_of_100k_is_414(server):
    status, _, _ = get(server, "/" + "a" * 100_000)
    assert status == 414


def test_a_huge_header_is_431(server):
    status, _, _ = get(server, "/", f"X-Big: {'b' * (MAX_LINE + 10)}\r\n")
    assert status == 431


def test_many_headers_adding_up_are_431(server):
    headers = "".join(f"X-{n}: {'c' * 1000}\r\n" for n in range(MAX_HEAD // 1000 + 2))
    status, _, _ = get(server, "/", headers)
    assert status == 431


def test_too_many_headers_are_431(server):
    status, _, _ = get(server, "/", "".join(f"X-{n}: 1\r\n" for n in range(150)))
    assert status == 431


def test_garbage_request_is_400(server):
    status, _, _ = raw(server, b"HELLO THERE FRIEND AND MORE\r\n\r\n")
    assert status == 400


def test_other_methods_are_refused(server):
    status, _, _ = raw(server, b"POST / HTTP/1.1\r\nHost: localhost:8000\r\nContent-Length: 0\r\n\r\n")
    assert status == 501


def test_the_server_keeps_serving_after_hostile_requests(server):
    get(server, "/" + "a" * 100_000)
    get(server, "/", f"X-Big: {'b' * 70_000}\r\n")
    assert get(server, "/")[0] == 200


def test_event_stream_sends_the_current_build_then_problems(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"GET /__newsdigest/events HTTP/1.1\r\nHost: localhost:8000\r\n\r\n")
        received = b""
        while b'"build": 1' not in received:
            received += sock.recv(4096)
        assert b"text/event-stream" in received and b"event: reload" in received
        server.status.failed([Problem("content/stories/fire.md", 3, "date", "is not a date")])
        while b"event: problems" not in received or not received.endswith(b"\n\n"):
            received += sock.recv(4096)
        assert b'"path": "content/stories/fire.md", "line": 3, "field": "date"' in received


def test_inject_script_goes_before_the_last_body_end_or_at_the_end():
    assert inject_script(b"<p>x</p>", 2) == b'<p>x</p><script src="/__newsdigest/live.js" ' \
                                             b'data-build="2"></script>'
    assert inject_script(b"<BODY>a</BODY>", 1).endswith(b"</script></BODY>")


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example"])
def test_a_foreign_host_name_is_refused_on_loopback(server, host):
    # DNS rebinding: a site the editor visits must not read unpublished drafts.
    status, _, body = raw(server, f"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    assert status == 400 and b"Home" not in body


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:1", "[::1]:8000"])
def test_local_host_names_are_served(server, host):
    status, _, _ = raw(server, f"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    assert status == 200
