"""A small web server on 127.0.0.1 for fetch tests: serves the routes a test defines and
records every request it receives, so a test can also prove that nothing reached it."""
import http.server
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

Handler = Callable[[http.server.BaseHTTPRequestHandler], None]
ARTICLE = resources.files("handlers").joinpath("demo_article.html").read_bytes()  # the demo's article, our own


def serve_article(request: http.server.BaseHTTPRequestHandler) -> None:
    """Answer with the example article: for handlers that first stall or fail, then serve it."""
    request.send_response(200)
    request.send_header("Content-Type", "text/html; charset=utf-8")
    request.send_header("Content-Length", str(len(ARTICLE)))
    request.end_headers()
    request.wfile.write(ARTICLE)


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]  # names in lower case


def client_hung_up(request: http.server.BaseHTTPRequestHandler, timeout: float = 30) -> bool:
    """For a handler that has written all it will and keeps the connection open: wait until the client
    closes its end. True if it did within `timeout` (it stopped waiting for more), False if not."""
    request.wfile.flush()
    request.connection.settimeout(timeout)
    try:
        return request.connection.recv(1) == b""  # a request has no body: nothing else can arrive
    except ConnectionResetError:  # closed with our bytes still unread
        return True
    except TimeoutError:
        return False


@dataclass(frozen=True)
class HeldPage:
    requested: threading.Event  # set when the page is asked for
    released: threading.Event  # set it to let the answer go


class LocalServer:
    def __init__(self, tls: ssl.SSLContext | None = None):
        self.requests: list[Request] = []
        self.server_names: list[str | None] = []  # SNI of each TLS handshake
        self._routes: dict[str, Handler] = {}
        self._lock = threading.Lock()
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self.scheme = "http"
        if tls is not None:
            tls.sni_callback = lambda _sock, name, _ctx: self.server_names.append(name)
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
            self.scheme = "https"

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def route(self, path: str, body: bytes | str = b"", *, status: int = 200,
              content_type: str | None = "text/html; charset=utf-8", headers: dict[str, str] | None = None) -> None:
        """Answer `path` with a fixed response (Content-Length set from the body)."""
        data = body.encode() if isinstance(body, str) else body

        def answer(request: http.server.BaseHTTPRequestHandler) -> None:
            request.send_response(status)
            if content_type is not None:
                request.send_header("Content-Type", content_type)
            for name, value in (headers or {}).items():
                request.send_header(name, value)
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)

        self._routes[path] = answer

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        self.route(path, status=status, headers={"Location": location})

    def handle(self, path: str, handler: Handler) -> None:
        """Answer `path` by calling handler(request) to write whatever it likes."""
        self._routes[path] = handler

    def hold_article(self, path: str, timeout: float = 60) -> "HeldPage":
        """Answer `path` with the example article only once released (or `timeout` seconds on): a fetch kept in
        progress for as long as a test needs."""
        held = HeldPage(threading.Event(), threading.Event())

        def answer_when_released(request: http.server.BaseHTTPRequestHandler) -> None:
            held.requested.set()
            held.released.wait(timeout)
            serve_article(request)

        self.handle(path, answer_when_released)
        return held

    def paths(self) -> list[str]:
        with self._lock:
            return [request.path for request in self.requests]

    def __enter__(self) -> "LocalServer":
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler_class(self) -> type[http.server.BaseHTTPRequestHandler]:
        server = self

        class RequestHandler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                headers = {name.lower(): value for name, value in self.headers.items()}
                with server._lock:
                    server.requests.append(Request(self.path, headers))
                self.close_connection = True
                handler = server._routes.get(self.path.partition("?")[0])
                try:
                    if handler is None:
                        self.send_error(404)
                    else:
                        handler(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as fetch tests often make it do

            def log_message(self, format: str, *args) -> None:
                pass

        return RequestHandler
