"""An outlet on 127.0.0.1 for the feed tests: feeds in every format that change between polls, answered the way news
sites answer (an ETag, a 304 when it comes back unchanged, a 429 with Retry-After, a 500), and article pages of our own;
every request is recorded with when it started and ended, so a test can check what the outlet was asked and how."""
import hashlib
import html
import http.server
import json
import threading
import time
from dataclasses import dataclass
from email.utils import formatdate

from tests.local_http import LocalServer
from tests.newsroom import Story

CONTENT_TYPES = {"rss": "application/rss+xml", "rss1": "application/rdf+xml", "atom": "application/atom+xml",
                 "json": "application/feed+json", "sitemap": "application/xml", "news-sitemap": "text/xml"}


@dataclass(frozen=True)
class Visit:
    path: str
    headers: dict[str, str]  # names in lower case
    started: float  # time.monotonic()
    ended: float
    status: int


def harbour_story(number: int, speaker: str = "Ines Moreau") -> Story:
    """A short article of our own with one quote, different for each number."""
    return Story(f"/harbour/{number}", f"Harbour wall section {number} to be repaired", "Harbour Courier",
                 f"2025-05-{number % 28 + 1:02d}", (
                     f"Repairs to section {number} of the harbour wall will start next month, the port said.",
                     f"“Section {number} has held for ninety winters and it deserves a proper fix,” said {speaker}, "
                     "the port engineer.",
                     "Work is expected to last six weeks."))


def document(kind: str, title: str, links: list[tuple[str, str]]) -> str:
    """A feed (or sitemap) listing (url, title) pairs, newest first, in one of CONTENT_TYPES' formats."""
    dated = [(url, name, formatdate(1_740_000_000 - 3600 * n, usegmt=True)) for n, (url, name) in enumerate(links)]
    escape = html.escape
    if kind == "rss":
        items = "".join(f"<item><title>{escape(name)}</title><link>{escape(url)}</link><guid>{escape(url)}#id</guid>"
                        f"<pubDate>{date}</pubDate></item>" for url, name, date in dated)
        return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>' \
               f"<link>https://outlet.example/</link><description>News</description>{items}</channel></rss>"
    if kind == "rss1":
        items = "".join(f'<item rdf:about="{escape(url)}"><title>{escape(name)}</title><link>{escape(url)}</link>'
                        "</item>" for url, name, _ in dated)
        return ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                f'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://outlet.example/"><title>{escape(title)}'
                f"</title><link>https://outlet.example/</link><description>News</description></channel>{items}"
                "</rdf:RDF>")
    if kind == "atom":
        entries = "".join(f'<entry><title>{escape(name)}</title><link href="{escape(url)}"/><id>tag:{escape(url)}'
                          f"</id><updated>2025-05-{28 - n:02d}T08:00:00Z</updated></entry>"
                          for n, (url, name, _) in enumerate(dated))
        return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>'
                f"{escape(title)}</title><id>tag:outlet</id><updated>2025-05-28T08:00:00Z</updated>{entries}</feed>")
    if kind == "json":
        return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": title,
                           "items": [{"id": f"{url}#id", "url": url, "title": name} for url, name, _ in dated]})
    news = kind == "news-sitemap"
    urls = "".join(
        f"<url><loc>{escape(url)}</loc>"
        + (f"<news:news><news:publication><news:name>{escape(title)}</news:name><news:language>en</news:language>"
           f"</news:publication><news:publication_date>2025-05-{28 - n:02d}T08:00:00Z</news:publication_date>"
           f"<news:title>{escape(name)}</news:title></news:news>" if news else "")
        + "</url>" for n, (url, name, _) in enumerate(dated))
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + urls + "</urlset>")


class Outlet:
    """Serves feeds and articles on a LocalServer of its own."""

    def __init__(self):
        self.server = LocalServer()
        self.visits: list[Visit] = []
        self._feeds: dict[str, tuple[str, str]] = {}  # path -> (content type, body)
        self._next: dict[str, list[tuple[int, dict[str, str], str]]] = {}  # path -> one-off answers, in order
        self._lock = threading.Lock()
        self.article_delay = 0.0  # seconds each article page takes, so that overlapping requests would show

    def __enter__(self) -> "Outlet":
        self.server.__enter__()
        return self

    def __exit__(self, *exc_info) -> None:
        self.server.__exit__(*exc_info)

    def url(self, path: str) -> str:
        return self.server.url(path)

    @property
    def port(self) -> int:
        return self.server.port

    def publish(self, path: str, kind: str, title: str, stories: list[Story]) -> str:
        """Serve a feed of these stories (newest first) at `path`, and the stories themselves; returns its URL."""
        for story in stories:
            self.page(story.path, story.html())
        body = document(kind, title, [(self.url(story.path), story.title) for story in stories])
        with self._lock:
            self._feeds[path] = (CONTENT_TYPES[kind], body)
        self.server.handle(path, self._feed)
        return self.url(path)

    def answer_next(self, path: str, status: int, headers: dict[str, str] | None = None, body: str = "") -> None:
        """The next request for `path` gets this answer, once (then the feed again)."""
        with self._lock:
            self._next.setdefault(path, []).append((status, headers or {}, body))
        if path not in self._feeds:
            self.server.handle(path, self._feed)

    def page(self, path: str, body: str, content_type: str = "text/html; charset=utf-8") -> None:
        data = body.encode()

        def answer(request: http.server.BaseHTTPRequestHandler) -> None:
            started = time.monotonic()
            time.sleep(self.article_delay)
            self._send(request, 200, {"Content-Type": content_type}, data, started)

        self.server.handle(path, answer)

    def asked(self, path: str) -> list[Visit]:
        with self._lock:
            return [visit for visit in self.visits if visit.path.partition("?")[0] == path]

    def overlapping(self) -> list[tuple[Visit, Visit]]:
        """Pairs of requests that were being answered at the same time."""
        with self._lock:
            visits = sorted(self.visits, key=lambda visit: visit.started)
        return [(a, b) for a, b in zip(visits, visits[1:]) if b.started < a.ended]

    def _feed(self, request: http.server.BaseHTTPRequestHandler) -> None:
        started, path = time.monotonic(), request.path.partition("?")[0]
        with self._lock:
            one_off = self._next.get(path, []).pop(0) if self._next.get(path) else None
            content_type, body = self._feeds.get(path, ("text/plain", ""))
        if one_off is not None:
            status, headers, text = one_off
            self._send(request, status, {"Content-Type": "text/plain", **headers}, text.encode(), started)
            return
        etag = '"' + hashlib.sha1(body.encode()).hexdigest()[:12] + '"'
        if request.headers.get("If-None-Match") == etag:
            self._send(request, 304, {"ETag": etag}, b"", started)
            return
        self._send(request, 200, {"Content-Type": content_type, "ETag": etag}, body.encode(), started)

    def _send(self, request: http.server.BaseHTTPRequestHandler, status: int, headers: dict[str, str], data: bytes,
              started: float) -> None:
        # Recorded as ended before the answer goes: once it is out, the client may already send its next request.
        visit = Visit(request.path, {k.lower(): v for k, v in request.headers.items()}, started, time.monotonic(),
                      status)
        with self._lock:
            self.visits.append(visit)
        request.send_response(status)
        for name, value in headers.items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)
