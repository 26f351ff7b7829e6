"""Queued work for Slack: ingest a shared link, then reply in the thread it was shared in."""
from handlers.links import read_shared_link
from handlers.slack import blocks
from handlers.slack.client import web_client


def answer_link(team_id: str, channel: str, thread_ts: str, url: str, shared_by: str | None) -> None:
    answer = read_shared_link(team_id, url, shared_by)
    web_client().chat_postMessage(channel=channel, thread_ts=thread_ts, unfurl_links=False,
                                  **blocks.link_reply(answer))
