"""A stand-in for Slack's Web API on 127.0.0.1: answers like Slack and records every call it receives."""
import http.server
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from tests.waiting import wait_until


@dataclass
class Call:
    path: str
    method: str  # the Web API method ("chat.postMessage"), or "response_url" for replies to a command
    args: dict
    headers: dict


@dataclass
class SlackStandIn:
    team_id: str = "T0STANDIN"
    bot_user_id: str = "UQUOTEBOT"
    calls: list[Call] = field(default_factory=list)
    rate_limited_posts: int = 0  # this many next chat.postMessage calls are answered 429, as Slack does
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> "SlackStandIn":
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return self.base_url + "/api/"

    def response_url(self, name: str) -> str:
        return f"{self.base_url}/respond/{name}"

    def calls_to(self, method: str, path: str | None = None, **match) -> list[Call]:
        """Calls of `method` (and to `path`, if given) whose arguments include `match`."""
        with self.lock:
            return [c for c in self.calls if c.method == method and path in (None, c.path)
                    and all(c.args.get(k) == v for k, v in match.items())]

    def wait_for(self, method: str, count: int = 1, timeout: float = 30, path: str | None = None,
                 **match) -> list[Call]:
        def enough() -> list[Call] | None:
            found = self.calls_to(method, path, **match)
            return found if len(found) >= count else None

        return wait_until(enough, timeout,
                          lambda: f"expected {count} {method} call(s) matching {match}, got {self.calls_to(method)}")

    def answer(self, method: str, args: dict) -> dict:
        if method == "auth.test":
            return {"ok": True, "url": "https://standin.example/", "team": "Stand-in", "user": "quotebot",
                    "team_id": self.team_id, "user_id": self.bot_user_id, "bot_id": "BQUOTEBOT"}
        if method == "chat.postMessage":
            return {"ok": True, "channel": args.get("channel"), "ts": f"{time.time():.6f}",
                    "message": {"text": args.get("text")}}
        return {"ok": True}

    def _handler(self):
        standin = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if "json" in (self.headers.get("Content-Type") or ""):
                    args = json.loads(body or "{}")
                else:
                    args = {k: v[0] for k, v in urllib.parse.parse_qs(body).items()}
                for key in ("blocks", "attachments"):
                    if isinstance(args.get(key), str):
                        args[key] = json.loads(args[key])
                if self.path.startswith("/api/"):
                    method = self.path[len("/api/"):].split("?")[0]
                    reply = standin.answer(method, args)
                else:
                    method, reply = "response_url", {"ok": True}
                with standin.lock:
                    standin.calls.append(Call(self.path, method, args, dict(self.headers)))
                    limited = method == "chat.postMessage" and standin.rate_limited_posts > 0
                    standin.rate_limited_posts -= limited
                if limited:
                    reply = {"ok": False, "error": "ratelimited"}
                payload = json.dumps(reply).encode()
                self.send_response(429 if limited else 200)
                if limited:
                    self.send_header("Retry-After", "1")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        return Handler
