"""The Slack app: bolt wired to the store, served over HTTP (`POST /slack/events`) or Socket Mode, for one
workspace (SLACK_BOT_TOKEN) or for every workspace that installs it (OAuth at `GET /slack/install`)."""
import logging

from prometheus_client import make_wsgi_app
from redis import RedisError
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings

from bot import metrics
from bot.queue import JobQueue
from bot.store import QuoteStore
from config.settings import Settings
from handlers import present
from handlers.slack import listeners
from handlers.slack.client import installations, web_client
from handlers.slack.installations import Installations
from handlers.slack.middleware import provide_services

log = logging.getLogger(__name__)


def create_app(settings: Settings, store: QuoteStore, jobs: JobQueue) -> App:
    found = installations()
    if found is None:
        app = App(client=web_client(), signing_secret=settings.slack_signing_secret)
    else:
        app = App(client=web_client(), signing_secret=settings.slack_signing_secret,
                  authorize=workspace_authorize(found, settings), installation_store_bot_only=True,
                  user_facing_authorize_error_message=present.NOT_INSTALLED,
                  oauth_settings=OAuthSettings(
                      client_id=settings.slack_client_id, client_secret=settings.slack_client_secret,
                      scopes=settings.slack_scopes, user_scopes=[], redirect_uri=settings.slack_redirect_uri or None,
                      installation_store=found.store, installation_store_bot_only=True, state_store=found.states))
    app.use(provide_services(store, jobs, found))
    listeners.register(app)
    return app


def workspace_authorize(found: Installations, settings: Settings) -> InstallationStoreAuthorize:
    """Bolt's authorization from the installation store, with its cache (a request costs no auth.test once
    the token is known) and with our rotator, which rotates under a lock shared with the workers."""
    authorize = InstallationStoreAuthorize(
        logger=log, installation_store=found.store, client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret, bot_only=True, cache_enabled=True, client=web_client())
    authorize.token_rotator = found.rotator
    return authorize


def wsgi_app(app: App, store: QuoteStore, jobs: JobQueue):
    """Slack's requests (and the OAuth pages) go to bolt; `GET /healthz` says whether we can serve (the store
    answers); `GET /metrics` is for Prometheus."""
    slack = SlackRequestHandler(app, path="/slack/events")
    prometheus = make_wsgi_app(metrics.registry(jobs))

    def application(environ, start_response):
        if environ.get("PATH_INFO") == "/metrics":
            return prometheus(environ, start_response)
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
    """Slack's requests over HTTP, or over Socket Mode with SLACK_APP_TOKEN; HTTP serves /healthz (and the
    OAuth pages) either way."""
    import waitress

    from bot.runtime import get_queue

    if settings.slack_app_token:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        log.info("connecting to Slack in Socket Mode")
        SocketModeHandler(app, settings.slack_app_token).connect()
    log.info("serving http://%s:%d (Slack's requests at /slack/events, /healthz, /metrics)", host, port)
    waitress.serve(wsgi_app(app, store, get_queue()), host=host, port=port, threads=8, ident="quotebot")
