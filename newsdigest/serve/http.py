"""The preview web server: serves only files under the output folder, adds live reload to HTML.

Files are looked up per request under the output folder's path (never through an open handle),
so a build that swaps in a new output folder is served from the next request on. HTML responses
get a small script (live.js) that listens to /__newsdigest/events: `reload` after each good build,
`problems` after a failed one. The files on disk are never changed.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import mimetypes
import re
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Sequence
from urllib.parse import unquote

from newsdigest.errors import Problem

EVENTS_URL = "/__newsdigest/events"
SCRIPT_URL = "/__newsdigest/live.js"
LIVE_JS = (Path(__file__).parent / "live.js").read_bytes()
MAX_LINE = 8 * 1024  # request line or one header line (Apache's and nginx's default limit)
MAX_HEAD = 32 * 1024  # request line and all headers together
PING_SECONDS = 15  # an event-stream comment this often notices closed pages
_ENCODED = re.compile(r"%[0-9a-fA-F]{2}")
LOCAL_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}


class BuildStatus:
    """The latest build's outcome; wakes every open event stream when it changes."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.version = 0  # bumps on every outcome, good or bad
        self.build = 0  # bumps on every good build: pages compare it with their own
        self.problems: tuple[Problem, ...] = ()  # of the last build, if it failed
        self.closed = False

    def built(self) -> None:
        with self._cond:
            self.build, self.problems, self.version = self.build + 1, (), self.version + 1
            self._cond.notify_all()

    def failed(self, problems: Sequence[Problem]) -> None:
        with self._cond:
            self.problems, self.version = tuple(problems), self.version + 1
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()

    def next_event(self, seen: int | None, timeout: float) -> tuple[str | None, int | None]:
        """The event text for the status after version `seen` (None on timeout or close)."""
        with self._cond:
            self._cond.wait_for(lambda: self.closed or self.version != seen, timeout)
            if self.closed or self.version == seen:
                return None, seen
            return self._event_text(), self.version

    def _event_text(self) -> str:
        if self.problems:
            data = json.dumps([p.as_dict() for p in self.problems])
            return f"event: problems\ndata: {data}\n\n"
        return f"event: reload\ndata: {json.dumps({'build': self.build})}\n\n"


@dataclass(frozen=True)
class Target:
    """What a request path names: a file to send, a redirect, or nothing (404)."""

    file: Path | None = None
    redirect: str | None = None


MISSING = Target()


def resolve_request(out: Path, base_path: str, raw_path: str) -> Target:
    """The file under `out` a request path names; MISSING for anything that could leave `out`."""
    path = raw_path.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/") or "\\" in path:
        return MISSING
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return MISSING
    # Still encoded after one decoding means double encoding (%252e%252e): never a real file.
    if "\\" in decoded or "\x00" in decoded or _ENCODED.search(decoded):
        return MISSING
    if not decoded.startswith(base_path):
        return Target(redirect=base_path) if decoded in ("/", base_path.rstrip("/")) else MISSING
    rest = decoded[len(base_path):]
    parts = rest.split("/") if rest else []
    if any(p in ("", ".", "..") for p in parts[:-1]) or (parts and parts[-1] in (".", "..")):
        return MISSING
    real_out = out.resolve()
    target = _inside(real_out, real_out.joinpath(*parts))
    if target is not None and target.is_dir():
        if parts and parts[-1]:
            return Target(redirect=path + "/")
        target = _inside(real_out, target / "index.html")
    return Target(file=target) if target is not None and target.is_file() else MISSING


def _inside(real_out: Path, path: Path) -> Path | None:
    """The real path, if it exists and (symlinks followed) is still inside the output folder."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return real if real == real_out or real.is_relative_to(real_out) else None


def inject_script(html: bytes, build: int) -> bytes:
    """The page with the live-reload script before its last </body> (or at the end)."""
    tag = f'<script src="{SCRIPT_URL}" data-build="{build}"></script>'.encode("ascii")
    at = html.lower().rfind(b"</body>")
    return html[:at] + tag + html[at:] if at >= 0 else html + tag


NOT_BUILT_PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Not built yet | newsdigest serve</title></head>
<body><main><h1>Nothing to show yet</h1>
<p>The site has not built successfully yet. Fix the problems listed below and save.</p>
</main></body></html>
"""


class _BoundedHead:
    """The request's input while its head is read: a header line over MAX_LINE or a head over
    MAX_HEAD raises LineTooLong, which the standard handler answers with 431."""

    def __init__(self, raw):
        self.raw = raw
        self.used = 0
        self.first = True

    def reset(self) -> None:
        self.used, self.first = 0, True

    def readline(self, limit: int = -1) -> bytes:
        # The standard library asks for up to 64 KiB a line; never read more than our limit.
        line = self.raw.readline(MAX_LINE + 1)
        first, self.first = self.first, False
        self.used += len(line)
        if not first and (len(line) > MAX_LINE or self.used > MAX_HEAD):
            raise http.client.LineTooLong("header line or header section")
        return line  # an over-long request line is answered 414 by parse_request

    def __getattr__(self, name: str):
        return getattr(self.raw, name)


class PreviewHandler(BaseHTTPRequestHandler):
    """GET and HEAD for the output folder, the live-reload script and the event stream."""

    server: "PreviewServer"
    timeout = 30  # a client that stops sending mid-request is dropped
    default_request_version = "HTTP/1.0"  # so even a garbled request gets a status line

    def setup(self) -> None:
        super().setup()
        self.rfile = _BoundedHead(self.rfile)

    def handle_one_request(self) -> None:
        self.rfile.reset()
        super().handle_one_request()

    def parse_request(self) -> bool:
        if len(self.raw_requestline) > MAX_LINE:
            self.requestline = self.request_version = self.command = ""
            self.send_error(414)
            self._drain()
            return False
        if not super().parse_request():
            self._drain()
            return False
        return True

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        if not self._host_allowed():
            # DNS rebinding: a web page the editor visits must not read unpublished drafts.
            self.send_error(400, "Unexpected Host header: open the address serve printed")
            return
        path = self.path.split("?", 1)[0]
        if path == EVENTS_URL:
            self._event_stream(send_body)
            return
        if path == SCRIPT_URL:
            self._send(200, "text/javascript; charset=utf-8", LIVE_JS, send_body)
            return
        build = self.server.status.build  # read before the file: at worst one extra reload
        target = resolve_request(self.server.out, self.server.base_path, self.path)
        if target.redirect is not None:
            self.send_response(302)
            self.send_header("Location", target.redirect)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = _read(target.file)
        if data is None:
            self._not_found(build, send_body)
            return
        kind = mimetypes.guess_type(target.file.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = inject_script(data, build)
        if kind.startswith("text/") or kind in ("application/javascript", "application/xml"):
            kind += "; charset=utf-8"
        self._send(200, kind, data, send_body)

    def _host_allowed(self) -> bool:
        """On a loopback address, only requests that name this computer are answered."""
        if not self.server.loopback:
            return True  # --host chose to share the preview with other machines
        host = self.headers.get("Host")
        if host is None:
            return True  # HTTP/1.0 tools; browsers always send Host
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name.lower() in LOCAL_NAMES

    def _not_found(self, build: int, send_body: bool) -> None:
        page = _read(self.server.out / "404.html") if build else None
        self._send(404, "text/html; charset=utf-8", inject_script(page or NOT_BUILT_PAGE, build),
                   send_body)

    def _send(self, status: int, kind: str, data: bytes, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")  # an edit must show on the next load
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def _event_stream(self, send_body: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not send_body:
            return
        seen: int | None = None
        message = "retry: 500\n\n"  # reconnect quickly when serve restarts
        while not self.server.status.closed:
            try:
                self.wfile.write(message.encode("utf-8"))
                self.wfile.flush()
            except OSError:
                return  # the page was closed
            text, seen = self.server.status.next_event(seen, PING_SECONDS)
            message = text or ": ping\n\n"

    def _drain(self) -> None:
        """Read what a refused request still sends (up to 1 MiB), so closing does not reset the
        connection before the client has read the error."""
        try:
            self.connection.settimeout(0.2)
            left = 1024 * 1024
            while left > 0:
                chunk = self.connection.recv(min(left, 65536))
                if not chunk:
                    break
                left -= len(chunk)
        except OSError:
            pass

    def log_message(self, format: str, *args) -> None:
        pass  # serve prints builds and problems, not every request


def _read(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None  # removed by a build swapping folders between lookup and read


class PreviewServer(ThreadingHTTPServer):
    """An HTTP server over one output folder; each request (and event stream) gets a thread."""

    daemon_threads = True  # open event streams must not keep the process alive
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], out: Path, base_path: str, status: BuildStatus):
        self.out, self.base_path, self.status = out, base_path, status
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, PreviewHandler)
        self.loopback = ipaddress.ip_address(self.server_address[0]).is_loopback

    def handle_error(self, request, client_address) -> None:
        pass  # a browser closing a connection mid-response is normal while previewing

    @property
    def port(self) -> int:
        return self.server_address[1]


def bind_error_hint(host: str, port: int) -> str:
    """What to try when the port is taken: a free port next to it, if one is found."""
    for candidate in range(port + 1, min(port + 20, 65536)):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, candidate))
            except OSError:
                continue
            return f"stop the other server, or use another port: newsdigest serve --port {candidate}"
    return "stop the other server, or use --port 0 to let the system choose a free port"
