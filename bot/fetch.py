"""Safe download of a user-supplied link.

Every hop (the link itself and each redirect) is checked before any byte is sent: http(s) only,
an allowed port, and every address the host resolves to must be public. The connection then goes
to exactly the address that was checked (no second DNS lookup an attacker could answer
differently), while the Host header, SNI and certificate check still use the hostname.
Downloads are bounded in time (per connect, per read and in total across hops) and in size
(on the wire and after decompression), and only text pages are accepted (or, for feeds, the feed types).
A conditional request (If-None-Match, If-Modified-Since) may be answered 304, which returns an empty page.
"""
import codecs
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from email.message import Message
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from http.client import HTTPException
from urllib.parse import urljoin

import charset_normalizer
import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import DecodeError, LocationParseError, NewConnectionError
from urllib3.util import make_headers, parse_url

from bot.urls import DEFAULT_PORTS
from config.settings import Settings

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
# Feeds and sitemaps come under many names; an outlet's page (HTML) may name its feed.
FEED_TYPES = PAGE_TYPES | frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                                     "application/xml", "text/xml", "application/feed+json", "application/json"})
FEED_ACCEPT = ("application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,"
               "text/xml;q=0.9,text/html;q=0.5,*/*;q=0.1")

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_RETRYABLE_STATUSES = frozenset({408, 425, 429})  # plus every 5xx
_CHUNK_BYTES = 64 * 1024
_SNIFF_BYTES = 4096  # browsers prescan 1024 bytes for a meta charset; real pages often put it later
_MAX_UNDECODABLE = 0.001  # share of characters a declared charset may fail to decode
_META_CHARSET = re.compile(rb"""<(?:meta|\?xml)[^>]*?(?:charset|encoding)\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_REQUEST_HEADERS = {
    **make_headers(accept_encoding=True, user_agent="Mozilla/5.0 (compatible; QuoteBot/0.1)"),
    "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
}

TIMEOUT_REASON = "The server took too long to answer."
PRIVATE_ADDRESS_REASON = "That link points to a private network address, so I won't fetch it."


class FetchError(Exception):
    """A link that could not be fetched: `reason` is one line for the user; `permanent` is False
    when trying again later may work (network trouble, timeouts, 5xx, 429); `kind` names the reason in
    one word, for counting failures (`timeout`, `http_status`, `not_a_page`…)."""

    def __init__(self, reason: str, *, permanent: bool = True, kind: str = "unreadable",
                 retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.kind = kind
        self.retry_after = retry_after  # seconds the server asked us to wait (Retry-After on 429 or 503)


@dataclass(frozen=True)
class Page:
    url: str  # as requested
    final_url: str  # after redirects
    content_type: str  # media type without parameters, e.g. "text/html"
    text: str
    status: int = 200  # 304: not modified since the validators sent (the text is empty)
    headers: dict[str, str] = field(default_factory=dict)  # the response's, names in lower case


@dataclass(frozen=True)
class _Target:
    """One hop, checked and resolved."""

    scheme: str
    host: str  # without IPv6 brackets; used for SNI and the certificate check
    port: int
    host_header: str
    request_uri: str
    addresses: tuple[str, ...]


def fetch(url: str, settings: Settings, *, types: frozenset[str] = PAGE_TYPES,
          headers: dict[str, str] | None = None) -> Page:
    """Download a web page (or a document of one of `types`), following redirects, or raise FetchError saying
    why not. `headers` are added to the request (Accept, or validators for a conditional request)."""
    deadline = _Deadline(settings.fetch_total_timeout)
    current, visited = url, {url}
    request_headers = {**_REQUEST_HEADERS, **(headers or {})}
    for _ in range(settings.fetch_max_redirects + 1):
        target = _target(current, settings)
        with _exchange(target, request_headers, settings, deadline) as response:
            location = _redirect_location(response)
            if location is None:
                return _page(url, current, response, types, request_headers, settings, deadline)
        current = urljoin(current, location)
        if current in visited:
            raise FetchError("The link redirects in a loop.", kind="redirects")
        visited.add(current)
    raise FetchError(f"The link redirects more than {settings.fetch_max_redirects} times.", kind="redirects")


def is_public_address(address: str) -> bool:
    """True for an address on the public internet; False for loopback, private, link-local,
    multicast, reserved and unspecified ones, including IPv4 hidden inside IPv6."""
    ip = ipaddress.ip_address(address)
    if ip.version == 6 and (embedded := ip.ipv4_mapped or ip.sixtofour):
        return is_public_address(str(embedded))
    return ip.is_global and not (ip.is_multicast or ip.is_reserved)


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, in the resolver's order. Numeric spellings such as
    127.1, 0x7f000001 or 2130706433 come back as the address they mean."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def _target(url: str, settings: Settings) -> _Target:
    try:
        parts = parse_url(url.strip())
    except LocationParseError:
        raise FetchError("That doesn't look like a valid link.", kind="invalid_link") from None
    scheme = (parts.scheme or "").lower()
    if scheme not in DEFAULT_PORTS:
        raise FetchError("I can only fetch http:// and https:// links.", kind="refused_link")
    if not parts.host:
        raise FetchError("That doesn't look like a valid link.", kind="invalid_link")
    if parts.auth:
        raise FetchError("I don't fetch links that contain a username or password.", kind="refused_link")
    port = parts.port or DEFAULT_PORTS[scheme]
    if port not in settings.allowed_ports:
        allowed = ", ".join(str(p) for p in settings.allowed_ports)
        raise FetchError(f"I only fetch links on the usual web ports ({allowed}).", kind="refused_link")
    host = parts.host.strip("[]")
    addresses = _resolve_checked(host, port, settings)
    host_header = parts.host if port == DEFAULT_PORTS[scheme] else f"{parts.host}:{port}"
    return _Target(scheme, host, port, host_header, parts.request_uri, addresses)


def _resolve_checked(host: str, port: int, settings: Settings) -> tuple[str, ...]:
    try:
        addresses = resolve(host, port)
    except socket.gaierror as error:
        unknown = error.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME))
        raise FetchError(f"I couldn't find the server {host}.", permanent=unknown, kind="dns") from None
    if not settings.allow_private_urls and not all(map(is_public_address, addresses)):
        raise FetchError(PRIVATE_ADDRESS_REASON, kind="refused_link")
    return tuple(addresses)


class _Deadline:
    """The total time budget shared by all hops of one fetch."""

    def __init__(self, seconds: float):
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self._end - time.monotonic())

    @property
    def expired(self) -> bool:
        return self.remaining() == 0

    def check(self) -> None:
        if self.expired:
            raise FetchError(TIMEOUT_REASON, permanent=False, kind="timeout")


@contextmanager
def _exchange(target: _Target, headers: dict[str, str], settings: Settings,
              deadline: _Deadline) -> Iterator[urllib3.HTTPResponse]:
    """Send the request to the checked address and yield the response, its body not yet read.

    Socket timeouts apply per read, so a server sending one byte at a time could go on forever;
    a watchdog shuts the socket down when the total budget runs out.
    """
    conn = _connect(target, settings, deadline)
    watchdog = threading.Timer(deadline.remaining(), _shut_down, (conn.sock,))
    watchdog.daemon = True
    watchdog.start()
    try:
        conn.request("GET", target.request_uri, headers={**headers, "Host": target.host_header},
                     preload_content=False)
        yield conn.getresponse()
    except (OSError, HTTPException, urllib3.exceptions.HTTPError) as error:
        raise _network_error(error, deadline, connecting=False) from error
    finally:
        watchdog.cancel()
        conn.close()


def _connect(target: _Target, settings: Settings, deadline: _Deadline) -> HTTPConnection:
    """Connect to the first checked address that answers (a host may list IPv6 ones this
    machine cannot reach)."""
    error: Exception | None = None
    for address in target.addresses:
        deadline.check()
        conn = _connection(target, address, min(settings.fetch_connect_timeout, deadline.remaining()))
        try:
            conn.connect()
        except (OSError, urllib3.exceptions.HTTPError) as failure:
            conn.close()
            error = failure
            continue
        conn.timeout = settings.fetch_read_timeout  # from here on, the timeout of each read
        return conn
    raise _network_error(error, deadline, connecting=True) from error


def _connection(target: _Target, address: str, connect_timeout: float) -> HTTPConnection:
    if target.scheme == "https":
        return HTTPSConnection(address, target.port, timeout=connect_timeout, server_hostname=target.host)
    return HTTPConnection(address, target.port, timeout=connect_timeout)


def _shut_down(sock: socket.socket) -> None:
    with suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def _network_error(error: Exception | None, deadline: _Deadline, *, connecting: bool) -> FetchError:
    # NewConnectionError (refused, unreachable) derives from ConnectTimeoutError in urllib3 2.
    timed_out = isinstance(error, (TimeoutError, urllib3.exceptions.TimeoutError)) and not isinstance(
        error, NewConnectionError)
    if deadline.expired or timed_out:
        return FetchError(TIMEOUT_REASON, permanent=False, kind="timeout")
    if isinstance(error, ssl.SSLCertVerificationError):
        return FetchError("The site's security certificate isn't valid.", kind="tls")
    if isinstance(error, DecodeError):
        return FetchError("The page's compressed content is corrupt.", kind="unreadable")
    if connecting:
        return FetchError("I couldn't connect to the server.", permanent=False, kind="connection")
    return FetchError("The connection to the server broke off.", permanent=False, kind="connection")


def _redirect_location(response: urllib3.HTTPResponse) -> str | None:
    if response.status in _REDIRECT_STATUSES:
        return response.headers.get("Location")
    return None


def _page(url: str, final_url: str, response: urllib3.HTTPResponse, types: frozenset[str],
          request_headers: dict[str, str], settings: Settings, deadline: _Deadline) -> Page:
    headers = {name.lower(): value for name, value in response.headers.items()}
    conditional = "If-None-Match" in request_headers or "If-Modified-Since" in request_headers
    if response.status == 304 and conditional:
        return Page(url, final_url, "", "", 304, headers)
    _check_status(response)
    content_type, charset = _media_type(response)
    _check_media_type(content_type, types)
    body = _read_body(response, settings.fetch_max_bytes, deadline)
    _check_not_binary(body, charset)
    return Page(url, final_url, content_type or "text/html", _decode(body, charset), response.status, headers)


def _check_status(response: urllib3.HTTPResponse) -> None:
    status = response.status
    if 200 <= status < 300:
        return
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = response.reason or "an error"
    retryable = status >= 500 or status in _RETRYABLE_STATUSES
    wait = retry_after(response.headers.get("Retry-After")) if status in (429, 503) else None
    raise FetchError(f"The page answered {status} {phrase}.", permanent=not retryable, kind="http_status",
                     retry_after=wait)


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds, or an HTTP date; None when absent or
    unreadable."""
    value = (value or "").strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _media_type(response: urllib3.HTTPResponse) -> tuple[str | None, str | None]:
    """The declared media type and charset, None where the server did not say."""
    header = response.headers.get("Content-Type")
    if not header:
        return None, None
    message = Message()
    message["Content-Type"] = header
    return message.get_content_type(), message.get_content_charset()


def _check_media_type(content_type: str | None, types: frozenset[str]) -> None:
    if content_type is None or content_type in types:
        return
    if content_type == "application/pdf":
        raise FetchError("That's a PDF, not a web page.", kind="not_a_page")
    kind = content_type.partition("/")[0]
    if kind in ("image", "audio", "video"):
        raise FetchError(f"That's {'an' if kind == 'image' else 'a'} {kind} file, not a web page.",
                         kind="not_a_page")
    raise FetchError(f"That's a file download ({content_type}), not a web page.", kind="not_a_page")


def _read_body(response: urllib3.HTTPResponse, max_bytes: int, deadline: _Deadline) -> bytes:
    """The decompressed body, refused once either the bytes on the wire or the decompressed
    bytes pass max_bytes (a small gzip body can expand a thousandfold)."""
    too_large = FetchError(f"The page is larger than {_size(max_bytes)}.", kind="too_large")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    body = bytearray()
    # read() rather than stream(): only read() counts chunked bytes in tell(). Either way urllib3
    # decompresses no more than the amount asked for.
    while chunk := response.read(_CHUNK_BYTES):
        body += chunk
        if len(body) > max_bytes or response.tell() > max_bytes:
            raise too_large
    deadline.check()  # the watchdog's shutdown can look like a normal end of the body
    return bytes(body)


def _size(n: int) -> str:
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if n >= scale:
            return f"{n / scale:g} {unit}"
    return f"{n} bytes"


def _check_not_binary(body: bytes, charset: str | None) -> None:
    """Refuse what is not text whatever the server called it."""
    head = body[:_SNIFF_BYTES]
    if b"%PDF-" in head[:1024]:
        raise FetchError("That's a PDF, not a web page.", kind="not_a_page")
    if b"\0" in head and not _is_wide_text(head, charset):
        raise FetchError("That link is a binary file, not a web page.", kind="not_a_page")


def _is_wide_text(head: bytes, charset: str | None) -> bool:
    """UTF-16 and UTF-32 text is full of NUL bytes."""
    return _bom_charset(head) == "utf-16" or (charset or "").startswith(("utf-16", "utf-32"))


def _decode(body: bytes, header_charset: str | None) -> str:
    """Decode with the first declared charset that fits, in the order browsers trust them: byte
    order mark, HTTP header, <meta> or XML declaration; failing all, charset-normalizer's guess."""
    for charset in (_bom_charset(body), header_charset, _declared_charset(body)):
        if charset and (text := _try_decode(body, charset)) is not None:
            return text
    best = charset_normalizer.from_bytes(body).best()
    if best is None:
        raise FetchError("That page isn't readable text.", kind="unreadable")
    return str(best)


def _bom_charset(body: bytes) -> str | None:
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _declared_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:_SNIFF_BYTES])
    if not match:
        return None
    charset = match[1].decode("ascii")
    # A declaration readable as ASCII cannot be in UTF-16; browsers take UTF-8 then.
    return "utf-8" if charset.lower().startswith("utf-16") else charset


def _try_decode(body: bytes, charset: str) -> str | None:
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        return None
    if codec in ("iso8859-1", "ascii"):
        codec = "cp1252"  # what browsers do: pages labelled so routinely use cp1252's curly quotes
    text = body.decode(codec, errors="replace")
    # A few stray bytes are common in a page otherwise in its declared charset, and guessing
    # afresh would garble every other character; many mean the label is wrong.
    if text.count("\ufffd") > len(text) * _MAX_UNDECODABLE:
        return None
    return text
