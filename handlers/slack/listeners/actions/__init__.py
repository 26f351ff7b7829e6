from slack_bolt import App

from handlers.slack import blocks
from handlers.slack.listeners.actions.choose_speaker import choose_speaker
from handlers.slack.listeners.actions.pages import turn_page
from handlers.slack.listeners.actions.quote_menu import quote_menu
from handlers.slack.listeners.actions.revert import revert_correction


def register(app: App) -> None:
    app.action(blocks.PAGE_ACTIONS)(turn_page)
    app.action(blocks.QUOTE_MENU)(quote_menu)
    app.action(blocks.CHOOSE_SPEAKER)(choose_speaker)
    app.action(blocks.REVERT_CORRECTION)(revert_correction)
