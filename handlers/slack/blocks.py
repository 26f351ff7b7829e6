"""Slack's layout of QuoteBot's answers: mrkdwn and Block Kit around the sentences of `handlers.present`, and the
action ids and values of the buttons and menus, which the listeners read back."""
import json
import re

from bot.follow import News
from bot.ingest import IngestResult
from bot.lookup import LookupResult, Overview
from bot.store import StoredQuote
from handlers import commands, present

SLACK_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
STATE_ROOM = 100  # characters of a button's value (an option's holds 150) left for the lookup it belongs to
ADMINS = "workspace admins and owners"
NEWS_QUOTES = 20  # quotes shown in one message to a follower (a message holds 50 blocks)

# Action ids and callback ids the listeners answer.
PAGE_ACTIONS = re.compile(r"lookup_(previous|next)")
QUOTE_MENU = "quote_menu"
CHOOSE_SPEAKER = re.compile(r"choose_speaker_\d+")
REVERT_CORRECTION = "revert_correction"
WRONG_SPEAKER_VIEW, NOT_A_QUOTE_VIEW = "wrong_speaker", "not_a_quote"
SPEAKER_BLOCK, SPEAKER_INPUT = "speaker", "name"
WHO_SAID_SHORTCUT = "who_said"


def escape(text: str) -> str:
    """Slack's mrkdwn treats &, < and > as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SlackMarkup:
    text = staticmethod(escape)

    @staticmethod
    def bold(words: str) -> str:
        return f"*{words}*"

    @staticmethod
    def link(label: str, url: str) -> str:
        return f"<{url}|{label}>"

    @staticmethod
    def person(user: str) -> str:
        """A Slack user id as a mention; anyone else (the command line, the demo) by name."""
        return f"<@{user}>" if SLACK_USER_ID.fullmatch(user) else escape(user)

    @staticmethod
    def channel(channel: str) -> str:
        return f"<#{channel}>"


MRKDWN = SlackMarkup()


# The reply to a shared link

def ingest_text(result: IngestResult) -> str:
    return present.ingest_line(result, MRKDWN)


def ingest_blocks(result: IngestResult) -> list[dict]:
    blocks = [section(ingest_text(result))] + [section(note) for note in present.article_notes(result, MRKDWN)]
    if result.quotes:
        blocks.append(_context(present.LOOKUP_HINT))
    return blocks


def feed_article_blocks(heading: str, result: IngestResult) -> list[dict]:
    """An article from a watched feed, in its channel: the heading, the answer a shared link gets, the link."""
    article = result.article
    return ([section(heading)] + ingest_blocks(result)
            + [_context(MRKDWN.link(MRKDWN.text(article.title or article.url), article.url))])


def usage_blocks() -> list[dict]:
    return [section(present.USAGE)]


# Lookups

def lookup_text(result: LookupResult) -> str:
    return present.lookup_headline(result, MRKDWN)


def lookup_blocks(result: LookupResult, state: str | None = None, notice: str | None = None) -> list[dict]:
    """The headline, then each quote with where it ran and its notes. With the lookup's `state` (see
    `commands.carry`), each quote has its menu (correct it, where it ran) and the pages their buttons."""
    blocks = ([section(notice)] if notice else []) + [section(lookup_text(result))]
    for quote in result.quotes:
        words = section(quote_mrkdwn(quote))
        if state is not None:
            words["accessory"] = quote_menu(quote, result.page, state)
        blocks += [{"type": "divider"}, words, _context(source_mrkdwn(quote))]
        if notes := present.quote_notes(quote, MRKDWN):
            blocks.append(_context("\n".join(notes)))
    if result.pages > 1 and state is not None:
        blocks += [_context(present.page_indicator(result)), page_buttons(result, state)]
    return blocks


def quote_mrkdwn(quote: StoredQuote) -> str:
    quoted = "\n".join(f">{line}" for line in f"“{escape(present.quote_words(quote))}”".splitlines())
    return f"{quoted}\n— {present.speaker_line(quote, MRKDWN)}"


def source_mrkdwn(quote: StoredQuote) -> str:
    return present.SEPARATOR.join(present.source_parts(quote, MRKDWN))


def quote_menu(quote: StoredQuote, page: int, state: str) -> dict:
    """The menu of a quote in a lookup: each option's value says what, which quote, and the lookup to show again."""
    options = [("wrong", present.WRONG_SPEAKER), ("hide", present.NOT_A_QUOTE)]
    if quote.article_count > 1:
        options.append(("where", present.WHERE_IT_RAN))
    return {"type": "overflow", "action_id": QUOTE_MENU,
            "options": [{"text": _plain(label), "value": f"{what}|{quote.id}|{page}|{state}"} for what, label in options]}


def read_quote_menu(value: str) -> tuple[str, str, int, str]:
    """What was chosen, the quote's id, the page and the lookup's state."""
    what, qid, page, state = value.split("|", 3)
    return what, qid, int(page), state


def page_buttons(result: LookupResult, state: str) -> dict:
    buttons = []
    if result.page > 1:
        buttons.append(_button(present.PREVIOUS_PAGE, "lookup_previous", f"{result.page - 1}|{state}"))
    if result.page < result.pages:
        buttons.append(_button(present.NEXT_PAGE, "lookup_next", f"{result.page + 1}|{state}"))
    return {"type": "actions", "elements": buttons}


def read_page_button(value: str) -> tuple[int, str]:
    page, state = value.split("|", 1)
    return int(page), state


def ran_in_blocks(quote: StoredQuote) -> list[dict]:
    heading, *articles = present.ran_in(quote, MRKDWN)
    return [section(heading), section("\n".join(f"• {line}" for line in articles))]


# Correcting a quote: the forms, and what they carry (the lookup to show again, where to show it)

def correction_metadata(qid: str, page: int, state: str, response_url: str) -> str:
    return json.dumps({"quote": qid, "page": page, "state": state, "response_url": response_url})


def wrong_speaker_modal(quote: StoredQuote, metadata: str) -> dict:
    return _modal(WRONG_SPEAKER_VIEW, "Wrong speaker", present.CORRECT_IT, metadata, [
        section(quote_mrkdwn(quote)), _context(source_mrkdwn(quote)),
        {"type": "input", "block_id": SPEAKER_BLOCK, "label": _plain(present.WHO_SAID_IT),
         "element": {"type": "plain_text_input", "action_id": SPEAKER_INPUT, "max_length": 200,
                     "placeholder": _plain(present.SPEAKER_PLACEHOLDER)}},
        _context(present.CORRECTION_APPLIES)])


def not_a_quote_modal(quote: StoredQuote, metadata: str) -> dict:
    return _modal(NOT_A_QUOTE_VIEW, "Not a quote", present.HIDE_IT, metadata, [
        section(present.HIDE_QUESTION), section(quote_mrkdwn(quote)), _context(source_mrkdwn(quote)),
        _context(present.CORRECTION_APPLIES)])


def _modal(callback_id: str, title: str, submit: str, metadata: str, blocks: list[dict]) -> dict:
    return {"type": "modal", "callback_id": callback_id, "title": _plain(title), "submit": _plain(submit),
            "close": _plain(present.CANCEL), "private_metadata": metadata, "blocks": blocks}


# Corrections listed

def corrections_blocks(listing: commands.CorrectionList, can_revert: bool, notice: str | None = None) -> list[dict]:
    """The corrections, newest first; for admins, each still in force with its Revert button."""
    blocks = ([section(notice)] if notice else []) + [section(present.corrections_heading(len(listing.entries)))]
    for correction, quote in listing.entries:
        line = section(present.correction_line(correction, quote, MRKDWN))
        if can_revert and correction.active:
            line["accessory"] = {**_button(present.REVERT, REVERT_CORRECTION, correction.id), "confirm": {
                "title": _plain("Revert this correction?"), "text": _plain(present.correction_line(
                    correction, quote, present.PlainText())[:300]),
                "confirm": _plain(present.REVERT), "deny": _plain(present.CANCEL)}}
        blocks.append(line)
    return blocks


# Following

def choose_blocks(choice: commands.Choose) -> list[dict]:
    """Several speakers match: one button each."""
    label = "Follow" if choice.action == "follow" else "Unfollow"
    return [section(choice.text), {"type": "actions", "elements": [
        _button(f"{label} {name}"[:75], f"choose_speaker_{n}", f"{choice.action}|{sid}")
        for n, (sid, name) in enumerate(choice.speakers)]}]


def read_choice(value: str) -> tuple[str, str]:
    action, sid = value.split("|", 1)
    return action, sid


def news_blocks(news: News) -> list[dict]:
    blocks = [section(present.news_heading(news, MRKDWN))]
    for quote in news.quotes[:NEWS_QUOTES]:
        blocks += [section(quote_mrkdwn(quote)), _context(source_mrkdwn(quote))]
    if len(news.quotes) > NEWS_QUOTES:
        blocks.append(_context(present.more_quotes(len(news.quotes) - NEWS_QUOTES)))
    return blocks + [_context(present.news_footer(news.speaker, MRKDWN))]


# App Home

def home_view(summary: Overview) -> dict:
    blocks = [{"type": "header", "text": _plain("QuoteBot")}, section(present.HOME_INTRO)]
    for heading, lines in present.overview_sections(summary, MRKDWN):
        blocks += [{"type": "divider"}, {"type": "header", "text": _plain(heading)}]
        blocks += [section(line) for line in lines]
    return {"type": "home", "blocks": blocks}


def section(mrkdwn: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn[:3000]}}


def _context(mrkdwn: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn[:3000]}]}


def _plain(text: str) -> dict:
    return {"type": "plain_text", "text": text}


def _button(text: str, action_id: str, value: str) -> dict:
    return {"type": "button", "text": _plain(text), "action_id": action_id, "value": value}
