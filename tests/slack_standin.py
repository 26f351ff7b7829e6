"""A stand-in for Slack's Web API on 127.0.0.1: answers like Slack and records every call it receives.

It knows the single-workspace token `xoxb-test` and issues tokens of its own to workspaces installed
through OAuth (`oauth.v2.access`), rotating them when asked with a refresh token, which works once."""
import http.server
import itertools
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from tests.waiting import wait_until

SINGLE_WORKSPACE_TOKEN = "xoxb-test"
APP_TOKEN = "xapp-test"  # the app-level token Socket Mode connects with
ROTATED_TOKEN_LIFETIME = 12 * 3600  # seconds: far beyond the 2 hours before expiry when tokens are rotated


@dataclass
class Call:
    path: str
    method: str  # the Web API method ("chat.postMessage"), or "response_url" for replies to a command
    args: dict
    headers: dict
    reply: dict | None = None  # what the stand-in answered

    @property
    def token(self) -> str | None:
        """The token the call was made with (the Authorization header, or a `token` argument)."""
        bearer = self.headers.get("Authorization", "")
        return bearer.removeprefix("Bearer ") if bearer.startswith("Bearer ") else self.args.get("token")


@dataclass
class SlackStandIn:
    team_id: str = "T0STANDIN"
    bot_user_id: str = "UQUOTEBOT"
    calls: list[Call] = field(default_factory=list)
    rate_limited_posts: int = 0  # this many next chat.postMessage calls are answered 429, as Slack does
    lock: threading.Lock = field(default_factory=threading.Lock)
    socket_mode_url: str | None = None  # what apps.connections.open answers
    # Workspaces whose installs get a token that expires within `expiring_token_lifetime` seconds, with a
    # refresh token (Slack's token rotation); refreshing takes `refresh_delay` seconds.
    rotating_teams: set[str] = field(default_factory=set)
    expiring_token_lifetime: int = 60
    refresh_delay: float = 0.0
    tokens: dict[str, str] = field(default_factory=dict)  # valid bot token -> its workspace
    refresh_tokens: dict[str, str] = field(default_factory=dict)  # unused refresh token -> its workspace
    codes: dict[str, str] = field(default_factory=dict)  # OAuth code not yet exchanged -> its workspace
    _serial: itertools.count = field(default_factory=itertools.count)

    def authorize(self, team_id: str) -> str:
        """What Slack does when someone in `team_id` approves the install: a code for the redirect."""
        code = f"code-{team_id}-{next(self._serial)}"
        with self.lock:
            self.codes[code] = team_id
        return code

    def tokens_of(self, team_id: str) -> list[str]:
        """Bot tokens issued to a workspace, oldest first."""
        with self.lock:
            return [token for token, team in self.tokens.items() if team == team_id]

    def revoke(self, team_id: str) -> None:
        """The workspace removed the app: its tokens stop working."""
        with self.lock:
            for token in [t for t, team in self.tokens.items() if team == team_id]:
                del self.tokens[token]

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

    def answer(self, call: Call) -> dict:
        method, args = call.method, call.args
        if method == "oauth.v2.access":
            return self._grant(args)
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_mode_url} if call.token == APP_TOKEN else {
                "ok": False, "error": "invalid_auth"}
        with self.lock:
            team_id = self.tokens.get(call.token) or (self.team_id if call.token == SINGLE_WORKSPACE_TOKEN else None)
        if team_id is None:
            return {"ok": False, "error": "invalid_auth"}
        if method == "auth.test":
            return {"ok": True, "url": "https://standin.example/", "team": "Stand-in", "user": "quotebot",
                    "team_id": team_id, "user_id": self.bot_user_id, "bot_id": "BQUOTEBOT"}
        if method in ("chat.postMessage", "chat.update"):
            return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts") or f"{time.time():.6f}",
                    "message": {"text": args.get("text")}}
        return {"ok": True}

    def _grant(self, args: dict) -> dict:
        """oauth.v2.access: a code from an install, or a refresh token (each works once)."""
        if args.get("grant_type") == "refresh_token":
            time.sleep(self.refresh_delay)
            with self.lock:
                team_id = self.refresh_tokens.pop(args.get("refresh_token"), None)
            if team_id is None:
                return {"ok": False, "error": "invalid_refresh_token"}
            return self._issue(team_id, ROTATED_TOKEN_LIFETIME)
        with self.lock:
            team_id = self.codes.pop(args.get("code"), None)
        if team_id is None:
            return {"ok": False, "error": "invalid_code"}
        rotating = team_id in self.rotating_teams
        return {"app_id": "AQUOTEBOT", "scope": "chat:write,commands,channels:history",
                "bot_user_id": self.bot_user_id, "team": {"id": team_id, "name": f"Newsroom {team_id}"},
                "authed_user": {"id": "UINSTALLER"},
                **self._issue(team_id, self.expiring_token_lifetime if rotating else None)}

    def _issue(self, team_id: str, lifetime: int | None) -> dict:
        serial = next(self._serial)
        token = f"xoxb-{team_id}-{serial}"
        grant = {"ok": True, "token_type": "bot", "access_token": token}
        with self.lock:
            self.tokens[token] = team_id
            if lifetime is not None:
                grant.update(refresh_token=f"xoxe-{team_id}-{serial}", expires_in=lifetime)
                self.refresh_tokens[grant["refresh_token"]] = team_id
        return grant

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
                    call = Call(self.path, self.path[len("/api/"):].split("?")[0], args, dict(self.headers))
                    reply = call.reply = standin.answer(call)
                else:
                    call, reply = Call(self.path, "response_url", args, dict(self.headers)), {"ok": True}
                method = call.method
                with standin.lock:
                    standin.calls.append(call)
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
