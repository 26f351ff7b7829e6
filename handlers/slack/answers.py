"""Slack's answers that several listeners give: a lookup's page, the corrections list, a sentence; each the core
called and the result laid out as a message's keyword arguments (`text`, `blocks`)."""
import logging

from slack_sdk import WebClient

from bot.lookup import Query, QueryError, lookup
from bot.store import QuoteStore
from handlers import commands, present
from handlers.slack import blocks

log = logging.getLogger(__name__)


def lookup_message(store: QuoteStore, team_id: str, query: Query | str, page: int = 1,
                   notice: str | None = None) -> dict:
    """A page of a lookup: `query` is one, or the state a button carries. A query that can't be run says why;
    trouble on our side says so too."""
    try:
        if isinstance(query, str):
            query = commands.carried(store, team_id, query)
        result = lookup(store, team_id, query, page)
        state = commands.carry(store, team_id, result.query, blocks.STATE_ROOM)
    except QueryError as error:
        return said(str(error), notice)
    except Exception as error:
        log.exception("lookup failed")
        return said(present.trouble(error, present.LOOKUP_FAILED), notice)
    return dict(text=blocks.lookup_text(result), blocks=blocks.lookup_blocks(result, state, notice))


def corrections_message(store: QuoteStore, team_id: str, can_revert: bool, notice: str | None = None) -> dict:
    listing = commands.corrections(store, team_id)
    return dict(text=present.corrections_heading(len(listing.entries)),
                blocks=blocks.corrections_blocks(listing, can_revert, notice))


def said(text: str, notice: str | None = None) -> dict:
    """A sentence (after a notice of what was just done, if any)."""
    return dict(text=text, blocks=[blocks.section(line) for line in (notice, text) if line])


def is_admin(client: WebClient, user: str) -> bool:
    """Whether a user is one of the workspace's admins or owners (users.info)."""
    found = client.users_info(user=user)["user"]
    return bool(found.get("is_admin") or found.get("is_owner") or found.get("is_primary_owner"))


def direct_message(client: WebClient, user: str) -> str:
    """The channel of QuoteBot's direct messages with a user (conversations.open)."""
    return client.conversations_open(users=user)["channel"]["id"]
