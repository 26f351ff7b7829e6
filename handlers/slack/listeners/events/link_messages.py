"""A message with news links: queue each link; the job replies in the message's thread (where, with other links
queued ahead, a notice says so at once)."""
import logging

from bot import metrics
from bot.logs import log_context
from bot.urls import canonical_url, extract_links
from handlers import present
from handlers.link_answers import link_job_id, queue_link
from handlers.slack.jobs import SlackThread, answer_link

log = logging.getLogger(__name__)


def links_in_message(event: dict) -> list[str]:
    """Links from the rich_text blocks and from the text, once each."""
    urls = [element["url"] for element in _rich_text_elements(event.get("blocks") or [])
            if element.get("type") == "link" and element.get("url")]
    urls += extract_links(event.get("text") or "")
    unique = {}
    for url in urls:
        try:
            unique.setdefault(canonical_url(url), url)
        except ValueError:  # not a link we could ever fetch
            continue
    return [url for url in unique.values() if url.startswith(("http://", "https://"))]


def _rich_text_elements(nodes: list) -> list[dict]:
    found = []
    for node in nodes:
        if isinstance(node, dict):
            found.append(node)
            found += _rich_text_elements(node.get("elements") or [])
    return found


def link_message(body, event, context, client, say):
    # Edits, deletions, joins and bots' posts (our own replies among them) are not new shares.
    if event.get("subtype") or event.get("bot_id"):
        return
    urls = links_in_message(event)
    if not urls:
        return
    thread_ts = event.get("thread_ts") or event["ts"]
    with log_context(team=context.team_id, channel=event["channel"]):
        queue_links(body, event, context, client, say, urls, thread_ts)


def queue_links(body, event, context, client, say, urls: list[str], thread_ts: str) -> None:
    team_id, channel = context.team_id, event["channel"]
    try:
        # Slack retries events it thinks we missed; the event id tells us we already queued this one.
        if not context["store"].claim_event(team_id, body["event_id"]):
            return
        for url in urls:
            metrics.LINKS_RECEIVED.labels("slack").inc()
            queue_link(context["jobs"], SlackThread(client, channel, thread_ts), url,
                       link_job_id(team_id, url, channel, event["ts"]), answer_link, team_id, channel, thread_ts,
                       url, event.get("user"), workspace=team_id)
    except Exception as error:  # the sharer always hears back
        log.exception("could not queue the links of message %s", event["ts"])
        say(text=present.trouble(error, present.SOMETHING_WENT_WRONG), thread_ts=thread_ts)
