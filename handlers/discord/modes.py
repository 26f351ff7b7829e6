"""How the bot answers links shared in a channel, chosen per channel by the server's admins."""
from enum import Enum

from bot.store import QuoteStore


class ReplyMode(str, Enum):
    REPLY = "reply"  # a reply to the message that shared the link (the default)
    THREAD = "thread"  # in a thread started from that message
    OFF = "off"  # links are not answered; lookups and "Extract quotes" still work


def channel_mode(store: QuoteStore, workspace: str, channel_id: int) -> ReplyMode:
    return ReplyMode(store.channel_mode(workspace, str(channel_id)) or ReplyMode.REPLY)
