"""Queued work for Slack: answer a shared link in the thread it was shared in, as its workspace's bot."""
import logging

from slack_sdk import WebClient

from bot.logs import log_context
from bot.runtime import get_ingestor
from config.settings import get_settings
from handlers import link_answers
from handlers.link_answers import Reply
from handlers.slack import blocks
from handlers.slack.client import workspace_client

log = logging.getLogger(__name__)


def answer_link(team_id: str, channel: str, thread_ts: str, url: str, shared_by: str | None) -> None:
    with log_context(team=team_id, channel=channel, url=url):
        client = workspace_client(team_id)
        if client is None:
            log.info("QuoteBot is no longer installed in workspace %s; dropping its link %s", team_id, url)
            return
        link_answers.answer_link(get_ingestor(), team_id, url, shared_by, SlackThread(client, channel, thread_ts),
                                 get_settings().slow_notice_seconds)


class SlackThread:
    markup = blocks.MRKDWN

    def __init__(self, client: WebClient, channel: str, thread_ts: str):
        self.client, self.channel, self.thread_ts = client, channel, thread_ts

    def post(self, reply: Reply) -> str:
        response = self.client.chat_postMessage(channel=self.channel, thread_ts=self.thread_ts, unfurl_links=False,
                                                **self._content(reply))
        return response["ts"]

    def edit(self, message_id: str, reply: Reply) -> None:
        self.client.chat_update(channel=self.channel, ts=message_id, **self._content(reply))

    @staticmethod
    def _content(reply: Reply) -> dict:
        return dict(text=reply.text, blocks=blocks.ingest_blocks(reply.result) if reply.result else None)
