"""fetch() against a real web server on 127.0.0.1. No traffic goes anywhere else: addresses that
are not loopback are only ever given to the address check, never to fetch()."""
import gzip
import random
import shutil
import socket
import ssl
import threading
import time
import zlib

import pytest

import bot.fetch
from bot.fetch import PRIVATE_ADDRESS_REASON, TIMEOUT_REASON, FetchError, fetch, is_public_address
from config.settings import Settings
from tests import processes
from tests.local_http import LocalServer, client_hung_up

HTML = "<html><head><title>Tide tables</title></head><body><p>High water at noon.</p></body></html>"


@pytest.fixture
def server():
    with LocalServer() as running:
        yield running


def settings_for(server: LocalServer, **overrides) -> Settings:
    values = {"allow_private_urls": True, "allowed_ports": [server.port], "fetch_connect_timeout": 1.0,
              "fetch_read_timeout": 1.0, "fetch_total_timeout": 3.0}
    return Settings(**{**values, **overrides})


def refusal(url: str, settings: Settings) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(url, settings)
    return caught.value


def fake_resolver(monkeypatch, names: dict[str, list[str]]) -> list[str]:
    """Resolve the given names to the given addresses, others as usual; returns the names looked up."""
    real_resolve, looked_up = bot.fetch.resolve, []

    def resolve(host: str, port: int) -> list[str]:
        looked_up.append(host)
        return names[host] if host in names else real_resolve(host, port)

    monkeypatch.setattr(bot.fetch, "resolve", resolve)
    return looked_up


def only_this_loopback_is_public(monkeypatch, address: str = "127.0.0.1") -> None:
    """Stand-in for a public web server: the address check passes `address` and nothing else private."""
    monkeypatch.setattr(bot.fetch, "is_public_address", lambda ip: ip == address or is_public_address(ip))


# --- a normal page ---------------------------------------------------------------------------

def test_fetches_a_page_and_sends_the_host_name(server):
    server.route("/tides", HTML)
    page = fetch(server.url("/tides"), settings_for(server))
    assert (page.url, page.final_url, page.content_type) == (server.url("/tides"), server.url("/tides"), "text/html")
    assert "High water at noon." in page.text
    [request] = server.requests
    assert request.headers["host"] == f"127.0.0.1:{server.port}"
    assert "gzip" in request.headers["accept-encoding"]


def test_page_without_content_type_is_taken_as_html(server):
    server.route("/bare", HTML, content_type=None)
    assert fetch(server.url("/bare"), settings_for(server)).content_type == "text/html"


@pytest.mark.parametrize("content_type", ["text/plain; charset=utf-8", "application/xhtml+xml"])
def test_plain_text_and_xhtml_are_accepted(server, content_type):
    server.route("/page", HTML, content_type=content_type)
    assert fetch(server.url("/page"), settings_for(server)).content_type == content_type.partition(";")[0]


# --- private addresses -----------------------------------------------------------------------

LOOPBACK_SPELLINGS = ["127.0.0.1", "127.1", "0x7f000001", "2130706433", "017700000001", "0177.0.0.1",
                      "127.0.0.2", "localhost", "0.0.0.0", "0", "[::1]", "[::ffff:127.0.0.1]",
                      "[0:0:0:0:0:ffff:7f00:1]", "[::]"]


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
def test_every_spelling_of_a_local_address_is_refused_before_any_request(server, host):
    error = refusal(f"http://{host}:{server.port}/tides", settings_for(server, allow_private_urls=False))
    assert (error.reason, error.permanent) == (PRIVATE_ADDRESS_REASON, True)
    assert server.requests == []


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
    "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "192.0.2.1", "198.18.0.1",
    "::1", "::", "fe80::1", "fe80::1%1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1",
    "::ffff:10.0.0.1", "::ffff:169.254.169.254", "2002:7f00:1::1", "2002:a9fe:a9fe::1", "::127.0.0.1",
    "64:ff9b::7f00:1", "2001:db8::1",
])
def test_address_check_refuses_non_public_addresses(address):
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8",
                                     "2002:808:808::1"])
def test_address_check_accepts_public_addresses(address):
    assert is_public_address(address)


def test_a_name_resolving_to_a_private_address_is_refused(server, monkeypatch):
    fake_resolver(monkeypatch, {"news.example": ["127.0.0.1"]})
    error = refusal(f"http://news.example:{server.port}/tides", settings_for(server, allow_private_urls=False))
    assert error.reason == PRIVATE_ADDRESS_REASON
    assert server.requests == []


def test_every_resolved_address_is_checked_not_just_the_first(server, monkeypatch):
    only_this_loopback_is_public(monkeypatch)
    fake_resolver(monkeypatch, {"news.example": ["127.0.0.1", "127.0.0.2"]})
    error = refusal(f"http://news.example:{server.port}/tides", settings_for(server, allow_private_urls=False))
    assert error.reason == PRIVATE_ADDRESS_REASON
    assert server.requests == []


def test_connection_goes_to_the_checked_address_with_the_host_name_in_the_request(server, monkeypatch):
    # news.example exists in no DNS: the page can only load if fetch connects to the address it
    # resolved and checked, rather than looking the name up again.
    looked_up = fake_resolver(monkeypatch, {"news.example": ["127.0.0.1"]})
    server.route("/tides", HTML)
    page = fetch(f"http://news.example:{server.port}/tides", settings_for(server))
    assert "High water" in page.text
    assert looked_up == ["news.example"]
    assert server.requests[0].headers["host"] == f"news.example:{server.port}"


@pytest.mark.parametrize("location", ["http://127.0.0.2:{port}/secret", "http://2130706434:{port}/secret",
                                      "http://[::1]:{port}/secret", "http://intranet.example:{port}/secret"])
def test_a_redirect_to_a_private_address_is_refused(server, monkeypatch, location):
    only_this_loopback_is_public(monkeypatch)
    fake_resolver(monkeypatch, {"intranet.example": ["127.0.0.2"]})
    server.redirect("/go", location.format(port=server.port))
    error = refusal(server.url("/go"), settings_for(server, allow_private_urls=False))
    assert error.reason == PRIVATE_ADDRESS_REASON
    assert server.paths() == ["/go"]


def test_allow_private_urls_does_not_lift_the_port_check(server):
    error = refusal(server.url("/tides"), settings_for(server, allowed_ports=[80, 443]))
    assert error.reason == "I only fetch links on the usual web ports (80, 443)."
    assert server.requests == []


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/file", "file:///etc/passwd", "gopher://127.0.0.1:70/",
                                 "javascript:alert(1)"])
def test_only_http_and_https_are_fetched(server, url):
    assert refusal(url, settings_for(server)).reason == "I can only fetch http:// and https:// links."


def test_links_with_credentials_are_refused(server):
    error = refusal(server.url("/tides", host="user:secret@127.0.0.1"), settings_for(server))
    assert error.reason == "I don't fetch links that contain a username or password."
    assert server.requests == []


@pytest.mark.parametrize("url", ["http://", "http://:80/", "https://news.example:99999/", "no link at all"])
def test_malformed_links_are_refused(server, url):
    assert refusal(url, settings_for(server)).permanent


def test_unknown_host_is_a_permanent_refusal(server, monkeypatch):
    def no_such_host(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(bot.fetch, "resolve", no_such_host)
    error = refusal(f"http://missing.example:{server.port}/", settings_for(server))
    assert (error.reason, error.permanent) == ("I couldn't find the server missing.example.", True)


def test_nothing_listening_is_retryable(server):
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error = refusal(f"http://127.0.0.1:{port}/", settings_for(server, allowed_ports=[port]))
    assert (error.reason, error.permanent) == ("I couldn't connect to the server.", False)


# --- redirects -------------------------------------------------------------------------------

def test_redirects_are_followed_to_the_final_url(server):
    server.redirect("/old", "/moved", status=301)
    server.redirect("/moved", server.url("/tides"), status=308)
    server.route("/tides", HTML)
    page = fetch(server.url("/old?id=7"), settings_for(server))
    assert (page.url, page.final_url) == (server.url("/old?id=7"), server.url("/tides"))
    assert server.paths() == ["/old?id=7", "/moved", "/tides"]


def test_redirect_loop_is_refused(server):
    server.redirect("/a", "/b")
    server.redirect("/b", "/a")
    assert refusal(server.url("/a"), settings_for(server)).reason == "The link redirects in a loop."
    assert server.paths() == ["/a", "/b"]


@pytest.mark.parametrize("redirects, ok", [(5, True), (6, False)])
def test_at_most_max_redirects_are_followed(server, redirects, ok):
    for hop in range(redirects):
        server.redirect(f"/hop{hop}", f"/hop{hop + 1}")
    server.route(f"/hop{redirects}", HTML)
    settings = settings_for(server, fetch_max_redirects=5)
    if ok:
        assert fetch(server.url("/hop0"), settings).final_url == server.url(f"/hop{redirects}")
    else:
        assert refusal(server.url("/hop0"), settings).reason == "The link redirects more than 5 times."
        assert len(server.requests) == 6


def test_redirect_to_another_scheme_is_refused(server):
    server.redirect("/go", "file:///etc/passwd")
    assert refusal(server.url("/go"), settings_for(server)).reason == "I can only fetch http:// and https:// links."


# --- status codes ----------------------------------------------------------------------------

@pytest.mark.parametrize("status, reason, permanent", [
    (404, "The page answered 404 Not Found.", True),
    (410, "The page answered 410 Gone.", True),
    (500, "The page answered 500 Internal Server Error.", False),
    (503, "The page answered 503 Service Unavailable.", False),
    (429, "The page answered 429 Too Many Requests.", False),
])
def test_error_statuses_say_what_the_server_answered(server, status, reason, permanent):
    server.route("/page", "nope", status=status)
    error = refusal(server.url("/page"), settings_for(server))
    assert (error.reason, error.permanent) == (reason, permanent)


# --- size limits -----------------------------------------------------------------------------
# The pages below send more than the limit and then hold the connection open without ending the response:
# a client that read on to the end would wait for its timeout, so a size refusal shows that reading
# stopped, and the server sees the client hang up.

def write_chunked(request, chunks, headers: dict[str, str], end: bool = True) -> None:
    request.send_response(200)
    for name, value in {"Content-Type": "text/html", "Transfer-Encoding": "chunked", **headers}.items():
        request.send_header(name, value)
    request.end_headers()
    for chunk in chunks:
        request.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    if end:
        request.wfile.write(b"0\r\n\r\n")


def held_open(server: LocalServer, path: str, write) -> threading.Event:
    """Answer `path` with write(request), then keep the response open; the event is set once the client
    hangs up."""
    hung_up = threading.Event()

    def handler(request) -> None:
        try:
            write(request)
        except (BrokenPipeError, ConnectionResetError):  # it hung up before we had written all we meant to
            hung_up.set()
            return
        if client_hung_up(request):
            hung_up.set()

    server.handle(path, handler)
    return hung_up


def test_declared_size_over_the_limit_is_refused_before_the_body_with_the_limit_in_the_reason(server):
    def declare_huge(request) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Length", "5000001")
        request.end_headers()
        request.wfile.write(b"<html>")

    hung_up = held_open(server, "/huge", declare_huge)
    error = refusal(server.url("/huge"), settings_for(server, fetch_max_bytes=5_000_000))
    assert (error.reason, error.permanent) == ("The page is larger than 5 MB.", True)
    assert hung_up.wait(10)


def test_undeclared_size_over_the_limit_is_cut_off(server):
    hung_up = held_open(server, "/stream", lambda request: write_chunked(request, [b"<p>tide</p>" * 1000] * 20, {},
                                                                           end=False))  # 220 kB, and more to come
    error = refusal(server.url("/stream"), settings_for(server, fetch_max_bytes=50_000))
    assert error.reason == "The page is larger than 50 kB."
    assert hung_up.wait(10)


def test_gzip_bomb_is_cut_off_at_the_decompressed_limit(server):
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # gzip framing
    first, more = (packer.compress(b" " * 1_000_000) + packer.flush(zlib.Z_SYNC_FLUSH) for _ in range(2))
    wire = [first] + [more] * 199  # each further megabyte of spaces packs the same way
    assert sum(map(len, wire)) < 250_000  # 200 MB of spaces: far under the limit on the wire
    hung_up = held_open(server, "/bomb", lambda request: write_chunked(request, wire, {"Content-Encoding": "gzip"},
                                                                         end=False))
    error = refusal(server.url("/bomb"), settings_for(server, fetch_max_bytes=1_000_000))
    assert error.reason == "The page is larger than 1 MB."
    assert hung_up.wait(10)


def test_compressed_bytes_on_the_wire_count_against_the_limit(server):
    # Incompressible data: the gzip stream is a little larger than what it expands to.
    limit = 100_000
    data = random.Random(7).randbytes(limit)
    wire = gzip.compress(data, compresslevel=0)
    chunks = [wire[i:i + 8192] for i in range(0, len(wire), 8192)]
    server.handle("/packed", lambda request: write_chunked(request, chunks, {"Content-Encoding": "gzip"}))
    error = refusal(server.url("/packed"), settings_for(server, fetch_max_bytes=limit))
    assert error.reason == "The page is larger than 100 kB."


def test_corrupt_compression_is_refused(server):
    server.route("/broken", b"this is not gzip at all", headers={"Content-Encoding": "gzip"})
    error = refusal(server.url("/broken"), settings_for(server))
    assert error.reason == "The page's compressed content is corrupt."


# --- time limits -----------------------------------------------------------------------------
# No test measures how long the fetch took: each server would, given the time, answer in full, so a
# timeout refusal shows the limit under test ended the fetch.

def trickling(server: LocalServer, path: str, first: bytes, drip: bytes, seconds: float = 20) -> threading.Event:
    """Answer `path` with `first`, then `drip` every 50 ms for `seconds`: each read gets a byte long before
    its timeout. The event is set if the client hangs up before the end."""
    hung_up = threading.Event()

    def handler(request) -> None:
        until = time.monotonic() + seconds
        try:
            request.wfile.write(first)
            while time.monotonic() < until:
                request.wfile.write(drip)
                request.wfile.flush()
                time.sleep(0.05)
        except (BrokenPipeError, ConnectionResetError):
            hung_up.set()

    server.handle(path, handler)
    return hung_up


def test_silent_server_times_out_and_can_be_retried(server):
    def silent_for_a_long_while(request) -> None:
        if not client_hung_up(request, timeout=20):
            request.send_response(200)
            request.send_header("Content-Type", "text/html")
            request.send_header("Content-Length", str(len(HTML)))
            request.end_headers()
            request.wfile.write(HTML.encode())

    server.handle("/silent", silent_for_a_long_while)
    error = refusal(server.url("/silent"), settings_for(server, fetch_read_timeout=0.3, fetch_total_timeout=60))
    assert (error.reason, error.permanent) == (TIMEOUT_REASON, False)


def test_trickling_body_is_cut_off_at_the_total_budget(server):
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body><p>"
    hung_up = trickling(server, "/drip", head, b"a")
    error = refusal(server.url("/drip"), settings_for(server, fetch_read_timeout=5.0, fetch_total_timeout=0.5))
    assert (error.reason, error.permanent) == (TIMEOUT_REASON, False)
    assert hung_up.wait(10)


def test_trickling_headers_are_cut_off_at_the_total_budget(server):
    hung_up = trickling(server, "/drip", b"HTTP/1.1 200 OK\r\nX-Tide: ", b"h")  # one header, never ending
    error = refusal(server.url("/drip"), settings_for(server, fetch_read_timeout=5.0, fetch_total_timeout=0.5))
    assert error.reason == TIMEOUT_REASON
    assert hung_up.wait(10)


def test_total_budget_spans_all_redirects(server):
    hops = 10  # each takes 0.3 s, well within the budget; all of them together do not

    def slow_redirect(request, target: str) -> None:
        time.sleep(0.3)
        request.send_response(302)
        request.send_header("Location", target)
        request.send_header("Content-Length", "0")
        request.end_headers()

    for hop in range(hops):
        server.handle(f"/slow{hop}", lambda request, hop=hop: slow_redirect(request, f"/slow{hop + 1}"))
    server.route(f"/slow{hops}", HTML)
    error = refusal(server.url("/slow0"), settings_for(server, fetch_read_timeout=5.0, fetch_total_timeout=1.0,
                                                       fetch_max_redirects=hops))
    assert error.reason == TIMEOUT_REASON
    assert f"/slow{hops}" not in server.paths()


# --- what is not a web page ------------------------------------------------------------------

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


@pytest.mark.parametrize("body, content_type, reason", [
    (PDF, "application/pdf", "That's a PDF, not a web page."),
    (PDF, "text/html", "That's a PDF, not a web page."),
    (PNG, "image/png", "That's an image file, not a web page."),
    (PNG, None, "That link is a binary file, not a web page."),
    (b"\x00" * 64, "application/octet-stream", "That's a file download (application/octet-stream), not a web page."),
    (b"PK\x03\x04\x14\x00\x00\x00", "application/zip", "That's a file download (application/zip), not a web page."),
    (random.Random(3).randbytes(2000), "text/html", "That link is a binary file, not a web page."),
])
def test_what_is_not_a_web_page_is_refused_with_a_reason(server, body, content_type, reason):
    server.route("/file", body, content_type=content_type)
    error = refusal(server.url("/file"), settings_for(server))
    assert (error.reason, error.permanent) == (reason, True)


# --- character sets --------------------------------------------------------------------------

QUOTE = "“Ça va être dur,” dit le maître du port à Saint-Malo."


def html_with(head: str = "", text: str = QUOTE) -> str:
    return f"<html><head>{head}<title>Port</title></head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize("content_type, head", [
    ("text/html; charset=windows-1252", ""),
    ("text/html", '<meta charset="windows-1252">'),
    ("text/html", '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'),
    ("text/html; charset=iso-8859-1", ""),  # curly quotes only exist in windows-1252, as browsers assume
    ("text/html; charset=no-such-charset", '<meta charset="cp1252">'),
    ("application/xhtml+xml", ""),
])
def test_declared_single_byte_charsets_are_honoured(server, content_type, head):
    body = html_with(head).encode("cp1252")
    if content_type == "application/xhtml+xml":
        body = b'<?xml version="1.0" encoding="windows-1252"?>\n' + body
    server.route("/port", body, content_type=content_type)
    assert QUOTE in fetch(server.url("/port"), settings_for(server)).text


RUSSIAN = ("«Мы не будем повышать цены на паром этой весной», — сказал глава совета острова. "
           "Жители говорят, что расходы на дорогу и так слишком высоки для семей с детьми.")


@pytest.mark.parametrize("content_type", ["text/html", "text/html; charset=utf-8"])
def test_undeclared_or_wrongly_declared_charset_is_detected(server, content_type):
    server.route("/ru", html_with(text=RUSSIAN).encode("cp1251"), content_type=content_type)
    assert RUSSIAN in fetch(server.url("/ru"), settings_for(server)).text


def test_a_stray_byte_does_not_make_a_declared_charset_lose(server):
    body = html_with(text=QUOTE * 40).encode() + b"<p>caf\xe9</p>"  # one cp1252 byte in a UTF-8 page
    server.route("/stray", body, content_type="text/html; charset=utf-8")
    assert QUOTE in fetch(server.url("/stray"), settings_for(server)).text


def test_byte_order_mark_wins_over_a_wrong_header(server):
    server.route("/bom", "\ufeff".encode() + html_with().encode(), content_type="text/html; charset=windows-1252")
    assert QUOTE in fetch(server.url("/bom"), settings_for(server)).text


def test_meta_claiming_utf16_in_an_ascii_compatible_page_means_utf8(server):
    server.route("/claim", html_with('<meta charset="utf-16">').encode(), content_type="text/html")
    assert QUOTE in fetch(server.url("/claim"), settings_for(server)).text


@pytest.mark.parametrize("content_type", ["text/html", "text/html; charset=utf-8", "text/plain; charset=windows-1252"])
def test_bytes_that_are_text_in_no_charset_are_refused(server, content_type):
    rng = random.Random(5)
    server.route("/noise", bytes(rng.randint(1, 255) for _ in range(3000)), content_type=content_type)
    error = refusal(server.url("/noise"), settings_for(server))
    assert (error.reason, error.permanent) == ("That page isn't readable text.", True)


def test_utf16_page_is_not_mistaken_for_binary(server):
    server.route("/wide", html_with().encode("utf-16"), content_type="text/html")
    assert QUOTE in fetch(server.url("/wide"), settings_for(server)).text


# --- https -----------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def certificate(tmp_path_factory):
    """A self-signed certificate for news.example, made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    made = processes.completed(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                                "-nodes", "-days", "2", "-subj", "/CN=news.example", "-addext",
                                "subjectAltName=DNS:news.example", "-keyout", str(key), "-out", str(cert)])
    assert made.returncode == 0, made.stderr
    return cert, key


@pytest.fixture
def tls_server(certificate, monkeypatch):
    cert, key = certificate
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust it as if a public CA had issued it
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with LocalServer(tls=context) as running:
        yield running


def test_https_is_pinned_to_the_checked_address_with_sni_and_certificate_for_the_host(tls_server, monkeypatch):
    fake_resolver(monkeypatch, {"news.example": ["127.0.0.1"]})
    tls_server.route("/tides", HTML)
    page = fetch(tls_server.url("/tides", host="news.example"), settings_for(tls_server))
    assert "High water" in page.text
    assert tls_server.server_names == ["news.example"]
    assert tls_server.requests[0].headers["host"] == f"news.example:{tls_server.port}"


def test_https_certificate_for_another_host_is_refused(tls_server, monkeypatch):
    fake_resolver(monkeypatch, {"other.example": ["127.0.0.1"]})
    tls_server.route("/tides", HTML)
    error = refusal(tls_server.url("/tides", host="other.example"), settings_for(tls_server))
    assert (error.reason, error.permanent) == ("The site's security certificate isn't valid.", True)
    assert tls_server.requests == []
