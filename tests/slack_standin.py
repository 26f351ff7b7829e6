"""A stand-in for Slack's Web API on 127.0.0.1: answers like Slack and records every call it receives.

It knows the single-workspace token `xoxb-test` and issues tokens of its own to workspaces installed
through OAuth (`oauth.v2.access`), rotating them when asked with a refresh token, which works once.
It opens direct-message channels (`conversations.open`), tells who is an admin (`users.info`), takes modals
and Home tabs (`views.open`, `views.publish`) and file uploads in Slack's three steps
(`files.getUploadURLExternal`, the upload URL it hands out, `files.completeUploadExternal`)."""
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
    method: str  # the Web API method ("chat.postMessage"), "response_url" for replies to a command, "upload"
    args: dict
    headers: dict
    reply: dict | None = None  # what the stand-in answered
    body: bytes = b""

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
    admins: set[str] = field(default_factory=set)  # users who are workspace admins
    uploads: dict[str, bytes] = field(default_factory=dict)  # file id -> the bytes uploaded to its URL
    _serial: itertools.count = field(default_factory=itertools.count)
    _last_ts: float = 0.0

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

    def direct_messages(self, user: str) -> list[Call]:
        """The messages posted to a user's direct-message channel (opened with conversations.open)."""
        return self.calls_to("chat.postMessage", channel=dm_channel(user))

    def uploaded(self, completion: Call) -> list[tuple[dict, bytes]]:
        """The files a files.completeUploadExternal call shared, with the bytes uploaded for each."""
        with self.lock:
            return [(file, self.uploads.get(file["id"], b"")) for file in completion.args["files"]]

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
            return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts") or self._new_ts(),
                    "message": {"text": args.get("text")}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": dm_channel(args["users"])}}
        if method == "users.info":
            admin = args.get("user") in self.admins
            return {"ok": True, "user": {"id": args.get("user"), "team_id": team_id, "is_admin": admin,
                                         "is_owner": False, "is_primary_owner": False}}
        if method in ("views.open", "views.publish", "views.update"):
            view = args.get("view")
            if not isinstance(view, dict) or (method == "views.open" and not args.get("trigger_id")):
                return {"ok": False, "error": "invalid_arguments"}
            return {"ok": True, "view": {"id": f"V{next(self._serial)}", "team_id": team_id, **view}}
        if method == "files.getUploadURLExternal":
            if not args.get("filename") or not int(args.get("length") or 0):
                return {"ok": False, "error": "invalid_arguments"}
            file_id = f"F{next(self._serial):08d}"
            return {"ok": True, "file_id": file_id, "upload_url": f"{self.base_url}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in args["files"]]}
        return {"ok": True}

    def _new_ts(self) -> str:
        """A new message's ts: its time, each one later than the last (Slack's are unique per channel)."""
        with self.lock:
            self._last_ts = max(time.time(), self._last_ts + 1e-6)
            return f"{self._last_ts:.6f}"

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
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.startswith("/upload/"):  # the URL files.getUploadURLExternal handed out
                    file_id = self.path.rsplit("/", 1)[1]
                    with standin.lock:
                        standin.uploads[file_id] = raw
                        standin.calls.append(Call(self.path, "upload", {"file_id": file_id}, dict(self.headers),
                                                  body=raw))
                    self._answer(200, b"OK - " + str(len(raw)).encode(), "text/plain")
                    return
                body = raw.decode()
                if "json" in (self.headers.get("Content-Type") or ""):
                    args = json.loads(body or "{}")
                else:
                    args = {k: v[0] for k, v in urllib.parse.parse_qs(body).items()}
                for key in ("blocks", "attachments", "view", "files"):
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
                self._answer(429 if limited else 200, json.dumps(reply).encode(), "application/json",
                             {"Retry-After": "1"} if limited else {})

            def _answer(self, status: int, payload: bytes, content_type: str, headers: dict | None = None):
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        return Handler


def dm_channel(user: str) -> str:
    """The id conversations.open gives QuoteBot's direct messages with `user`."""
    return f"D{user}"
