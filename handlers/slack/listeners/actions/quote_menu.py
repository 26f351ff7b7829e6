"""The menu of a quote in a lookup: "Wrong speaker…" and "Not a quote…" open a form (its submission is handled in
`views/corrections.py`); "Where it ran" lists every article the quote ran in."""
from handlers import present
from handlers.slack import blocks


def quote_menu(ack, action, body, client, respond, context):
    ack()
    chosen, qid, page, state = blocks.read_quote_menu(action["selected_option"]["value"])
    [quote] = context["store"].quotes(context.team_id, [qid])
    if quote is None or quote.hidden:
        respond(response_type="ephemeral", replace_original=False, text=present.QUOTE_GONE)
    elif chosen == "where":
        respond(response_type="ephemeral", replace_original=False, text=present.ran_in(quote, blocks.MRKDWN)[0],
                blocks=blocks.ran_in_blocks(quote))
    else:
        form = blocks.wrong_speaker_modal if chosen == "wrong" else blocks.not_a_quote_modal
        metadata = blocks.correction_metadata(qid, page, state, body["response_url"])
        client.views_open(trigger_id=body["trigger_id"], view=form(quote, metadata))
