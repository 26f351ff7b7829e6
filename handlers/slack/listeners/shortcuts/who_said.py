"""The message shortcut "Who said this?": the stored quotes holding the words of any message (its passage in quote
marks, if it has one), answered privately to whoever asked."""
from handlers import commands
from handlers.slack import answers


def who_said_this(ack, shortcut, respond, context):
    ack()
    try:
        query = commands.words_in_message(shortcut["message"].get("text"))
    except commands.Refused as refused:
        respond(response_type="ephemeral", text=str(refused))
        return
    respond(response_type="ephemeral", **answers.lookup_message(context["store"], context.team_id, query))
