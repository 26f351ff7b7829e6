from slack_bolt import App

from handlers.slack import blocks
from handlers.slack.listeners.views.corrections import not_a_quote, wrong_speaker


def register(app: App) -> None:
    app.view(blocks.WRONG_SPEAKER_VIEW)(wrong_speaker)
    app.view(blocks.NOT_A_QUOTE_VIEW)(not_a_quote)
