from slack_bolt import App

from handlers.slack.listeners import commands, events


def register(app: App) -> None:
    events.register(app)
    commands.register(app)
