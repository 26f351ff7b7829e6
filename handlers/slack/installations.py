"""Where QuoteBot keeps its Slack installations when it serves many workspaces: slack_sdk's
`InstallationStore` and `OAuthStateStore` interfaces over Redis, and the bot token of a workspace, rotated
under a lock when Slack issued it with an expiry."""
import logging
import secrets
import time

import redis
from slack_sdk import WebClient
from slack_sdk.oauth import InstallationStore, OAuthStateStore
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.store import Keys

log = logging.getLogger(__name__)

# Rotate a token this long before it expires (bolt's default), so no request meets an expired one.
ROTATE_MINUTES_BEFORE_EXPIRY = 120
# Longest a rotation may hold the lock: one oauth.v2.access call with the client's retries.
ROTATION_LOCK_SECONDS = 30


def _workspace(enterprise_id: str | None, team_id: str | None) -> str:
    return team_id or enterprise_id or ""


class RedisInstallationStore(InstallationStore):
    """Bot installations only (QuoteBot asks for no user token): one hash per workspace, under its hash tag."""

    FIELDS = ("app_id", "enterprise_id", "enterprise_name", "team_id", "team_name", "bot_token", "bot_id",
              "bot_user_id", "bot_refresh_token", "bot_token_expires_at", "installed_at")

    def __init__(self, client: redis.Redis):
        self.redis = client

    @property
    def logger(self) -> logging.Logger:
        return log

    def save(self, installation: Installation) -> None:
        self.save_bot(installation.to_bot())

    def save_bot(self, bot: Bot) -> None:
        fields = {name: getattr(bot, name) for name in self.FIELDS}
        fields["bot_scopes"] = ",".join(bot.bot_scopes)
        fields["is_enterprise_install"] = int(bot.is_enterprise_install)
        key = Keys(_workspace(bot.enterprise_id, bot.team_id)).installation()
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(key)  # a field the new installation lacks (a refresh token) must not survive from the old
        pipe.hset(key, mapping={name: value for name, value in fields.items() if value is not None})
        pipe.execute()

    def find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                 is_enterprise_install: bool | None = False) -> Bot | None:
        fields = {k.decode(): v.decode() for k, v in
                  self.redis.hgetall(Keys(_workspace(enterprise_id, team_id)).installation()).items()}
        if not fields:
            return None
        expires_at = fields.get("bot_token_expires_at")
        return Bot(**{name: fields.get(name) for name in self.FIELDS[:-2]}, bot_scopes=fields.get("bot_scopes", ""),
                   bot_token_expires_at=int(expires_at) if expires_at else None,
                   installed_at=float(fields["installed_at"]),
                   is_enterprise_install=fields.get("is_enterprise_install") == "1")

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.redis.delete(Keys(_workspace(enterprise_id, team_id)).installation())

    def delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    def rotation_lock(self, workspace: str) -> redis.lock.Lock:
        return self.redis.lock(Keys(workspace).installation_lock(), timeout=ROTATION_LOCK_SECONDS,
                               blocking_timeout=ROTATION_LOCK_SECONDS)


class RedisOAuthStateStore(OAuthStateStore):
    """The `state` of each "Add to Slack" visit: issued once, good once, forgotten after `expiration_seconds`."""

    def __init__(self, client: redis.Redis, expiration_seconds: int = 600):
        self.redis, self.expiration_seconds = client, expiration_seconds

    @property
    def logger(self) -> logging.Logger:
        return log

    def issue(self, *args, **kwargs) -> str:
        state = secrets.token_urlsafe(24)
        self.redis.set(Keys.oauth_state(state), int(time.time()), ex=self.expiration_seconds)
        return state

    def consume(self, state: str) -> bool:
        return self.redis.getdel(Keys.oauth_state(state)) is not None


class LockedTokenRotator(TokenRotator):
    """slack_sdk's rotation, one process at a time per workspace: a refresh token works once, so whoever
    gets the lock rotates and saves, and whoever waited reads the token it saved."""

    def __init__(self, store: RedisInstallationStore, *, client_id: str, client_secret: str, client: WebClient):
        super().__init__(client_id=client_id, client_secret=client_secret, client=client)
        self.store = store

    def perform_bot_token_rotation(self, *, bot: Bot,
                                   minutes_before_expiration: int = ROTATE_MINUTES_BEFORE_EXPIRY) -> Bot | None:
        if not _expiring(bot, minutes_before_expiration):
            return None
        with self.store.rotation_lock(_workspace(bot.enterprise_id, bot.team_id)):
            current = self.store.find_bot(enterprise_id=bot.enterprise_id, team_id=bot.team_id) or bot
            if not _expiring(current, minutes_before_expiration):
                return current  # rotated by another process while this one waited
            rotated = super().perform_bot_token_rotation(bot=current,
                                                         minutes_before_expiration=minutes_before_expiration)
            if rotated is not None:
                self.store.save_bot(rotated)
                log.info("rotated the bot token of workspace %s", rotated.team_id)
            return rotated


def _expiring(bot: Bot, minutes: int) -> bool:
    return bool(bot.bot_refresh_token and bot.bot_token_expires_at is not None
                and bot.bot_token_expires_at <= time.time() + minutes * 60)


class Installations:
    """The installations of every workspace, and a workspace's current bot token."""

    def __init__(self, client: redis.Redis, rotator_client: WebClient, client_id: str, client_secret: str):
        self.store = RedisInstallationStore(client)
        self.states = RedisOAuthStateStore(client)
        self.rotator = LockedTokenRotator(self.store, client_id=client_id, client_secret=client_secret,
                                          client=rotator_client)

    def bot_token(self, team_id: str) -> str | None:
        """The workspace's bot token, rotated first if it is about to expire; None when not installed."""
        bot = self.store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None:
            return None
        return (self.rotator.perform_bot_token_rotation(bot=bot) or bot).bot_token
