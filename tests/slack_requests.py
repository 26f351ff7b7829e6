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


def slash_command(team_id: str, text: str, response_url: str, user: str = "UBOB", channel: str = "CNEWS") -> str:
    return urllib.parse.urlencode(slash_command_fields(team_id, text, response_url, user, channel))


def slash_command_fields(team_id: str, text: str, response_url: str, user: str = "UBOB",
                         channel: str = "CNEWS") -> dict:
    return {"token": "legacy", "team_id": team_id, "team_domain": "newsroom", "channel_id": channel,
            "channel_name": "newsroom", "user_id": user, "user_name": "bob", "command": "/quotes", "text": text,
            "api_app_id": "AQUOTEBOT", "response_url": response_url, "trigger_id": "1.2.3"}


def interaction(payload: dict) -> str:
    """The form Slack posts a block action, a form's submission or a shortcut in."""
    return urllib.parse.urlencode({"payload": json.dumps(payload)})


def _who(team_id: str, user: str) -> dict:
    return {"team": {"id": team_id, "domain": "newsroom"}, "user": {"id": user, "username": user.lower(),
                                                                    "team_id": team_id},
            "api_app_id": "AQUOTEBOT", "token": "legacy", "is_enterprise_install": False, "enterprise": None}


def block_action(team_id: str, user: str, action: dict, response_url: str, trigger_id: str) -> str:
    """A button clicked (or a menu option chosen) in an ephemeral answer to a command."""
    return interaction({"type": "block_actions", **_who(team_id, user), "trigger_id": trigger_id,
                        "container": {"type": "message", "message_ts": f"{time.time():.6f}", "channel_id": "CNEWS",
                                      "is_ephemeral": True},
                        "channel": {"id": "CNEWS", "name": "newsroom"}, "state": {"values": {}},
                        "response_url": response_url, "actions": [{**action, "action_ts": f"{time.time():.6f}"}]})


def view_submission(team_id: str, user: str, view: dict, values: dict) -> str:
    """A modal submitted; `values` maps block ids to {action id: value} of its inputs."""
    state = {"values": {block: {action: {"type": "plain_text_input", "value": value}
                                for action, value in inputs.items()} for block, inputs in values.items()}}
    return interaction({"type": "view_submission", **_who(team_id, user), "trigger_id": f"{time.time():.6f}.1",
                        "view": {**view, "state": state}, "response_urls": []})


def message_shortcut(team_id: str, user: str, callback_id: str, text: str, response_url: str) -> str:
    """A message shortcut picked from a message's menu; Slack sends the message with it."""
    return interaction({"type": "message_action", **_who(team_id, user), "callback_id": callback_id,
                        "trigger_id": f"{time.time():.6f}.2", "response_url": response_url,
                        "channel": {"id": "CNEWS", "name": "newsroom"}, "message_ts": "1700000000.000100",
                        "message": {"type": "message", "user": "UALICE", "ts": "1700000000.000100", "text": text}})
