"""Requests as Slack sends them: signed with the signing secret, as events or slash commands."""
import json
import time
import urllib.error
import urllib.parse
import urllib.request

from slack_sdk.signature import SignatureVerifier


def post_signed(app_url: str, body: str, content_type: str, secret: str, headers: dict | None = None,
                timestamp: int | None = None) -> tuple[int, str, float]:
    """POST to /slack/events; returns status, body and how long the app took to answer."""
    timestamp = str(timestamp or int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    request = urllib.request.Request(app_url + "/slack/events", data=body.encode(), method="POST", headers={
        "Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature,
        **(headers or {})})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), time.monotonic() - started


def message_event(team_id: str, channel: str, ts: str, url: str, event_id: str, user: str = "UALICE",
                  **event_fields) -> str:
    """A channel message sharing `url`, with the link in the text and in its rich_text blocks."""
    event = {"type": "message", "channel": channel, "user": user, "ts": ts, "team": team_id,
             "text": f"Worth reading <{url}|this story>",
             "blocks": [{"type": "rich_text", "block_id": "b1", "elements": [{"type": "rich_text_section", "elements": [
                 {"type": "text", "text": "Worth reading "}, {"type": "link", "url": url, "text": "this story"}]}]}],
             **event_fields}
    return event_callback(team_id, event, event_id)


def event_callback(team_id: str, event: dict, event_id: str, event_time: int | None = None) -> str:
    """The Events API envelope Slack posts for `event`."""
    return json.dumps({"token": "legacy", "team_id": team_id, "api_app_id": "AQUOTEBOT", "type": "event_callback",
                       "event_id": event_id, "event_time": event_time or int(time.time()), "event": event})


def slash_command(team_id: str, text: str, response_url: str, user: str = "UBOB") -> str:
    return urllib.parse.urlencode(slash_command_fields(team_id, text, response_url, user))


def slash_command_fields(team_id: str, text: str, response_url: str, user: str = "UBOB") -> dict:
    return {"token": "legacy", "team_id": team_id, "team_domain": "newsroom", "channel_id": "CNEWS",
            "channel_name": "newsroom", "user_id": user, "user_name": "bob", "command": "/quotes", "text": text,
            "api_app_id": "AQUOTEBOT", "response_url": response_url, "trigger_id": "1.2.3"}
