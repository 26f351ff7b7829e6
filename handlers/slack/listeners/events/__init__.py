from slack_bolt import App

from handlers.slack.listeners.events.app_home import app_home_opened
from handlers.slack.listeners.events.link_messages import link_message
from handlers.slack.listeners.events.uninstalls import app_uninstalled, tokens_revoked


def register(app: App) -> None:
    app.event("message")(link_message)
    app.event("app_home_opened")(app_home_opened)
    app.event("app_uninstalled")(app_uninstalled)
    app.event("tokens_revoked")(tokens_revoked)
