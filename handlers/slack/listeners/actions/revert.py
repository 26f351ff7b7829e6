"""Revert, beside a correction in `/quotes corrections`: workspace admins and owners only (users.info says who is;
the button is shown to them alone, and checked again here)."""
from handlers import commands, present
from handlers.slack import answers, blocks


def revert_correction(ack, action, body, respond, client, context):
    ack()
    store, team_id, user = context["store"], context.team_id, body["user"]["id"]
    if not answers.is_admin(client, user):
        respond(response_type="ephemeral", replace_original=False, text=present.revert_refused(blocks.ADMINS))
        return
    try:
        notice = commands.revert(store, team_id, user, action["value"], blocks.MRKDWN)
    except commands.Refused as refused:
        notice = str(refused)
    respond(replace_original=True, **answers.corrections_message(store, team_id, True, notice))
