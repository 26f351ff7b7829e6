"""Global middleware: hand every listener the core's services through bolt's context."""
from bot.queue import JobQueue
from bot.store import QuoteStore
from handlers.slack.installations import Installations


def provide_services(store: QuoteStore, jobs: JobQueue, installations: Installations | None):
    def middleware(context, next):
        context["store"], context["jobs"], context["installations"] = store, jobs, installations
        return next()

    return middleware
