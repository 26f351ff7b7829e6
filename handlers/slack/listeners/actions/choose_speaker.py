"""A speaker chosen among several matching a name, to follow or unfollow."""
from config.settings import get_settings
from handlers import commands
from handlers.slack import answers, blocks


def choose_speaker(ack, action, body, respond, context):
    ack()
    store, team_id, user = context["store"], context.team_id, body["user"]["id"]
    chosen, sid = blocks.read_choice(action["value"])
    try:
        if chosen == "follow":
            text = commands.follow_chosen(store, team_id, user, sid, get_settings().follow_quiet_seconds, blocks.MRKDWN)
        else:
            text = commands.unfollow_speaker(store, team_id, user, sid, blocks.MRKDWN)
    except commands.Refused as refused:
        text = str(refused)
    respond(replace_original=True, **answers.said(text))
