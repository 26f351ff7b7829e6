"""The Slack app: bolt wired to the store, served over HTTP (`POST /slack/events`) or Socket Mode."""
import logging

from redis import RedisError
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.queue import JobQueue
from bot.store import QuoteStore
from config.settings import Settings
from handlers.slack import listeners
from handlers.slack.client import web_client
from handlers.slack.middleware import provide_services

log = logging.getLogger(__name__)


def create_app(settings: Settings, store: QuoteStore, jobs: JobQueue) -> App:
    app = App(client=web_client(), signing_secret=settings.slack_signing_secret)
    app.use(provide_services(store, jobs))
    listeners.register(app)
    return app


def wsgi_app(app: App, store: QuoteStore):
    """Slack's requests go to bolt; `GET /healthz` says whether we can serve (the store answers)."""
    slack = SlackRequestHandler(app, path="/slack/events")

    def application(environ, start_response):
        if environ.get("PATH_INFO") == "/healthz":
            try:
                healthy = bool(store.redis.ping())
            except RedisError:
                healthy = False
            status = "200 OK" if healthy else "503 Service Unavailable"
            start_response(status, [("Content-Type", "text/plain")])
            return [b"ok\n" if healthy else b"store unavailable\n"]
        return slack(environ, start_response)

    return application


def run(app: App, store: QuoteStore, settings: Settings, host: str, port: int) -> None:
    if settings.slack_app_token:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        log.info("connecting to Slack in Socket Mode")
        SocketModeHandler(app, settings.slack_app_token).start()
    else:
        import waitress

        log.info("serving Slack requests on http://%s:%d/slack/events", host, port)
        waitress.serve(wsgi_app(app, store), host=host, port=port, threads=8, ident="quotebot")
