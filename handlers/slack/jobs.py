"""Queued work for Slack, run by the workers as the workspace's bot: answer a shared link in its thread (then tell
the followers of the speakers it quotes anew), tell a follower what is new, send an export to a direct message, post
what watched feeds bring in a channel."""
import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.follow import News
from bot.ingest import IngestResult
from bot.logs import log_context
from bot.lookup import parse_query
from bot.runtime import get_ingestor, get_queue, get_store
from bot.store import Share
from config.settings import get_settings
from handlers import commands, link_answers, news, present
from handlers.link_answers import Reply
from handlers.slack import answers, blocks
from handlers.slack.client import workspace_client

log = logging.getLogger(__name__)


def answer_link(team_id: str, channel: str, thread_ts: str, url: str, shared_by: str | None) -> None:
    with log_context(team=team_id, channel=channel, url=url):
        client = workspace_client(team_id)
        if client is None:
            log.info("QuoteBot is no longer installed in workspace %s; dropping its link %s", team_id, url)
            return
        reply = link_answers.answer_link(get_ingestor(), team_id, url, Share(by=shared_by, channel=channel),
                                         SlackThread(client, channel, thread_ts), get_settings().slow_notice_seconds)
        news.pass_on(get_store(), team_id, reply.result, tell_follower)


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


def tell_follower(team_id: str, user: str, sid: str) -> None:
    """A direct message with the new quotes of a speaker a user follows, now or when their quiet time is up."""
    with log_context(team=team_id):
        client = workspace_client(team_id)
        if client is not None:
            news.tell(get_store(), get_queue(), team_id, user, sid, get_settings().follow_quiet_seconds,
                      lambda held: send_news(client, held), tell_follower)


def send_news(client: WebClient, held: News) -> None:
    try:
        client.chat_postMessage(channel=answers.direct_message(client, held.user), unfurl_links=False,
                                text=present.news_heading(held, blocks.MRKDWN), blocks=blocks.news_blocks(held))
    except SlackApiError as error:  # the user left, or may not be written to: nothing to try again
        log.warning("could not tell %s the news: %s", held.user, error.response.get("error"))


def export_to_dm(team_id: str, user: str, query_text: str | None) -> None:
    """The quotes a lookup finds (every quote, without one) as a CSV file in the user's direct messages."""
    with log_context(team=team_id):
        client = workspace_client(team_id)
        if client is None:
            return
        query = parse_query(query_text) if query_text else None
        file = commands.export_file(get_store(), team_id, query)
        note = commands.export_note(file, query, blocks.MRKDWN)
        channel = answers.direct_message(client, user)
        if file.rows:
            client.files_upload_v2(channel=channel, content=file.data, filename=file.name, title=file.name,
                                   initial_comment=note)
        else:
            client.chat_postMessage(channel=channel, text=note)


class SlackChannels:
    """News from watched feeds in a Slack channel, as the workspace's bot (see handlers/feeds.py)."""

    markup = blocks.MRKDWN
    tell_follower = staticmethod(tell_follower)

    @staticmethod
    def post(team_id: str, channel: str, text: str, result: IngestResult | None = None) -> None:
        client = workspace_client(team_id)
        if client is None:
            log.info("QuoteBot is no longer installed in workspace %s; not posting in %s", team_id, channel)
            return
        layout = blocks.feed_article_blocks(text, result) if result else [blocks.section(text)]
        fallback = f"{text} {present.ingest_line(result, blocks.MRKDWN)}" if result else text
        client.chat_postMessage(channel=channel, unfurl_links=False, text=fallback, blocks=layout)


SLACK_CHANNELS = SlackChannels()
