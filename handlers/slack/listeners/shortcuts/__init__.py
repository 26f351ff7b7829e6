from slack_bolt import App

from handlers.slack import blocks
from handlers.slack.listeners.shortcuts.who_said import who_said_this


def register(app: App) -> None:
    app.shortcut(blocks.WHO_SAID_SHORTCUT)(who_said_this)
