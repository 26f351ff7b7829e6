from slack_bolt import App

from handlers.slack.listeners.commands.quotes import quotes_command


def register(app: App) -> None:
    app.command("/quotes")(quotes_command)
