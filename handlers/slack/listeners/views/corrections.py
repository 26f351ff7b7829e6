"""The forms of a quote's menu, submitted: the quote credited to the right speaker, or hidden as not a quote, for
the whole workspace at once; the lookup it was chosen from is shown again, saying what changed."""
import json
import logging

from slack_sdk.webhook import WebhookClient

from handlers import commands
from handlers.slack import answers, blocks

log = logging.getLogger(__name__)


def wrong_speaker(ack, body, view, context):
    form = json.loads(view["private_metadata"])
    typed = view["state"]["values"][blocks.SPEAKER_BLOCK][blocks.SPEAKER_INPUT].get("value") or ""
    try:
        notice = commands.correct_speaker(context["store"], context.team_id, body["user"]["id"], form["quote"], typed,
                                          blocks.MRKDWN)
    except commands.Refused as refused:  # shown under the name, in the form
        ack(response_action="errors", errors={blocks.SPEAKER_BLOCK: str(refused)})
        return
    ack()
    show_lookup_again(context, form, notice)


def not_a_quote(ack, body, view, context):
    ack()
    form = json.loads(view["private_metadata"])
    try:
        notice = commands.not_a_quote(context["store"], context.team_id, body["user"]["id"], form["quote"],
                                      blocks.MRKDWN)
    except commands.Refused as refused:
        notice = str(refused)
    show_lookup_again(context, form, notice)


def show_lookup_again(context, form: dict, notice: str) -> None:
    """The lookup the quote was chosen from, as it reads now, in place of the answer that offered the menu."""
    message = answers.lookup_message(context["store"], context.team_id, form["state"], form["page"], notice)
    response = WebhookClient(form["response_url"]).send(replace_original=True, **message)
    if response.status_code != 200:
        log.warning("could not show the corrected lookup again: %s %s", response.status_code, response.body)
