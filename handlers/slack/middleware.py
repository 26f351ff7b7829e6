"""Global middleware: hand every listener the core's services through bolt's context."""
from bot.queue import JobQueue
from bot.store import QuoteStore


def provide_services(store: QuoteStore, jobs: JobQueue):
    def middleware(context, next):
        context["store"], context["jobs"] = store, jobs
        return next()

    return middleware
