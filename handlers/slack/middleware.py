"""Global middleware: hand every listener the quote store through bolt's context."""
from bot.store import QuoteStore


def provide_store(store: QuoteStore):
    def middleware(context, next):
        context["store"] = store
        return next()

    return middleware
