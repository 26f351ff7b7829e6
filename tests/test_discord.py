"""The Discord bot end to end: the real `quotebot discord` process (Gateway client and one ingest worker with the
real model) against the Discord stand-in; what it sent is read from the stand-in, the articles from 127.0.0.1."""
import functools
import json
import signal
import subprocess
import uuid
from contextlib import contextmanager
from pathlib import Path

import discord
import pytest
import redis

from bot.lookup import lookup
from bot.models import Article, Quote, SpeakerKind
from bot.store import Keys, QuoteStore, Share
from handlers import present
from handlers.discord import workspace_id
from handlers.discord.listeners.quotebot import ADMINS_ONLY
from handlers.link_answers import link_job_id
from tests import processes
from tests.discord_bot import bot_env, discord_accepted_everything, discord_standin, running_bot  # noqa: F401
from tests.discord_standin import (APPLICATION_ID, BOT_USER_ID, EPHEMERAL, GUILD_MESSAGES, GUILDS, MANAGE_GUILD,
                                   MEMBER_PERMISSIONS, MESSAGE_CONTENT, SUPPRESS_EMBEDS, TOKEN, DiscordStandIn, user)
from tests.link_jobs import forget_finished_job, job_exists
from tests.prometheus import growth, scrape
from tests.redis_process import RedisProcess, free_port
from tests.slack_app import app_env, ask as ask_slack, new_team_id, running_app
from tests.slack_standin import SlackStandIn

TITLE = "Riverside council approves flood barrier after stormy meeting"


@pytest.fixture(scope="module")
def bot(standin, pages, redis_url, tmp_path_factory):
    """`quotebot discord` and one worker; yields the address of their metrics."""
    data_dir, port = tmp_path_factory.mktemp("discord"), free_port()
    with running_bot(standin, bot_env(standin, pages.port, redis_url, data_dir), data_dir,
                     args=("discord", "--metrics-port", str(port))):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def guild(standin, bot):
    """A server of this test's own, with two text channels and a thread."""
    return standin.add_guild(channels=("news", "desk"))


def ask(standin, guild, name, **who) -> dict:
    """`/quotes name:NAME`; returns the response's message data."""
    answer = standin.answer(standin.command(guild, "quotes", [{"name": "name", "type": 3, "value": name}], **who))
    assert answer["type"] == 4 and answer["data"]["flags"] & EPHEMERAL
    return answer["data"]


def choose_mode(standin, guild, mode, channel=None, permissions=MEMBER_PERMISSIONS | MANAGE_GUILD) -> str:
    options = [{"name": "channel", "type": 1, "options": [{"name": "mode", "type": 3, "value": mode}]}]
    answer = standin.answer(standin.command(guild, "quotebot", options, permissions=permissions, channel=channel))
    assert answer["data"]["flags"] & EPHEMERAL
    return answer["data"]["content"]


def share(standin, pages, guild, path="/news/barrier", **fields) -> tuple[dict, dict]:
    """A message sharing the article, and the bot's reply to it."""
    message = standin.post(guild, f"Worth reading {pages.url(path)} before the vote", **fields)
    [reply] = standin.wait_replies(message)
    return message, reply


def seed(store, guild, speaker, count):
    """`count` quotes by `speaker` in `guild`, one article each, the newest last (our own sentences)."""
    for day in range(1, count + 1):
        article = Article(url=f"https://news.example/{guild['id']}/{day}", text="", title=f"Harbour report {day}",
                          outlet="Harbour Times", date=f"2024-05-{day:02d}")
        quote = Quote(f"Harbour statement number {day} stands.", 0, 0, speaker, "Port Director", SpeakerKind.PERSON)
        store.save_article(workspace_id(int(guild["id"])), article, [quote], Share("42"))


def buttons(message) -> dict:
    return {b["label"]: b for row in message["components"] for b in row["components"] if b["type"] == 2}


def test_a_shared_link_gets_one_reply_naming_the_speakers(standin, pages, guild):
    message, reply = share(standin, pages, guild, "/news/barrier?utm_source=share")
    [embed] = reply["embeds"]
    assert embed["title"] == TITLE and embed["url"] == pages.url("/news/barrier")
    assert embed["description"].startswith("7 quotes from 4 speakers: Helen Okafor (3), Priya Raman (2), "
                                           "Daniel Whitcombe, shop owners")
    assert embed["footer"]["text"] == "The Riverside Ledger · 2025-03-12"
    assert not reply.get("content")  # the only link is in the embed: Discord adds no preview card
    assert reply["message_reference"]["message_id"] == int(message["id"])
    assert reply["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert len(standin.replies_to(message)) == 1


def test_the_bot_speaks_the_gateway_protocol_with_the_intents_it_needs(standin, guild):
    identify = standin.identifies[0]
    assert identify["token"] == TOKEN and identify["intents"] == GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT
    assert standin.compressed[0] and standin.heartbeats >= 1  # zlib-stream; the first beat follows HELLO
    assert standin.calls_to("GET", r"/users/@me")[0].headers["Authorization"] == f"Bot {TOKEN}"


@pytest.mark.parametrize("path, reason", [("/missing", "404"), ("/docs/report.pdf", "PDF")])
def test_an_unreadable_link_gets_its_reason(standin, pages, guild, path, reason):
    _, reply = share(standin, pages, guild, path)
    assert "couldn't read" in reply["content"] and reason in reply["content"]
    assert "Traceback" not in reply["content"] and not reply["embeds"]
    assert reply["flags"] & SUPPRESS_EMBEDS  # no preview card for the link it names


def test_bot_webhook_and_own_messages_are_ignored(standin, pages, guild):
    link = pages.url("/news/barrier")
    ignored = [standin.post(guild, link, author=user(standin.new_id(), "newsfeed", bot=True)),
               standin.post(guild, link, author=user(BOT_USER_ID, "QuoteBot", bot=True)),
               standin.post(guild, link, author=user(standin.new_id(), "Press desk"), webhook=True)]
    share(standin, pages, guild)  # answered after them: they were read and passed over
    assert [standin.replies_to(message) for message in ignored] == [[], [], []]


def test_a_message_delivered_again_after_a_resume_is_answered_once(standin, pages, guild, redis_url):
    message, _ = share(standin, pages, guild)
    # The Gateway may deliver a message again long after; by then the queue may have forgotten the finished job,
    # so only the message's own record stops a second answer.
    job_id = link_job_id(workspace_id(int(guild["id"])), pages.url("/news/barrier"), message["channel_id"],
                         message["id"])
    forget_finished_job(redis_url, job_id)
    sessions = standin.sessions_ready
    standin.redeliver_after_resume(message)
    standin.wait_connected(sessions + 1)
    assert standin.resumes[-1]["session_id"] and standin.resumes[-1]["seq"]
    share(standin, pages, guild)  # answered after the second delivery
    assert not job_exists(redis_url, job_id)
    assert len(standin.replies_to(message)) == 1


def test_quotes_answers_privately_with_one_embed_per_quote(standin, pages, guild):
    message, _ = share(standin, pages, guild)
    answer = ask(standin, guild, "RAMAN")
    assert answer["content"] == "2 quotes from Priya Raman."
    first, second = answer["embeds"]
    assert first["description"] == ("> “underestimated the price of steel by a wide margin.”\n"
                                    "— **Priya Raman**, Councillor")
    assert "blank cheque" in second["description"]
    jump = f"https://discord.com/channels/{guild['id']}/{message['channel_id']}/{message['id']}"
    assert first["fields"] == [{"name": "Source", "inline": True, "value": (
        f"[{TITLE}]({pages.url('/news/barrier')}) · The Riverside Ledger · 2025-03-12 · "
        f"shared by <@{message['author']['id']}> in [this message]({jump})")}]
    # One page: no page buttons; a menu of the quotes for each correction (none ran in more than one article).
    assert [[c["placeholder"] for c in row["components"]] for row in answer["components"]] == [
        [present.WRONG_SPEAKER], [present.NOT_A_QUOTE]]


def test_an_unknown_name_gets_the_closest_names(standin, pages, guild):
    share(standin, pages, guild)
    assert ask(standin, guild, "okafro")["content"] == ("No quotes from anyone matching “okafro”. "
                                                        "Did you mean **Helen Okafor**?")


def test_autocomplete_offers_up_to_25_speakers_of_this_server_most_quoted_first(standin, guild, store):
    for n in range(1, 31):
        seed(store, guild, f"Marta Okafor{n:02d}", n % 4 + 1)
    seed(store, standin.add_guild(), "Okafor Elsewhere", 9)
    answer = standin.answer(standin.autocomplete(guild, "quotes", "name", "OKAF"))
    choices = answer["data"]["choices"]
    assert answer["type"] == 8 and len(choices) == 25
    assert choices[0] == {"name": "Marta Okafor03, Port Director (4 quotes)", "value": "Marta Okafor03"}
    assert all(c["value"].startswith("Marta Okafor") for c in choices)
    narrowed = standin.answer(standin.autocomplete(guild, "quotes", "name", "marta okafor1"))["data"]["choices"]
    assert sorted(c["value"] for c in narrowed) == [f"Marta Okafor{n}" for n in range(10, 20)]


def test_pages_turn_for_the_asker_only(standin, guild, store):
    seed(store, guild, "Ines Carvalho", 12)
    asker, other = user(standin.new_id(), "carol"), user(standin.new_id(), "dave")
    interaction = standin.command(guild, "quotes", [{"name": "name", "type": 3, "value": "carvalho"}], who=asker)
    standin.answer(interaction)
    first = standin.original(interaction)
    assert first["content"] == "12 quotes from Ines Carvalho, newest 5 shown."
    assert first["embeds"][0]["description"].startswith("> “Harbour statement number 12 stands.”")
    assert first["embeds"][-1]["footer"]["text"] == "Page 1 of 3"
    assert buttons(first)[present.PREVIOUS_PAGE]["disabled"] is True

    refused = standin.answer(standin.click(guild, first, buttons(first)[present.NEXT_PAGE]["custom_id"], other))
    assert refused["type"] == 4 and refused["data"]["flags"] & EPHEMERAL
    assert refused["data"]["content"] == present.NOT_YOUR_PAGES
    assert standin.original(interaction)["content"] == first["content"]

    turned = standin.answer(standin.click(guild, first, buttons(first)[present.NEXT_PAGE]["custom_id"], asker))
    assert turned["type"] == 7
    second = standin.original(interaction)
    assert second["content"] == "12 quotes from Ines Carvalho, 6–10 shown."
    assert second["embeds"][0]["description"].startswith("> “Harbour statement number 7 stands.”")
    assert second["embeds"][-1]["footer"]["text"] == "Page 2 of 3"
    assert not buttons(second)[present.PREVIOUS_PAGE].get("disabled")


def test_extract_quotes_menu_answers_privately_with_the_quotes_of_the_messages_links(standin, pages, guild):
    # A message from before the bot could read it: Discord sends it along with the command.
    target = standin.post(guild, f"Council story: <{pages.url('/news/barrier')}>", deliver=False)
    interaction = standin.message_menu(guild, "Extract quotes", target)
    deferred = standin.answer(interaction)
    assert deferred["type"] == 5 and deferred["data"]["flags"] & EPHEMERAL
    answer = standin.wait_original(interaction, lambda message: message["embeds"])
    [embed] = answer["embeds"]
    assert embed["title"] == TITLE and embed["description"].startswith("7 quotes from 4 speakers")
    assert [f["name"] for f in embed["fields"]][:2] == ["Helen Okafor, Mayor", "Helen Okafor, Mayor"]
    assert {"name": "shop owners", "value": "“Save the quay!”", "inline": False} in embed["fields"]
    assert len(embed["fields"]) == 7


def test_extract_quotes_on_a_message_without_links_says_so(standin, guild):
    target = standin.post(guild, "No links in here, only words.", deliver=False)
    answer = standin.answer(standin.message_menu(guild, "Extract quotes", target))
    assert answer["type"] == 4 and answer["data"]["content"] == present.NO_LINKS


def test_only_server_managers_choose_a_channel_mode(standin, guild, store):
    channel = guild["channels"][0]
    assert choose_mode(standin, guild, "off", permissions=MEMBER_PERMISSIONS) == ADMINS_ONLY
    assert store.channel_mode(workspace_id(int(guild["id"])), channel["id"]) is None
    assert choose_mode(standin, guild, "thread") == (f"I answer links shared in <#{channel['id']}> in a thread "
                                                     "started from the message.")
    assert store.channel_mode(workspace_id(int(guild["id"])), channel["id"]) == "thread"


def test_thread_mode_answers_in_a_thread_started_from_the_message(standin, pages, guild):
    choose_mode(standin, guild, "thread")
    message = standin.post(guild, pages.url("/news/barrier"))
    [thread] = standin.wait_for("POST", rf"/channels/{message['channel_id']}/messages/{message['id']}/threads")
    assert thread.json["name"] == TITLE
    [posted] = standin.wait_for("POST", rf"/channels/{message['id']}/messages")  # the thread has the message's id
    assert posted.json["embeds"][0]["title"] == TITLE and "message_reference" not in posted.json
    # In a thread of that channel there is no thread to start: a reply.
    in_thread = standin.post(guild, pages.url("/news/barrier"), channel=guild["threads"][0])
    [reply] = standin.wait_replies(in_thread)
    assert reply["embeds"][0]["title"] == TITLE
    assert len(standin.calls_to("POST", r"/channels/\d+/messages/\d+/threads")) == 1


def test_thread_mode_replies_where_no_thread_may_be_started(standin, pages, guild):
    channel = guild["channels"][1]
    standin.no_threads.add(channel["id"])
    choose_mode(standin, guild, "thread", channel=channel)
    message, reply = share(standin, pages, guild, channel=channel)
    assert reply["embeds"][0]["title"] == TITLE
    [refused] = standin.calls_to("POST", rf"/channels/{channel['id']}/messages/{message['id']}/threads")
    assert refused.status == 403


def test_off_mode_leaves_links_unanswered_in_that_channel_only(standin, pages, guild):
    quiet, open_channel = guild["channels"]
    choose_mode(standin, guild, "off", channel=quiet)
    unanswered = standin.post(guild, pages.url("/news/barrier"), channel=quiet)
    share(standin, pages, guild, channel=open_channel)  # answered after the first was passed over
    assert standin.replies_to(unanswered) == []
    assert choose_mode(standin, guild, "reply", channel=quiet).startswith("I answer links shared in")
    share(standin, pages, guild, channel=quiet)


def test_servers_see_only_their_own_quotes(standin, pages, guild, store):
    share(standin, pages, guild)
    other = standin.add_guild()
    answer = ask(standin, other, "okafor")
    assert answer["content"] == "No quotes from anyone matching “okafor”." and not answer["embeds"]
    assert standin.answer(standin.autocomplete(other, "quotes", "name", "oka"))["data"]["choices"] == []
    assert lookup(store, guild["id"], "okafor").speakers == []  # nor a Slack workspace with the server's id


def test_a_rate_limited_reply_is_posted_once_after_the_wait(standin, pages, guild):
    standin.rate_limited_posts = 1
    message, reply = share(standin, pages, guild)
    limited, delivered = standin.replies_to(message)
    assert (limited.status, delivered.status) == (429, 200) and limited.json == delivered.json
    assert "Helen Okafor (3)" in reply["embeds"][0]["description"]


def test_metrics_count_discord_links_and_discord_api_errors(standin, pages, guild, bot):
    before = scrape(bot)
    standin.rate_limited_posts = 1
    share(standin, pages, guild)
    grew = functools.partial(growth, before, scrape(bot))
    assert grew("quotebot_links_received_total", platform="discord") == 1
    assert grew("quotebot_articles_ingested_total") == 1
    assert grew("quotebot_discord_api_errors_total", route="POST /channels/{id}/messages", status="429") == 1


def test_a_slow_site_gets_a_still_trying_reply_that_becomes_the_summary(pages, tmp_path, redis_server):
    path = f"/news/slow-{uuid.uuid4().hex[:8]}"
    page = pages.hold_article(path)  # answers only once the channel has heard
    standin = DiscordStandIn().start()  # with a queue of its own: the module's bot has a worker on the shared one
    try:
        guild = standin.add_guild()
        env = bot_env(standin, pages.port, redis_server.url, tmp_path, QUOTEBOT_SLOW_NOTICE_SECONDS="2")
        with running_bot(standin, env, tmp_path):
            message = standin.post(guild, f"Slow to load: {pages.url(path)}")
            [notice] = standin.wait_replies(message, timeout=90)
            page.released.set()
            assert "is slow to answer" in notice["content"] and "keep trying" in notice["content"]
            assert notice["flags"] & SUPPRESS_EMBEDS and not notice["embeds"]
            [edit] = standin.wait_for("PATCH", rf"/channels/{message['channel_id']}/messages/\d+", timeout=90)
            [reply] = standin.bot_replies(message)
            assert edit.status == 200 and edit.path.endswith(f"/messages/{reply['id']}")
            [embed] = reply["embeds"]
            assert embed["title"] == TITLE and "Helen Okafor (3)" in embed["description"]
            assert not reply["content"] and not reply["flags"] & SUPPRESS_EMBEDS and reply["edited_timestamp"]
        assert len(standin.replies_to(message)) == 1 and pages.paths().count(path) == 1
        assert standin.refused == []
    finally:
        standin.stop()


def test_the_privileged_intent_refused_is_said_once_and_commands_still_answer(pages, redis_url, tmp_path, store):
    standin = DiscordStandIn(refuse_message_content=True).start()
    try:
        guild = standin.add_guild()
        seed(store, guild, "Ines Carvalho", 2)
        env = bot_env(standin, pages.port, redis_url, tmp_path)
        with running_bot(standin, env, tmp_path, workers=0) as (_, log_path):
            assert standin.closes == [4014]
            assert [identify["intents"] & MESSAGE_CONTENT for identify in standin.identifies] == [MESSAGE_CONTENT, 0]
            message = standin.post(guild, pages.url("/news/barrier"))  # its content does not reach the bot
            assert ask(standin, guild, "carvalho")["content"] == "2 quotes from Ines Carvalho."
            assert not store.redis.exists(Keys(workspace_id(int(guild["id"]))).event(f"message-{message['id']}"))
        lines = [line for line in log_path.read_text().splitlines() if "Message Content" in line]
        assert len(lines) == 1 and "switch on 'Message Content Intent'" in lines[0]
    finally:
        standin.stop()


def test_page_buttons_keep_their_lookup_and_filters_after_a_restart(pages, redis_url, tmp_path, store):
    standin = DiscordStandIn().start()
    try:
        guild, asker = standin.add_guild(), user(standin.new_id(), "carol")
        seed(store, guild, "Ines Carvalho", 7)
        env = bot_env(standin, pages.port, redis_url, tmp_path)
        # One lookup carried in the button as typed, one too long for it, kept in the store under a short key.
        typed = ["ines since:2024-05-02", "ines carvalho " * 6 + "since:2024-05-02"]
        with running_bot(standin, env, tmp_path, workers=0):
            interactions = [standin.command(guild, "quotes", [{"name": "name", "type": 3, "value": text}], who=asker)
                            for text in typed]
            firsts = []
            for interaction in interactions:
                standin.answer(interaction)
                firsts.append(standin.original(interaction))
        assert ":=ines since:2024-05-02" in buttons(firsts[0])[present.NEXT_PAGE]["custom_id"]
        assert ":#" in buttons(firsts[1])[present.NEXT_PAGE]["custom_id"]
        with running_bot(standin, env, tmp_path, workers=0):
            for interaction, first in zip(interactions, firsts):
                click = standin.click(guild, first, buttons(first)[present.NEXT_PAGE]["custom_id"], asker)
                assert standin.answer(click)["type"] == 7
                assert standin.original(interaction)["content"] == (
                    "6 quotes from Ines Carvalho, since 2024-05-02, 6–6 shown.")
        assert standin.refused == []
    finally:
        standin.stop()


def quotebot(args: list[str], env: dict) -> tuple[int, str]:
    """Run a `quotebot` command to its end; its exit code and output."""
    result = processes.run(args, env, stderr=subprocess.STDOUT)
    return result.returncode, result.stdout


def test_sync_registers_the_commands_in_one_server_or_globally(standin, pages, redis_url, tmp_path):
    env = bot_env(standin, pages.port, redis_url, tmp_path)
    code, output = quotebot(["discord", "--sync", "--guild", "4242"], env)
    assert code == 0 and "registered quotes, quotebot, Extract quotes, Who said this? in server 4242" in output, output
    [put] = standin.calls_to("PUT", rf"/applications/{APPLICATION_ID}/guilds/4242/commands")
    commands = {command["name"]: command for command in put.json}
    assert set(commands) == {"quotes", "quotebot", "Extract quotes", "Who said this?"}
    options = {option["name"]: option for option in commands["quotes"]["options"]}
    assert options["name"] == {"type": 3, "name": "name", "description": "Any part of the speaker's name",
                               "required": False, "autocomplete": True, "min_length": 1, "max_length": 100}
    assert list(options) == ["name", "words", "since", "until", "outlet", "channel"]
    assert options["channel"]["type"] == 7 and options["channel"]["channel_types"] == [0, 5]
    assert [option["name"] for option in commands["quotebot"]["options"]] == [
        "channel", "help", "corrections", "follow", "unfollow", "following", "export", "watch", "unwatch", "watching"]
    watch = next(option for option in commands["quotebot"]["options"] if option["name"] == "watch")
    assert [(option["name"], option.get("choices")) for option in watch["options"]] == [
        ("url", None), ("mode", [{"name": mode, "value": mode} for mode in ("all", "digest", "silent")])]
    assert commands["Extract quotes"]["type"] == commands["Who said this?"]["type"] == 3
    code, output = quotebot(["discord", "--sync"], env)
    assert code == 0 and "globally" in output
    assert len(standin.calls_to("PUT", rf"/applications/{APPLICATION_ID}/commands")) == 1


@pytest.mark.parametrize("args, settings, told", [
    (["discord"], {"DISCORD_BOT_TOKEN": ""}, "DISCORD_BOT_TOKEN is not set"),
    (["discord"], {"DISCORD_BOT_TOKEN": "revoked"}, "Discord refused DISCORD_BOT_TOKEN (401 Unauthorized)"),
    (["discord", "--sync"], {"DISCORD_BOT_TOKEN": "revoked"}, "Discord refused DISCORD_BOT_TOKEN"),
    (["discord"], {"DISCORD_API_URL": f"http://127.0.0.1:{free_port()}/api/v10"}, "Can't reach Discord"),
    (["discord"], {"REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}, "Can't reach Redis"),
    # Discord's credentials alone: serve runs Discord only, and checks no Slack credentials.
    (["serve", "--port", str(free_port())], {"DISCORD_BOT_TOKEN": "revoked"}, "Discord refused DISCORD_BOT_TOKEN"),
])
def test_a_bot_that_cannot_start_says_what_to_set_in_one_line(standin, pages, redis_url, tmp_path, args, settings,
                                                              told):
    env = bot_env(standin, pages.port, redis_url, tmp_path, **settings)
    code, output = quotebot([*args, "--workers", "0"], env)
    lines = output.splitlines()
    assert code == 2 and len(lines) == 1 and told in lines[0] and lines[0].startswith(f"quotebot {args[0]}: "), lines


def test_serve_runs_slack_and_discord_together(pages, redis_url, tmp_path, store):
    discord_standin, slack_standin = DiscordStandIn().start(), SlackStandIn().start()
    try:
        guild = discord_standin.add_guild()
        seed(store, guild, "Ines Carvalho", 2)
        env = {**app_env(slack_standin, pages.port, redis_url, tmp_path),
               **bot_env(discord_standin, pages.port, redis_url, tmp_path)}
        with running_app(env, tmp_path, workers=0) as app:
            discord_standin.wait_connected()
            assert ask(discord_standin, guild, "carvalho")["content"] == "2 quotes from Ines Carvalho."
            assert "No quotes" in ask_slack(app.url, slack_standin, new_team_id(), "carvalho")["text"]
    finally:
        discord_standin.stop()
        slack_standin.stop()


@pytest.mark.parametrize("command", [("discord",), ("serve", "--port", str(free_port()))], ids=["discord", "serve"])
def test_a_stopped_bot_stops_its_workers_and_embedded_redis_and_keeps_the_data(standin, pages, tmp_path, command):
    """`quotebot discord`, and `serve` running Slack and Discord, stop as `serve` for Slack alone does."""
    slack_standin = SlackStandIn().start()
    try:
        env = bot_env(standin, pages.port, "", tmp_path)  # no REDIS_URL: the embedded Redis
        if command[0] == "serve":
            env = {**app_env(slack_standin, pages.port, "", tmp_path), **env}
        guild = standin.add_guild()
        with running_bot(standin, env, tmp_path, args=command) as (bot, _):
            standin.wait_replies(standin.post(guild, pages.url("/news/barrier")), timeout=120)  # worker, Redis up
            processes.check_stopping_leaves_nothing(bot, tmp_path)
        lookup = processes.output(["quotes", "okafor", "--team", workspace_id(int(guild["id"])), "--json"], env)
        assert json.loads(lookup)["speakers"] == ["Helen Okafor"]
    finally:
        slack_standin.stop()


def test_the_readme_invites_the_bot_with_the_permissions_it_uses():
    needed = discord.Permissions(view_channel=True, send_messages=True, embed_links=True, read_message_history=True,
                                 create_public_threads=True, send_messages_in_threads=True)
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    assert f"scope=bot+applications.commands&permissions={needed.value}" in readme
    assert f"= {needed.value}." in readme


def test_a_store_outage_is_told_to_users_and_the_bot_recovers(pages, tmp_path, redis_server):
    standin = DiscordStandIn().start()
    try:
        guild = standin.add_guild()
        with running_bot(standin, bot_env(standin, pages.port, redis_server.url, tmp_path), tmp_path, workers=0):
            redis_server.stop()
            message = standin.post(guild, pages.url("/news/barrier"))
            [reply] = standin.wait_replies(message)
            assert reply["content"] == present.STORE_UNAVAILABLE
            assert ask(standin, guild, "okafor")["content"] == present.STORE_UNAVAILABLE
            assert standin.answer(standin.autocomplete(guild, "quotes", "name", "oka"))["data"]["choices"] == []
            redis_server.start()
            assert ask(standin, guild, "okafor")["content"] == "No quotes from anyone matching “okafor”."
        assert standin.refused == []
    finally:
        standin.stop()


def test_a_store_that_hangs_gets_thinking_then_the_answer(pages, tmp_path, redis_server):
    standin = DiscordStandIn().start()
    try:
        guild = standin.add_guild()
        seed(QuoteStore(redis.Redis.from_url(redis_server.url)), guild, "Ines Carvalho", 2)
        env = bot_env(standin, pages.port, redis_server.url, tmp_path, QUOTEBOT_DISCORD_ANSWER_SECONDS="2")
        with running_bot(standin, env, tmp_path, workers=0):
            with redis_held(redis_server):  # every command waits: no answer can be ready
                interaction = standin.command(guild, "quotes", [{"name": "name", "type": 3, "value": "carvalho"}])
                deferred = standin.answer(interaction)
            assert deferred["type"] == 5 and deferred["data"]["flags"] & EPHEMERAL
            answer = standin.wait_original(interaction, lambda message: message["content"])
            assert answer["content"] == "2 quotes from Ines Carvalho." and len(answer["embeds"]) == 2
            with redis_held(redis_server):  # suggestions cannot wait: none rather than none in time
                autocomplete = standin.answer(standin.autocomplete(guild, "quotes", "name", "carv"))
            assert autocomplete == {"type": 8, "data": {"choices": []}}
        assert standin.refused == []
    finally:
        standin.stop()


@contextmanager
def redis_held(server: RedisProcess):
    """Redis stopped (SIGSTOP) without closing its connections, then let go."""
    server.process.send_signal(signal.SIGSTOP)
    try:
        yield
    finally:
        server.process.send_signal(signal.SIGCONT)
