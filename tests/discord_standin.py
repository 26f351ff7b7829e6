"""A stand-in for Discord on 127.0.0.1, for running the real `quotebot discord` process against.

- REST (`/api/v10`): the endpoints the bot calls, answered as Discord answers them, every call recorded. Discord's
  limits on messages, embeds, components, autocomplete choices and commands are enforced with Discord's own 400
  answers, and every refusal is kept in `refused`, so a test also proves that what the bot sent was accepted.
- Gateway (`/gateway`): a websocket speaking Discord's protocol: HELLO with a heartbeat interval, IDENTIFY (token
  and intents checked: close code 4004 for a bad token, 4014 for a refused privileged intent), heartbeats and
  their ACKs, READY, GUILD_CREATE, dispatches filtered by the session's intents (no message content without the
  Message Content intent), RECONNECT and RESUME with the events the client missed, zlib-stream compression; and
  shards: a session identifies as shard [id, count] (default [0, 1]) and gets the events of the servers whose id
  maps to it (`(server id >> 22) % count`, Discord's rule), `/gateway/bot` recommending `recommended_shards`.

Tests act as Discord's users: post messages, run commands, type into autocomplete, click buttons, choose in menus,
fill in forms (modals). The bot's direct messages (`/users/@me/channels`) and the files it attaches (multipart
requests) are kept for tests to read.
"""
import asyncio
import itertools
import json
import re
import threading
import time
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone

from aiohttp import WSMsgType, web

from tests.waiting import wait_until

TOKEN = "stand-in-bot-token"
APPLICATION_ID = 1100000000000000001
BOT_USER_ID = 1100000000000000002
HEARTBEAT_INTERVAL_MS = 41250

# Intents (Gateway) and permissions, as Discord numbers them.
GUILDS, GUILD_MESSAGES, MESSAGE_CONTENT = 1 << 0, 1 << 9, 1 << 15
MANAGE_GUILD = 1 << 5
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 16) | (1 << 31)  # view, send, read history, use commands
EPHEMERAL, SUPPRESS_EMBEDS = 1 << 6, 1 << 2

EVENT_INTENTS = {"GUILD_CREATE": GUILDS, "MESSAGE_CREATE": GUILD_MESSAGES}
NAME = re.compile(r"^[-_\w]{1,32}$")  # chat command and option names; lower case is checked apart


@dataclass
class Call:
    method: str
    path: str  # without the API base, e.g. "/channels/123/messages"
    json: object
    query: dict
    headers: dict
    status: int = 0
    files: dict = field(default_factory=dict)  # multipart field name -> (file name, bytes)


@dataclass
class Session:
    id: str
    intents: int
    shard: tuple[int, int] = (0, 1)  # its id, and how many shards there are
    seq: int = 0
    sent: list = field(default_factory=list)  # every dispatch, to replay what a resuming client missed


def shard_of(guild_id: int, shard_count: int) -> int:
    return (guild_id >> 22) % shard_count


class Connection:
    def __init__(self, ws: web.WebSocketResponse, compressed: bool):
        self.ws, self.session = ws, None
        self.compressor = zlib.compressobj() if compressed else None

    async def send(self, payload: dict) -> None:
        text = json.dumps(payload)
        if self.compressor:  # zlib-stream: one zlib context per connection, each payload ends in a sync flush
            await self.ws.send_bytes(self.compressor.compress(text.encode()) + self.compressor.flush(zlib.Z_SYNC_FLUSH))
        else:
            await self.ws.send_str(text)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat()


def user(user_id: int, name: str, bot: bool = False) -> dict:
    payload = {"id": str(user_id), "username": name, "discriminator": "0", "global_name": name, "avatar": None,
               "public_flags": 0}
    if bot:
        payload["bot"] = True
    return payload


def member(person: dict, permissions: int = MEMBER_PERMISSIONS) -> dict:
    return {"user": person, "roles": [], "joined_at": now_iso(), "deaf": False, "mute": False, "flags": 0,
            "nick": None, "avatar": None, "pending": False, "permissions": str(permissions)}


class DiscordStandIn:
    def __init__(self, refuse_message_content: bool = False, recommended_shards: int = 1):
        self.refuse_message_content, self.recommended_shards = refuse_message_content, recommended_shards
        self.calls: list[Call] = []
        self.refused: list[tuple[Call, dict]] = []  # requests Discord would have refused, with its answer
        self.identifies: list[dict] = []
        self.resumes: list[dict] = []
        self.closes: list[int] = []  # close codes the Gateway sent
        self.heartbeats = 0
        self.rate_limited_posts = 0  # this many next message posts are answered 429, as Discord does
        self.no_threads: set[str] = set()  # channels where the bot may not start threads
        self.guilds: dict[int, dict] = {}
        self.messages: dict[int, dict] = {}
        self.interactions: dict[int, dict] = {}  # id -> token, acknowledged, message_id, source (clicked), channel
        self.threads: dict[int, dict] = {}  # the message a thread started from -> the thread
        self.dm_channels: dict[str, str] = {}  # user id -> the bot's direct-message channel with them
        self.files: dict[str, bytes] = {}  # attachment id -> the bytes the bot uploaded
        self.sessions: dict[str, Session] = {}
        self.redeliver: list[dict] = []  # dispatches to deliver again when the client resumes
        self.connections: dict[int, Connection] = {}  # shard id -> its live connection with a session
        self.deliveries: list[tuple[str, str, int]] = []  # (event, server id, shard) of every server's dispatch
        self.sessions_ready = 0  # READY or RESUMED sent
        self.connected = threading.Condition()
        self.compressed: list[bool] = []  # per Gateway connection: whether it asked for zlib-stream
        # Snowflakes a millisecond apart, as things made one after another are: their time part, which shards go
        # by, differs.
        self._ids = itertools.count(int(time.time() * 1000 - 1420070400000) << 22, 1 << 22)
        self._lock = threading.RLock()

    # Running

    def start(self) -> "DiscordStandIn":
        self.loop = asyncio.new_event_loop()
        started = threading.Event()

        def serve():
            asyncio.set_event_loop(self.loop)
            self.runner = web.AppRunner(self._app())
            self.loop.run_until_complete(self.runner.setup())
            site = web.TCPSite(self.runner, "127.0.0.1", 0)
            self.loop.run_until_complete(site.start())
            self.port = site._server.sockets[0].getsockname()[1]
            started.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=serve, daemon=True)
        self.thread.start()
        started.wait(10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(15)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def new_id(self) -> int:
        with self._lock:
            return next(self._ids)

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(15)

    # What tests wait for

    def wait_connected(self, sessions: int = 1, timeout: float = 60) -> None:
        """Until `sessions` sessions in all were made ready (READY and the servers, or RESUMED), one at least live."""
        with self.connected:
            if not self.connected.wait_for(lambda: self.sessions_ready >= sessions and self.connections, timeout):
                raise AssertionError(f"no bot connected: identifies {self.identifies}, closes {self.closes}")

    def calls_to(self, method: str, path: str, **match) -> list[Call]:
        """Calls of `method` to paths matching the regular expression `path`, whose JSON includes `match`."""
        pattern = re.compile(path)
        with self._lock:
            return [c for c in self.calls if c.method == method and pattern.fullmatch(c.path)
                    and all(isinstance(c.json, dict) and c.json.get(k) == v for k, v in match.items())]

    def wait_for(self, method: str, path: str, count: int = 1, timeout: float = 60, **match) -> list[Call]:
        def enough() -> list[Call] | None:
            found = self.calls_to(method, path, **match)
            return found if len(found) >= count else None

        return wait_until(enough, timeout, lambda: f"expected {count} {method} {path} call(s) matching {match}; "
                                                   f"{self._seen()}")

    def _seen(self) -> str:
        return f"got {[(c.method, c.path, c.status) for c in self.calls]}; refused: {self.refused}"

    def replies_to(self, message: dict) -> list[Call]:
        """Every request to post a reply to `message`, accepted or not."""
        return [call for call in self.calls_to("POST", rf"/channels/{message['channel_id']}/messages")
                if str((call.json.get("message_reference") or {}).get("message_id")) == message["id"]]

    def bot_replies(self, message: dict) -> list[dict]:
        """The bot's messages replying to `message`, as they read now (after any edit)."""
        with self._lock:
            return [posted for posted in self.messages.values()
                    if (posted.get("message_reference") or {}).get("message_id") == message["id"]]

    def wait_replies(self, message: dict, count: int = 1, timeout: float = 60) -> list[dict]:
        """The JSON of the replies to `message` that Discord accepted, once there are `count` of them."""
        def enough() -> list[dict] | None:
            accepted = [call.json for call in self.replies_to(message) if call.status == 200]
            return accepted if len(accepted) >= count else None

        return wait_until(enough, timeout, lambda: f"no reply to message {message['id']}; {self._seen()}")

    # Acting as Discord's users

    def add_guild(self, name: str = "Newsroom", channels: tuple[str, ...] = ("news",)) -> dict:
        """A server with text channels (and a thread in the first); sent at once to a connected bot."""
        guild_id = self.new_id()
        text_channels = [{"id": str(self.new_id()), "type": 0, "guild_id": str(guild_id), "name": channel,
                          "position": position, "permission_overwrites": [], "parent_id": None, "nsfw": False,
                          "topic": None, "last_message_id": None, "rate_limit_per_user": 0}
                         for position, channel in enumerate(channels)]
        thread = {"id": str(self.new_id()), "type": 11, "guild_id": str(guild_id), "name": "follow-ups",
                  "parent_id": text_channels[0]["id"], "owner_id": str(self.new_id()), "message_count": 0,
                  "member_count": 1, "rate_limit_per_user": 0, "last_message_id": None,
                  "thread_metadata": {"archived": False, "auto_archive_duration": 1440, "locked": False,
                                      "archive_timestamp": now_iso()}}
        guild = {"id": str(guild_id), "name": name, "icon": None, "owner_id": str(self.new_id()),
                 "roles": [{"id": str(guild_id), "name": "@everyone", "permissions": str(MEMBER_PERMISSIONS),
                            "position": 0, "color": 0, "hoist": False, "managed": False, "mentionable": False,
                            "flags": 0}],
                 "channels": text_channels, "threads": [thread], "members": [], "voice_states": [],
                 "presences": [], "emojis": [], "stickers": [], "features": [], "member_count": 2,
                 "large": False, "unavailable": False, "joined_at": now_iso(), "premium_tier": 0,
                 "preferred_locale": "en-US", "afk_timeout": 300, "verification_level": 0,
                 "default_message_notifications": 0, "explicit_content_filter": 0, "mfa_level": 0,
                 "system_channel_flags": 0, "nsfw_level": 0, "stage_instances": [], "guild_scheduled_events": []}
        self.guilds[guild_id] = guild
        if self._connection_of(guild_id):
            self._run(self._dispatch("GUILD_CREATE", guild))
        return guild

    def remove_bot(self, guild: dict) -> None:
        """The bot is removed from a server (kicked, or the server deleted): GUILD_DELETE without `unavailable`."""
        self.guilds.pop(int(guild["id"]), None)
        self._run(self._dispatch("GUILD_DELETE", {"id": guild["id"]}))

    def post(self, guild: dict, content: str, author: dict | None = None, channel: dict | None = None,
             webhook: bool = False, deliver: bool = True, **fields) -> dict:
        """Someone posts a message in a channel of `guild` (its first channel unless told); the Gateway delivers it
        to the bot unless `deliver` is False (a message from before the bot joined)."""
        author = author or user(self.new_id(), "alice")
        channel = channel or guild["channels"][0]
        message = self._message(channel, author, content, guild_id=guild["id"], **fields)
        if webhook:
            message["webhook_id"] = str(self.new_id())
        else:
            message["member"] = {k: v for k, v in member(author).items() if k not in ("user", "permissions")}
        with self._lock:
            self.messages[int(message["id"])] = message
        if deliver:
            self._run(self._dispatch("MESSAGE_CREATE", message))
        return message

    def redeliver_after_resume(self, message: dict) -> None:
        """Ask the bot to reconnect (op 7, as Discord does before moving a session); when it resumes, deliver
        `message` again, as the Gateway may."""
        self.redeliver.append(message)
        self._run(self._connection_of(int(message["guild_id"])).send({"op": 7, "d": None, "s": None, "t": None}))

    def command(self, guild: dict, name: str, options: list | None = None, who: dict | None = None,
                permissions: int = MEMBER_PERMISSIONS, channel: dict | None = None) -> int:
        """Someone runs a chat command; returns the interaction id (see `answer`)."""
        data = {"id": str(self.new_id()), "name": name, "type": 1, "guild_id": guild["id"],
                "options": options or []}
        channels = [self._channel(guild, o["value"]) for o in self._leaf_options(data["options"]) if o["type"] == 7]
        if channels:  # Discord resolves the channels an option names
            data["resolved"] = {"channels": {c["id"]: {**c, "permissions": str(MEMBER_PERMISSIONS)} for c in channels}}
        return self._interact(2, data, guild, who, permissions, channel)

    @staticmethod
    def _leaf_options(options: list) -> list:
        return [leaf for option in options
                for leaf in (DiscordStandIn._leaf_options(option["options"]) if "options" in option else [option])]

    def autocomplete(self, guild: dict, name: str, option: str, typed: str, who: dict | None = None) -> int:
        data = {"id": str(self.new_id()), "name": name, "type": 1, "guild_id": guild["id"],
                "options": [{"name": option, "type": 3, "value": typed, "focused": True}]}
        return self._interact(4, data, guild, who)

    def message_menu(self, guild: dict, name: str, target: dict, who: dict | None = None) -> int:
        """Someone picks a message's Apps menu item; Discord sends the message with it (content included)."""
        data = {"id": str(self.new_id()), "name": name, "type": 3, "guild_id": guild["id"],
                "target_id": target["id"], "resolved": {"messages": {target["id"]: target}}}
        return self._interact(2, data, guild, who, channel=self._channel(guild, target["channel_id"]))

    def click(self, guild: dict, message: dict, custom_id: str, who: dict) -> int:
        """Someone clicks a button of a message the bot sent."""
        return self._interact(3, {"custom_id": custom_id, "component_type": 2}, guild, who, message=message)

    def choose(self, guild: dict, message: dict, custom_id: str, values: list[str], who: dict,
               permissions: int = MEMBER_PERMISSIONS) -> int:
        """Someone chooses in a menu (a string select) of a message the bot sent."""
        return self._interact(3, {"custom_id": custom_id, "component_type": 3, "values": values}, guild, who,
                              permissions, message=message)

    def fill_in(self, guild: dict, opened_by: int, values: dict[str, str], who: dict) -> int:
        """Someone submits the form (modal) the bot opened in answer to interaction `opened_by`, typing `values`
        (text input custom_id -> text); Discord sends the message the form was opened from along."""
        with self._lock:
            record = self.interactions[opened_by]
            form, source = record["modal"], self.messages.get(record["source"])
        rows = [{"type": 1, "components": [{"type": 4, "custom_id": component["custom_id"],
                                            "value": values.get(component["custom_id"], "")}
                                           for component in row["components"]]} for row in form["components"]]
        return self._interact(5, {"custom_id": form["custom_id"], "components": rows},
                              self.guilds[int(guild["id"])], who, message=source)

    def direct_messages(self, user_id: str) -> list[dict]:
        """The bot's messages in its direct messages with a user."""
        with self._lock:
            channel = self.dm_channels.get(str(user_id))
            return [m for m in self.messages.values() if channel and m["channel_id"] == channel]

    def attachments(self, message: dict) -> list[tuple[dict, bytes]]:
        """The files attached to a message, with their bytes."""
        with self._lock:
            return [(attachment, self.files[attachment["id"]]) for attachment in message.get("attachments", [])]

    def answer(self, interaction_id: int, timeout: float = 60) -> dict:
        """The bot's response to the interaction (the callback it must send within 3 seconds)."""
        [callback] = self.wait_for("POST", rf"/interactions/{interaction_id}/[^/]+/callback", timeout=timeout)
        return callback.json

    def original(self, interaction_id: int) -> dict | None:
        """The message the interaction's response created (after any edit), if it created one."""
        with self._lock:
            message_id = self.interactions[interaction_id].get("message_id")
            return self.messages.get(message_id)

    def wait_original(self, interaction_id: int, predicate, timeout: float = 60) -> dict:
        """The interaction's message once `predicate` holds for it (a deferred answer filled in, say)."""
        def ready() -> dict | None:
            message = self.original(interaction_id)
            return message if message is not None and predicate(message) else None

        return wait_until(ready, timeout, lambda: f"interaction {interaction_id}: {self.original(interaction_id)}; "
                                                  f"{self._seen()}")

    # Payloads

    def _message(self, channel: dict, author: dict, content: str, **fields) -> dict:
        return {"id": str(self.new_id()), "channel_id": channel["id"], "author": author, "content": content,
                "timestamp": now_iso(), "edited_timestamp": None, "tts": False, "mention_everyone": False,
                "mentions": [], "mention_roles": [], "attachments": [], "embeds": [], "pinned": False,
                "type": 0, "flags": 0, "components": [], **fields}

    def _channel(self, guild: dict, channel_id: str) -> dict:
        return next(c for c in guild["channels"] + guild["threads"] if c["id"] == channel_id)

    def _interact(self, kind: int, data: dict, guild: dict, who: dict | None, permissions: int = MEMBER_PERMISSIONS,
                  channel: dict | None = None, message: dict | None = None) -> int:
        interaction_id, token = self.new_id(), f"token-{uuid.uuid4().hex}"
        channel = channel or (self._channel(guild, message["channel_id"]) if message else guild["channels"][0])
        payload = {"id": str(interaction_id), "application_id": str(APPLICATION_ID), "type": kind, "data": data,
                   "guild_id": guild["id"], "guild": {"id": guild["id"], "locale": "en-US", "features": []},
                   "channel_id": channel["id"], "channel": channel, "token": token, "version": 1,
                   "member": member(who or user(self.new_id(), "bob"), permissions),
                   "app_permissions": str(MEMBER_PERMISSIONS), "locale": "en-US", "guild_locale": "en-US",
                   "entitlements": [], "authorizing_integration_owners": {"0": guild["id"]}, "context": 0,
                   "attachment_size_limit": 8 * 1024 * 1024}
        if message is not None:
            payload["message"] = message
        with self._lock:
            self.interactions[interaction_id] = {"token": token, "acknowledged": False, "message_id": None,
                                                 "source": message and int(message["id"]), "channel": channel,
                                                 "kind": kind}
        self._run(self._dispatch("INTERACTION_CREATE", payload))
        return interaction_id

    # Gateway

    def _app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{path:.*}", self._rest)
        return app

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        compress = request.query.get("compress")
        if compress not in (None, "zlib-stream"):
            await ws.close(code=4000, message=b"Unknown compression")
            return ws
        connection = Connection(ws, compressed=compress == "zlib-stream")
        self.compressed.append(connection.compressor is not None)
        await connection.send({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}, "s": None, "t": None})
        async for frame in ws:
            if frame.type is not WSMsgType.TEXT:
                continue
            payload = json.loads(frame.data)
            if payload["op"] == 1:
                self.heartbeats += 1
                await connection.send({"op": 11, "d": None, "s": None, "t": None})
            elif payload["op"] == 2:
                await self._identify(connection, payload["d"])
            elif payload["op"] == 6:
                await self._resume(connection, payload["d"])
        if connection.session and self.connections.get(connection.session.shard[0]) is connection:
            del self.connections[connection.session.shard[0]]
        return ws

    async def _close(self, connection: Connection, code: int, reason: str) -> None:
        self.closes.append(code)
        await connection.ws.close(code=code, message=reason.encode())

    async def _identify(self, connection: Connection, identify: dict) -> None:
        self.identifies.append(identify)
        if identify.get("token") != TOKEN:
            return await self._close(connection, 4004, "Authentication failed.")
        if self.refuse_message_content and identify["intents"] & MESSAGE_CONTENT:
            return await self._close(connection, 4014, "Disallowed intent(s).")
        session = Session(uuid.uuid4().hex, identify["intents"], tuple(identify.get("shard") or (0, 1)))
        self.sessions[session.id] = session
        connection.session = session
        self.connections[session.shard[0]] = connection
        guilds = [g for g in self.guilds.values() if shard_of(int(g["id"]), session.shard[1]) == session.shard[0]]
        await self._send_to(connection, "READY", {
            "v": 10, "user": user(BOT_USER_ID, "QuoteBot", bot=True), "session_id": session.id,
            "resume_gateway_url": self.gateway_url, "guilds": [{"id": g["id"], "unavailable": True} for g in guilds],
            "application": {"id": str(APPLICATION_ID), "flags": 0}, "private_channels": [], "relationships": [],
            "shard": list(session.shard)})
        for guild in guilds:
            await self._dispatch("GUILD_CREATE", guild)
        with self.connected:
            self.sessions_ready += 1
            self.connected.notify_all()

    async def _resume(self, connection: Connection, resume: dict) -> None:
        session = self.sessions.get(resume.get("session_id"))
        if session is None or resume.get("token") != TOKEN:
            await connection.send({"op": 9, "d": False, "s": None, "t": None})
            return
        self.resumes.append(resume)
        connection.session = session
        self.connections[session.shard[0]] = connection
        for frame in [f for f in session.sent if f["s"] > (resume.get("seq") or 0)]:
            await connection.send(frame)
        for message in self.redeliver:
            await self._dispatch("MESSAGE_CREATE", message)
        self.redeliver.clear()
        await self._send_to(connection, "RESUMED", {})
        with self.connected:
            self.sessions_ready += 1
            self.connected.notify_all()

    def _connection_of(self, guild_id: int) -> Connection | None:
        """The live connection of the shard a server's events go to."""
        for connection in list(self.connections.values()):
            if shard_of(guild_id, connection.session.shard[1]) == connection.session.shard[0]:
                return connection
        return None

    async def _dispatch(self, event: str, data: dict) -> None:
        """A server's event, on the shard that server maps to."""
        guild_id = int(data["id"] if event in ("GUILD_CREATE", "GUILD_DELETE") else data["guild_id"])
        connection = self._connection_of(guild_id)
        if connection is None:
            raise AssertionError(f"no bot is connected to receive {event} of server {guild_id}")
        self.deliveries.append((event, str(guild_id), connection.session.shard[0]))
        await self._send_to(connection, event, data)

    async def _send_to(self, connection: Connection, event: str, data: dict) -> None:
        session = connection.session
        needed = EVENT_INTENTS.get(event, 0)
        if needed and not session.intents & needed:
            return
        if event == "MESSAGE_CREATE" and not session.intents & MESSAGE_CONTENT:
            data = {**data, "content": "", "embeds": [], "attachments": [], "components": []}
        session.seq += 1
        frame = {"op": 0, "t": event, "s": session.seq, "d": data}
        session.sent.append(frame)
        await connection.send(frame)

    # REST

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["path"]
        files = {}
        if request.content_type == "multipart/form-data":  # payload_json, then files[n]
            payload = None
            async for part in await request.multipart():
                if part.name == "payload_json":
                    payload = json.loads(await part.text())
                else:
                    files[part.name] = (part.filename, await part.read())
        else:
            body = await request.text()
            payload = json.loads(body) if body else None
        call = Call(request.method, path, payload, dict(request.query), dict(request.headers), files=files)
        status, answer, headers = self._answer(call)
        call.status = status
        with self._lock:
            self.calls.append(call)
            if status == 400:
                self.refused.append((call, answer))
        if status == 204:
            return web.Response(status=204)
        # Discord's exact content type: discord.py reads a body as JSON only under this one.
        return web.Response(status=status, body=json.dumps(answer).encode(),
                            headers={"Content-Type": "application/json", **headers})

    def _answer(self, call: Call) -> tuple[int, object, dict]:
        method, path = call.method, call.path
        webhook = path.startswith(("/interactions/", "/webhooks/"))  # authorised by the interaction's token
        if not webhook and call.headers.get("Authorization") != f"Bot {TOKEN}":
            return 401, {"message": "401: Unauthorized", "code": 0}, {}
        routes = [
            ("GET", r"/users/@me", lambda call: (200, user(BOT_USER_ID, "QuoteBot", bot=True), {})),
            ("GET", r"/oauth2/applications/@me", self._application),
            ("GET", r"/gateway", lambda call: (200, {"url": self.gateway_url}, {})),
            ("GET", r"/gateway/bot", lambda call: (200, {
                "url": self.gateway_url, "shards": self.recommended_shards,
                "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}},
                {})),
            ("POST", r"/users/@me/channels", self._open_dm),
            ("POST", r"/channels/(?P<channel>\d+)/messages", self._create_message),
            ("PATCH", r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)", self._edit_message),
            ("POST", r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)/threads", self._start_thread),
            ("POST", r"/interactions/(?P<interaction>\d+)/(?P<token>[^/]+)/callback", self._callback),
            ("PATCH", r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)/messages/@original", self._edit_original),
            ("POST", r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)", self._followup),
            ("PUT", r"/applications/(?P<app>\d+)(?:/guilds/(?P<guild>\d+))?/commands", self._put_commands),
        ]
        for route_method, pattern, handler in routes:
            match = re.fullmatch(pattern, path)
            if method == route_method and match:
                return handler(call, **match.groupdict())
        return 404, {"message": "404: Not Found", "code": 0}, {}

    def _application(self, call: Call):
        return 200, {"id": str(APPLICATION_ID), "name": "QuoteBot", "icon": None, "description": "",
                     "rpc_origins": [], "bot_public": True, "bot_require_code_grant": False,
                     "owner": user(self.new_id(), "owner"), "summary": "", "verify_key": "00" * 32, "team": None,
                     "flags": 0, "bot": user(BOT_USER_ID, "QuoteBot", bot=True)}, {}

    def _open_dm(self, call: Call):
        recipient = str((call.json or {}).get("recipient_id"))
        with self._lock:
            channel = self.dm_channels.setdefault(recipient, str(self.new_id()))
        return 200, {"id": channel, "type": 1, "last_message_id": None, "flags": 0,
                     "recipients": [user(int(recipient), "member")]}, {}

    def _create_message(self, call: Call, channel: str):
        if self.rate_limited_posts > 0:
            self.rate_limited_posts -= 1
            return 429, {"message": "You are being rate limited.", "retry_after": 1.0, "global": False}, {
                "Retry-After": "1", "X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset-After": "1.000", "X-RateLimit-Bucket": "standin-messages",
                "X-RateLimit-Scope": "user", "Via": "1.1 google"}
        payload = call.json or {}
        if problem := message_problem(payload, creating=True):
            return 400, problem, {}
        with self._lock:
            nonce = payload.get("nonce")
            if payload.get("enforce_nonce") and nonce:  # Discord posts such a message once, however often sent
                for existing in self.messages.values():
                    if existing.get("nonce") == nonce and existing["channel_id"] == channel:
                        return 200, existing, {}
            message = self._message({"id": channel}, user(BOT_USER_ID, "QuoteBot", bot=True),
                                    payload.get("content") or "", embeds=payload.get("embeds") or [],
                                    components=payload.get("components") or [], flags=payload.get("flags") or 0,
                                    nonce=nonce, allowed_mentions=payload.get("allowed_mentions"))
            if reference := payload.get("message_reference"):
                message["message_reference"] = {k: str(v) if k != "fail_if_not_exists" else v
                                                for k, v in reference.items()}
                message["type"] = 19
            self.messages[int(message["id"])] = message
        return 200, message, {}

    def _edit_message(self, call: Call, channel: str, message: str):
        payload = call.json or {}
        with self._lock:
            existing = self.messages.get(int(message))
            if existing is None or existing["channel_id"] != channel:
                return 404, {"message": "Unknown Message", "code": 10008}, {}
            if existing["author"]["id"] != str(BOT_USER_ID):
                return 403, {"message": "Cannot edit a message authored by another user", "code": 50005}, {}
            edited = {**existing, **{k: payload[k] for k in ("content", "embeds", "flags", "components")
                                     if k in payload}}
            edited["content"] = edited["content"] or ""
            if problem := message_problem(edited, creating=True):  # an edit may not leave the message empty
                return 400, problem, {}
            existing.update(edited, edited_timestamp=now_iso())
            return 200, existing, {}

    def _start_thread(self, call: Call, channel: str, message: str):
        if channel in self.no_threads:
            return 403, {"code": 50013, "message": "Missing Permissions"}, {}
        name = (call.json or {}).get("name") or ""
        if not 1 <= len(name) <= 100:
            return 400, invalid({"name": "Must be between 1 and 100 in length."}), {}
        with self._lock:
            if int(message) in self.threads:
                return 400, {"code": 160004, "message": "A thread has already been created for this message"}, {}
            thread = {"id": message, "type": 11, "guild_id": None, "parent_id": channel, "name": name,
                      "owner_id": str(BOT_USER_ID), "message_count": 0, "member_count": 1,
                      "rate_limit_per_user": 0, "thread_metadata": {"archived": False, "locked": False,
                      "auto_archive_duration": call.json.get("auto_archive_duration", 1440),
                      "archive_timestamp": now_iso()}}
            self.threads[int(message)] = thread
        return 201, thread, {}

    def _callback(self, call: Call, interaction: str, token: str):
        with self._lock:
            record = self.interactions.get(int(interaction))
        if record is None or record["token"] != token:
            return 404, {"message": "Unknown interaction", "code": 10062}, {}
        if record["acknowledged"]:
            return 400, {"message": "Interaction has already been acknowledged.", "code": 40060}, {}
        kind, data = call.json.get("type"), call.json.get("data") or {}
        if kind == 8:
            if problem := choices_problem(data.get("choices")):
                return 400, problem, {}
        elif kind in (4, 7):
            if problem := message_problem(data, creating=kind == 4):
                return 400, problem, {}
        elif kind == 9:
            if record["kind"] in (5, 4):  # no form in answer to a form, nor to autocomplete
                return 400, invalid({"type": "A modal cannot answer this interaction"}), {}
            if problem := modal_problem(data):
                return 400, problem, {}
        elif kind not in (5, 6):
            return 400, invalid({"type": f"Unknown response type {kind}"}), {}
        with self._lock:
            record["acknowledged"] = True
            message = None
            if kind in (4, 5):
                message = self._message(record["channel"], user(BOT_USER_ID, "QuoteBot", bot=True),
                                        data.get("content") or "", embeds=data.get("embeds") or [],
                                        components=data.get("components") or [], flags=data.get("flags") or 0,
                                        interaction_id=interaction, type=20)
                if kind == 5:
                    message["flags"] |= 1 << 7  # LOADING: "QuoteBot is thinking…"
                self.messages[int(message["id"])] = message
                record["message_id"] = int(message["id"])
            elif kind == 7:
                if record["source"] is None:
                    return 400, invalid({"type": "No message to update"}), {}
                message = self.messages[record["source"]]
                message.update({k: v for k, v in data.items() if k in ("content", "embeds", "components")})
            elif kind == 9:
                record["modal"] = data
        response = {"interaction": {"id": interaction, "type": 2, "response_message_id": message and message["id"],
                                    "response_message_loading": kind == 5,
                                    "response_message_ephemeral": bool((data.get("flags") or 0) & EPHEMERAL)}}
        if message is not None:
            response["resource"] = {"type": kind, "message": message}
        return 200, response, {}

    def _webhook_interaction(self, token: str) -> dict | None:
        with self._lock:
            return next((r for r in self.interactions.values() if r["token"] == token), None)

    def _edit_original(self, call: Call, app: str, token: str):
        record = self._webhook_interaction(token)
        if record is None or app != str(APPLICATION_ID) or record["message_id"] is None:
            return 404, {"message": "Unknown Webhook", "code": 10015}, {}
        if problem := message_problem(call.json or {}, creating=False):
            return 400, problem, {}
        attachments, problem = self._attachments(call)
        if problem:
            return 400, problem, {}
        with self._lock:
            message = self.messages[record["message_id"]]
            message.update({k: v for k, v in call.json.items() if k in ("content", "embeds", "components")})
            if attachments is not None:
                message["attachments"] = attachments
            message["flags"] &= ~(1 << 7)
        return 200, message, {}

    def _attachments(self, call: Call) -> tuple[list | None, dict | None]:
        """The attachments a message asks for, each matching a file uploaded with it (`files[n]`)."""
        if "attachments" not in (call.json or {}):
            return None, None
        attachments = []
        for attachment in call.json["attachments"]:
            uploaded = call.files.get(f"files[{attachment['id']}]")
            if uploaded is None:
                return None, invalid({"attachments": f"No file files[{attachment['id']}] uploaded"})
            name, data = uploaded
            attachment_id = str(self.new_id())
            with self._lock:
                self.files[attachment_id] = data
            attachments.append({"id": attachment_id, "filename": attachment.get("filename") or name,
                                "size": len(data), "url": f"{self.api_url}/attachments/{attachment_id}"})
        return attachments, None

    def _followup(self, call: Call, app: str, token: str):
        record = self._webhook_interaction(token)
        if record is None or app != str(APPLICATION_ID):
            return 404, {"message": "Unknown Webhook", "code": 10015}, {}
        if problem := message_problem(call.json or {}, creating=True):
            return 400, problem, {}
        message = self._message(record["channel"], user(BOT_USER_ID, "QuoteBot", bot=True),
                                call.json.get("content") or "", embeds=call.json.get("embeds") or [],
                                flags=call.json.get("flags") or 0)
        with self._lock:
            self.messages[int(message["id"])] = message
        return 200, message, {}

    def _put_commands(self, call: Call, app: str, guild: str | None = None):
        if app != str(APPLICATION_ID):
            return 403, {"message": "Missing Access", "code": 50001}, {}
        if problem := commands_problem(call.json):
            return 400, problem, {}
        return 200, [{"description": "", "type": 1, **command, "id": str(self.new_id()), "application_id": app,
                      "version": "1", **({"guild_id": guild} if guild else {})} for command in call.json], {}


# Discord's limits

def invalid(errors: dict) -> dict:
    return {"code": 50035, "message": "Invalid Form Body", "errors": errors}


def message_problem(payload: dict, creating: bool) -> dict | None:
    """Discord's 400 answer for a message it would refuse, or None."""
    content, embeds = payload.get("content") or "", payload.get("embeds") or []
    if creating and not content and not embeds and not payload.get("components"):
        return {"code": 50006, "message": "Cannot send an empty message"}
    if len(content) > 2000:
        return invalid({"content": "Must be 2000 or fewer in length."})
    if len(embeds) > 10:
        return invalid({"embeds": "Must be 10 or fewer in length."})
    if len(str(payload.get("nonce") or "")) > 25:
        return invalid({"nonce": "Must be 25 or fewer in length."})
    total = 0
    for number, embed in enumerate(embeds):
        limits = [("title", embed.get("title"), 256), ("description", embed.get("description"), 4096),
                  ("footer.text", (embed.get("footer") or {}).get("text"), 2048),
                  ("author.name", (embed.get("author") or {}).get("name"), 256)]
        fields = embed.get("fields") or []
        if len(fields) > 25:
            return invalid({f"embeds.{number}.fields": "Must be 25 or fewer in length."})
        for index, embed_field in enumerate(fields):
            if not embed_field.get("name") or not embed_field.get("value"):
                return invalid({f"embeds.{number}.fields.{index}": "This field is required"})
            limits += [(f"fields.{index}.name", embed_field["name"], 256),
                       (f"fields.{index}.value", embed_field["value"], 1024)]
        for name, text, limit in limits:
            if text and len(text) > limit:
                return invalid({f"embeds.{number}.{name}": f"Must be {limit} or fewer in length."})
            total += len(text or "")
    if total > 6000:
        return invalid({"embeds": "Embed size exceeds maximum size of 6000"})
    rows, custom_ids = payload.get("components") or [], []
    if len(rows) > 5:
        return invalid({"components": "Must be 5 or fewer in length."})
    for row in rows:
        if row.get("type") != 1 or not 1 <= len(row.get("components") or []) <= 5:
            return invalid({"components": "An action row holds 1 to 5 components."})
        for component in row["components"]:
            if component.get("type") == 3 and (problem := select_problem(component, len(row["components"]))):
                return problem
            if len(component.get("label") or "") > 80:
                return invalid({"components.label": "Must be 80 or fewer in length."})
            if "custom_id" in component:
                if not 1 <= len(component["custom_id"]) <= 100:
                    return invalid({"components.custom_id": "Must be between 1 and 100 in length."})
                custom_ids.append(component["custom_id"])
    if len(custom_ids) != len(set(custom_ids)):
        return invalid({"components": "Component custom id cannot be duplicated"})
    return None


def select_problem(select: dict, in_row: int) -> dict | None:
    """Discord's answer to a string select it would refuse: alone in its row, 1 to 25 options of at most 100
    characters (label, value, description), a placeholder of at most 150."""
    options = select.get("options") or []
    if in_row != 1:
        return invalid({"components": "A select menu takes a whole action row."})
    if not 1 <= len(options) <= 25 or len(select.get("placeholder") or "") > 150:
        return invalid({"components.options": "A select menu holds 1 to 25 options."})
    for option in options:
        if not 1 <= len(option.get("label") or "") <= 100 or not 1 <= len(option.get("value") or "") <= 100 \
                or len(option.get("description") or "") > 100:
            return invalid({"components.options": "An option's label and value take 1 to 100 characters."})
    if len({option["value"] for option in options}) != len(options):
        return invalid({"components.options": "Option values must be unique."})
    return None


def modal_problem(modal: dict) -> dict | None:
    """Discord's answer to a form it would refuse: a title of 1 to 45 characters, a custom_id, 1 to 5 rows of text
    inputs with labels of at most 45 characters."""
    rows = modal.get("components") or []
    if not 1 <= len(modal.get("title") or "") <= 45 or not 1 <= len(modal.get("custom_id") or "") <= 100:
        return invalid({"data": "A modal needs a title (45) and a custom_id (100)."})
    if not 1 <= len(rows) <= 5:
        return invalid({"data.components": "A modal holds 1 to 5 rows."})
    for row in rows:
        for component in row.get("components") or []:
            if component.get("type") != 4 or not 1 <= len(component.get("label") or "") <= 45 \
                    or len(component.get("placeholder") or "") > 100 or not component.get("custom_id"):
                return invalid({"data.components": "A text input needs a custom_id and a label (45)."})
    return None


def choices_problem(choices) -> dict | None:
    if choices is None or len(choices) > 25:
        return invalid({"choices": "Must be 25 or fewer in length."})
    for choice in choices:
        if not 1 <= len(choice.get("name") or "") <= 100 or len(str(choice.get("value"))) > 100:
            return invalid({"choices": "A choice's name takes 1 to 100 characters, its value at most 100."})
    return None


def commands_problem(commands) -> dict | None:
    if not isinstance(commands, list) or len(commands) > 100:
        return invalid({"_errors": "Up to 100 commands."})
    for command in commands:
        kind = command.get("type", 1)
        name = command.get("name") or ""
        if kind == 1 and not (NAME.fullmatch(name) and name == name.lower()):
            return invalid({"name": f"Invalid command name {name!r}"})
        if kind != 1 and not 1 <= len(name) <= 32:
            return invalid({"name": f"Invalid menu name {name!r}"})
        if kind == 1 and not 1 <= len(command.get("description") or "") <= 100:
            return invalid({"description": "Must be between 1 and 100 in length."})
        for option in command.get("options") or []:
            if not NAME.fullmatch(option["name"]) or not 1 <= len(option.get("description") or "") <= 100:
                return invalid({"options": f"Invalid option {option['name']!r}"})
            for sub in option.get("options") or []:
                if not NAME.fullmatch(sub["name"]) or not 1 <= len(sub.get("description") or "") <= 100:
                    return invalid({"options": f"Invalid option {sub['name']!r}"})
    return None
