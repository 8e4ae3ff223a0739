"""A real HTTP server on 127.0.0.1 that answers like AF: the supplier search's pages and
the results / grade files, with ETag and Last-Modified, and faults injected on demand.

The pages are AF's shape (see ../shared/af/README.md, "Office locations") for the real
contracts of the snapshot; AF publishes no office data we could copy, so each contract
gets one to three offices at real localities of its delivery area (deterministic). The
files are AF's real files from tests/fixtures/af.

    with AFServer.start(pages) as server:
        server.fault("page", 3, "503", times=2)
        ... chooser update --base-url server.url ...
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import random
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

OFFICE_PATH = "/rest/rusta-och-matcha-2/sokleverantor/v2/leverantorer"
LAST_MODIFIED = formatdate(1_779_000_000, usegmt=True)


def make_pages(dataset, per_page: int = 20, pages: int | None = None,
               seed: int = 7) -> list[dict]:
    """Pages of AF's search for every contract in the dataset's latest follow-up. With
    ``pages``, the entries are spread over that many pages instead."""
    from chooser.storage.geodata import load_gazetteer

    gaz = load_gazetteer()
    spots: dict[str, list] = {}
    for e in gaz.entries:
        for row in gaz.areas.get(e[2], []):
            spots.setdefault(row.area, []).append(e)
    rng = random.Random(seed)
    entries = []
    for r in sorted(dataset.contracts, key=lambda r: r.ka):
        places = spots.get(r.area) or [e for es in spots.values() for e in es]
        addresses = []
        for j, p in enumerate(rng.sample(places, min(len(places), rng.randint(1, 3)))):
            lat, lon = p[3] + rng.uniform(-0.01, 0.01), p[4] + rng.uniform(-0.01, 0.01)
            addresses.append({
                "adressid": str(300000 + len(entries) * 4 + j),
                "adressrad": f"Storgatan {rng.randint(1, 60)}",
                "postnummer": f"{rng.randint(10000, 98999)}", "postort": p[0],
                "koordinater": {"latitud": f"{lat:.6f}", "longitud": f"{lon:.6f}",
                                "north": "0", "east": "0"}})
        entries.append({"id": int(r.ka), "namn": r.supplier,
                        "rating": str(r.grade) if r.grade else None,
                        "nyval_tillatet": rng.random() > 0.03, "adresser": addresses})
    if pages:  # as evenly as possible over exactly that many pages
        cuts = [i * len(entries) // pages for i in range(pages + 1)]
        return [{"total_count": len(entries), "leverantorer": entries[a:b]}
                for a, b in itertools.pairwise(cuts)]
    return [{"total_count": len(entries), "leverantorer": entries[i:i + per_page]}
            for i in range(0, len(entries), per_page)]


class AFServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, pages: list[dict], files: dict[str, bytes] | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pages = [json.dumps(p, ensure_ascii=False).encode() for p in pages]
        self.total = pages[0]["total_count"] if pages else 0
        self.files = dict(files or {})
        self.faults: list[dict] = []
        self.log: list[tuple[str, dict[str, str]]] = []
        self.slow_seconds = 3.0
        self.delay = 0.0  # before every answer (to make an update take a while)
        self.endless = False  # pages past the last keep answering new suppliers
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @classmethod
    def start(cls, pages: list[dict], files: dict[str, bytes] | None = None) -> AFServer:
        server = cls(pages, files)
        server.thread.start()
        return server

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def file_url(self, name: str) -> str:
        return f"{self.url}/files/{name}"

    def fault(self, target: str, which: int | str, kind: str, times: int = 10**9) -> None:
        """Make ``target`` ("page" n, "file" name, or "any") answer with ``kind`` for the
        next ``times`` requests: 500, 503, slow, trickle, cut, badjson, renamed, html,
        notzip, huge, huge-declared, redirect-loop, same-page."""
        self.faults.append({"target": target, "which": which, "kind": kind, "times": times})

    def requests_to(self, prefix: str) -> list[tuple[str, dict[str, str]]]:
        return [r for r in self.log if r[0].startswith(prefix)]

    def __enter__(self) -> AFServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()

    def take_fault(self, target: str, which: int | str) -> str | None:
        with self.lock:
            for f in self.faults:
                if f["times"] > 0 and f["target"] in (target, "any") and (
                        f["target"] == "any" or f["which"] == which):
                    f["times"] -= 1
                    return f["kind"]
        return None


class _Handler(BaseHTTPRequestHandler):
    server: AFServer
    protocol_version = "HTTP/1.0"  # one answer per connection: a cut body is a real cut

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        s = self.server
        parts = urlsplit(self.path)
        with s.lock:
            s.log.append((self.path, dict(self.headers.items())))
        if s.delay:
            time.sleep(s.delay)
        if parts.path == OFFICE_PATH:
            query = parse_qs(parts.query)
            try:
                n = int(query["sida"][0])
            except (KeyError, ValueError):
                return self._send(400, b"sida?", "text/plain")
            body = s.pages[n - 1] if 1 <= n <= len(s.pages) else json.dumps(
                {"total_count": s.total, "leverantorer": []}).encode()
            if s.endless and n > len(s.pages) and s.pages:  # never an empty page
                page = json.loads(s.pages[-1])
                for e in page["leverantorer"]:
                    e["id"] = e["id"] + n * 1_000_000
                body = json.dumps(page).encode()
            if s.endless:  # … and announce ever more
                page = json.loads(body)
                page["total_count"] = 10**6
                body = json.dumps(page).encode()
            return self._answer(s.take_fault("page", n), body, "application/json", n)
        if parts.path.startswith("/files/"):
            name = parts.path[len("/files/"):]
            if name not in s.files:
                return self._send(404, b"Not found", "text/plain")
            return self._answer(s.take_fault("file", name), s.files[name],
                                "application/octet-stream", name)
        self._send(404, b"Not found", "text/plain")

    def _answer(self, fault: str | None, body: bytes, ctype: str, which: int | str) -> None:
        s = self.server
        if fault in ("500", "503"):
            return self._send(int(fault), b"<html>Service Unavailable</html>", "text/html")
        if fault == "slow":
            time.sleep(s.slow_seconds)
        if fault == "redirect-loop":
            self.send_response(302)
            self.send_header("Location", self.path)
            self.end_headers()
            return None
        if fault == "html":
            return self._send(200, "<!DOCTYPE html><html><body>Tekniskt fel. Försök igen "
                                   "senare.</body></html>".encode(), "text/html; charset=utf-8")
        if fault == "badjson":
            body = body[: len(body) // 2]  # a truncated file served as if complete
        if fault == "renamed":
            page = json.loads(body)
            for e in page["leverantorer"]:
                e["addresses"] = e.pop("adresser")
            body = json.dumps(page).encode()
        if fault == "same-page":
            body = s.pages[0]
        if fault == "notzip":
            body = b"PK\x03\x04 this is not really a zip archive" + b"x" * 200
        if fault == "huge":  # no Content-Length: it just keeps coming
            self._head(200, ctype)
            try:
                for _ in range(400):
                    self.wfile.write(b" " * 65536)
            except OSError:
                pass
            return None
        if fault == "huge-declared":
            self._head(200, ctype, 50 * 10**9)
            return None
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if fault is None and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        if fault == "cut":
            self._head(200, ctype, len(body))
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            return None
        if fault == "trickle":
            self._head(200, ctype, len(body))
            try:
                for i in range(0, len(body), 16):
                    self.wfile.write(body[i:i + 16])
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
            return None
        self._send(200, body, ctype, etag)
        return None

    def _head(self, status: int, ctype: str, length: int | None = None,
              etag: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length is not None:
            self.send_header("Content-Length", str(length))
        if etag:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", LAST_MODIFIED)
        self.end_headers()

    def _send(self, status: int, body: bytes, ctype: str, etag: str | None = None) -> None:
        self._head(status, ctype, len(body), etag)
        with contextlib.suppress(OSError):
            self.wfile.write(body)
