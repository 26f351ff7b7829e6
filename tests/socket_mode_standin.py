"""A stand-in for Slack's Socket Mode on 127.0.0.1: a websocket server that greets each connection with
`hello`, delivers envelopes, records the app's acknowledgements and can ask the app to reconnect."""
import json
import threading
import time
import uuid
from dataclasses import dataclass, field

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve


@dataclass
class Ack:
    envelope_id: str
    payload: dict | None
    seconds: float  # from delivering the envelope to its acknowledgement


@dataclass
class SocketModeStandIn:
    connections: list[ServerConnection] = field(default_factory=list)  # newest last
    acks: dict[str, Ack] = field(default_factory=dict)
    sent_at: dict[str, float] = field(default_factory=dict)
    lock: threading.Condition = field(default_factory=threading.Condition)

    def start(self) -> "SocketModeStandIn":
        self.server = serve(self._session, "127.0.0.1", 0, ping_interval=None)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.server.socket.getsockname()[1]}/link/?ticket={uuid.uuid4()}"

    def wait_for_connections(self, count: int, timeout: float = 60) -> None:
        with self.lock:
            assert self.lock.wait_for(lambda: len(self.connections) >= count, timeout), self.connections

    def deliver(self, kind: str, payload: dict, envelope_id: str | None = None, retry_attempt: int = 0) -> str:
        """Send an envelope (`events_api`, `slash_commands`) on the newest connection; returns its id."""
        envelope_id = envelope_id or str(uuid.uuid4())
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload,
                    "accepts_response_payload": kind != "events_api", "retry_attempt": retry_attempt,
                    "retry_reason": "timeout" if retry_attempt else ""}
        with self.lock:
            connection = self.connections[-1]
            self.sent_at[envelope_id] = time.monotonic()
            self.acks.pop(envelope_id, None)
        connection.send(json.dumps(envelope))
        return envelope_id

    def wait_for_ack(self, envelope_id: str, timeout: float = 10) -> Ack:
        with self.lock:
            assert self.lock.wait_for(lambda: envelope_id in self.acks, timeout), f"no ack of {envelope_id}"
            return self.acks[envelope_id]

    def ask_to_reconnect(self) -> None:
        """What Slack sends before it moves a connection: the client must open a new one."""
        with self.lock:
            connection = self.connections[-1]
        connection.send(json.dumps({"type": "disconnect", "reason": "refresh_requested",
                                    "debug_info": {"host": "standin"}}))

    def _session(self, connection: ServerConnection) -> None:
        connection.send(json.dumps({"type": "hello", "num_connections": 1,
                                    "connection_info": {"app_id": "AQUOTEBOT"},
                                    "debug_info": {"host": "standin", "approximate_connection_time": 3600}}))
        with self.lock:
            self.connections.append(connection)
            self.lock.notify_all()
        try:
            for message in connection:
                ack = json.loads(message)
                with self.lock:
                    if ack.get("envelope_id") in self.sent_at:
                        elapsed = time.monotonic() - self.sent_at[ack["envelope_id"]]
                        self.acks[ack["envelope_id"]] = Ack(ack["envelope_id"], ack.get("payload"), elapsed)
                        self.lock.notify_all()
        except ConnectionClosed:
            pass
