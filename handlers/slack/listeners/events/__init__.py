from slack_bolt import App

from handlers.slack.listeners.events.link_messages import link_message
from handlers.slack.listeners.events.uninstalls import app_uninstalled, tokens_revoked


def register(app: App) -> None:
    app.event("message")(link_message)
    app.event("app_uninstalled")(app_uninstalled)
    app.event("tokens_revoked")(tokens_revoked)
