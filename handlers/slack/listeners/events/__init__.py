from slack_bolt import App

from handlers.slack.listeners.events.link_messages import link_message


def register(app: App) -> None:
    app.event("message")(link_message)
