from slack_bolt import App

from handlers.slack.listeners import actions, commands, events, shortcuts, views


def register(app: App) -> None:
    events.register(app)
    commands.register(app)
    actions.register(app)
    views.register(app)
    shortcuts.register(app)
