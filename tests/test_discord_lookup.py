"""The fact-checker's lookup on Discord, end to end: the real `quotebot discord` process (and one worker) against the
Discord stand-in, users running commands, choosing in menus, filling in forms; the news is our own ferry story
(tests/newsroom.py), in which outlets excerpt, reword and misattribute each other's quotes."""
import csv
import io

import pytest

from bot.export import COLUMNS
from handlers import present
from handlers.discord import workspace_id
from handlers.discord.listeners.corrections import ADMINS
from tests import newsroom
from tests.discord_bot import bot_env, discord_accepted_everything, discord_standin, running_bot  # noqa: F401
from tests.discord_standin import EPHEMERAL, MANAGE_GUILD, MEMBER_PERMISSIONS, user
from tests.newsroom import APPEAL, COUNCIL_MEETING, CUTS, NEW_FERRY, PILOT, REVIEW_PROMISED
from tests.waiting import wait_until

QUIET_SECONDS = 20  # between two messages to a follower about one speaker: long enough to share two articles in
ADMIN = MEMBER_PERMISSIONS | MANAGE_GUILD


@pytest.fixture(scope="module")
def bot(standin, pages, redis_url, tmp_path_factory):
    newsroom.serve_story(pages)
    data_dir = tmp_path_factory.mktemp("discord-lookup")
    env = bot_env(standin, pages.port, redis_url, data_dir, QUOTEBOT_FOLLOW_QUIET_SECONDS=str(QUIET_SECONDS))
    with running_bot(standin, env, data_dir):
        yield env


@pytest.fixture
def guild(standin, bot):
    return standin.add_guild(channels=("news", "desk"))


@pytest.fixture
def carol(standin):
    return user(standin.new_id(), "carol")


def shared(standin, pages, guild, *stories) -> list[dict]:
    """Each story shared in a message of its own, one after the other; the bot's replies, in order."""
    replies = []
    for story in stories:
        message = standin.post(guild, f"Worth reading {pages.url(story.path)}")
        [reply] = standin.wait_replies(message)
        replies.append(reply)
    return replies


def options(**given) -> list[dict]:
    return [{"name": name, "type": 7 if name == "channel" else 3, "value": value} for name, value in given.items()]


def run(standin, guild, who=None, permissions=MEMBER_PERMISSIONS, **given) -> tuple[int, dict]:
    """`/quotes` with these options; the interaction and the private answer it got."""
    interaction = standin.command(guild, "quotes", options(**given), who=who, permissions=permissions)
    response = standin.answer(interaction)
    assert response["type"] == 4 and response["data"]["flags"] & EPHEMERAL, response
    return interaction, standin.original(interaction)


def quotebot(standin, guild, subcommand, who=None, permissions=MEMBER_PERMISSIONS, **given) -> tuple[int, dict]:
    """`/quotebot SUBCOMMAND` with these options; the interaction and its response."""
    interaction = standin.command(guild, "quotebot", [{"name": subcommand, "type": 1, "options": options(**given)}],
                                  who=who, permissions=permissions)
    return interaction, standin.answer(interaction)


def menu(message, placeholder) -> dict:
    [found] = [c for row in message["components"] for c in row["components"] if c.get("placeholder") == placeholder]
    return found


def option_for(select, words) -> str:
    [value] = [option["value"] for option in select["options"] if words in option["label"]]
    return value


def button(message, label) -> dict:
    [found] = [c for row in message["components"] for c in row["components"] if c.get("label") == label]
    return found


def text_of(message) -> str:
    return "\n".join([message["content"]] + [e.get("description", "") + "".join(f["value"] for f in e.get("fields", []))
                                              for e in message["embeds"]])


# Provenance, conflicts and misquotes

def test_the_reply_and_the_lookup_show_other_outlets_credits_and_rewordings(standin, pages, guild):
    _, appeal = shared(standin, pages, guild, CUTS, APPEAL)
    summary = appeal["embeds"][0]["description"]
    assert "1 quote here is credited to someone else in another article" in summary and "1 possible misquote" in summary
    _, ferreira = run(standin, guild, name="ferreira")
    assert ferreira["content"] == "3 quotes from Tomas Ferreira."
    notes = {embed["description"].split("”")[0]: [f["value"] for f in embed["fields"] if f["name"] == "Notes"]
             for embed in ferreira["embeds"]}
    assert notes[f"> “{newsroom.NOBODY_ASKED}"][0].startswith("⚠ Also credited to **Lena Brandt** ([Coastline Daily]")
    assert notes[f"> “{newsroom.SCHOOL}"][0].startswith("⚠ Possible misquote: “children” here, “pupils” in ")
    _, quintero = run(standin, guild, name="quintero")
    assert "in 2 articles · first: Harbour Courier, 2025-04-02" in quintero["embeds"][0]["fields"][0]["value"]


def test_words_filters_and_channel_are_options(standin, pages, guild):
    shared(standin, pages, guild, CUTS, APPEAL)
    _, later = run(standin, guild, words="first lesson of every school day", since="2025-04-03")
    assert later["content"] == "1 quote with the words “first lesson of every school day”, since 2025-04-03."
    news, desk = guild["channels"]
    assert run(standin, guild, name="ferreira", channel=news["id"])[1]["content"] == (
        f"3 quotes from Tomas Ferreira, shared in <#{news['id']}>.")
    assert run(standin, guild, name="ferreira", channel=desk["id"])[1]["content"].startswith("0 quotes")
    assert run(standin, guild, name="ferreira outlet:courier")[1]["content"].startswith("2 quotes")
    assert run(standin, guild, name="ferreira", until="soon")[1]["content"].startswith("`until:` takes a date")
    assert run(standin, guild, name="ferreira", words="first lesson")[1]["content"] == present.NAME_OR_WORDS


def test_pages_keep_a_lookup_too_long_for_a_custom_id(standin, pages, guild, store, carol):
    newsroom.seed(store, workspace_id(int(guild["id"])), "Harbour Master", 24)
    query = "harbour master " * 6 + "outlet:coastline"
    interaction, first = run(standin, guild, who=carol, name=query)
    assert first["content"].startswith("12 quotes from Harbour Master, in outlets matching “coastline”")
    next_page = button(first, present.NEXT_PAGE)
    assert len(next_page["custom_id"]) <= 100 and ":#" in next_page["custom_id"]
    assert standin.answer(standin.click(guild, first, next_page["custom_id"], carol))["type"] == 7
    second = standin.original(interaction)
    assert second["content"].endswith("6–10 shown.") and second["embeds"][-1]["footer"]["text"] == "Page 2 of 3"
    assert "number 13 stands" in second["embeds"][0]["description"]  # still Coastline Daily's only


# Corrections

def test_wrong_speaker_from_a_form_holds_for_everyone_and_for_later_articles(standin, pages, guild, carol):
    shared(standin, pages, guild, CUTS, APPEAL)
    interaction, brandt = run(standin, guild, who=carol, name="brandt")
    wrong = menu(brandt, present.WRONG_SPEAKER)

    def open_form() -> tuple[int, str]:
        opening = standin.choose(guild, brandt, wrong["custom_id"], [option_for(wrong, "Nobody on the island")], carol)
        form = standin.answer(opening)
        assert form["type"] == 9 and form["data"]["title"] == "Wrong speaker"
        [field] = form["data"]["components"][0]["components"]
        assert field["label"] == present.WHO_SAID_IT
        return opening, field["custom_id"]

    opening, field = open_form()
    empty = standin.answer(standin.fill_in(guild, opening, {field: " "}, carol))
    assert empty["type"] == 4 and empty["data"]["content"] == present.NAME_NEEDED
    opening, field = open_form()  # a form closes once sent: opened again
    assert standin.answer(standin.fill_in(guild, opening, {field: "tomas ferreira"}, carol))["type"] == 7
    updated = standin.original(interaction)
    assert updated["content"].startswith(f"Thanks: “{newsroom.NOBODY_ASKED}” is now credited to **Tomas Ferreira**")
    assert updated["content"].endswith("No quotes from anyone matching “brandt”.") and updated["embeds"] == []

    _, theirs = run(standin, guild, name="ferreira")  # someone else, at once
    assert theirs["content"] == "4 quotes from Tomas Ferreira."
    assert "Also credited" not in text_of(theirs) and f"Speaker corrected by <@{carol['id']}>" in text_of(theirs)
    [pilot] = shared(standin, pages, guild, PILOT)
    assert "Tomas Ferreira" in pilot["embeds"][0]["description"] and "Brandt" not in pilot["embeds"][0]["description"]


def test_not_a_quote_is_asked_again_then_hidden_for_everyone(standin, pages, guild, carol):
    shared(standin, pages, guild, CUTS)
    interaction, ferreira = run(standin, guild, who=carol, name="ferreira")
    hide = menu(ferreira, present.NOT_A_QUOTE)
    chosen = option_for(hide, "Cutting the morning boat")
    assert standin.answer(standin.choose(guild, ferreira, hide["custom_id"], [chosen], carol))["type"] == 7
    asked = standin.original(interaction)
    assert asked["content"] == present.HIDE_QUESTION and newsroom.SCHOOL in asked["embeds"][0]["description"]
    standin.answer(standin.click(guild, asked, button(asked, present.CANCEL)["custom_id"], carol))
    assert standin.original(interaction)["content"] == "2 quotes from Tomas Ferreira."
    asked = standin.original(interaction)
    standin.choose(guild, asked, menu(asked, present.NOT_A_QUOTE)["custom_id"], [chosen], carol)
    asked = standin.wait_original(interaction, lambda message: message["content"] == present.HIDE_QUESTION)
    standin.answer(standin.click(guild, asked, button(asked, present.HIDE_IT)["custom_id"], carol))
    hidden = standin.original(interaction)
    assert hidden["content"].startswith("Thanks: “Cutting the morning boat") and "not a quote" in hidden["content"]
    _, theirs = run(standin, guild, name="ferreira")
    assert theirs["content"] == "1 quote from Tomas Ferreira." and newsroom.SCHOOL not in text_of(theirs)


def test_where_it_ran_lists_every_article(standin, pages, guild, carol):
    shared(standin, pages, guild, CUTS, APPEAL)
    _, quintero = run(standin, guild, who=carol, name="quintero")
    where = menu(quintero, present.WHERE_IT_RAN)
    answer = standin.answer(standin.choose(guild, quintero, where["custom_id"], [where["options"][0]["value"]], carol))
    content = answer["data"]["content"]
    assert answer["type"] == 4 and answer["data"]["flags"] & EPHEMERAL and "ran in 2 articles" in content
    assert content.index(CUTS.title) < content.index(APPEAL.title)


def test_only_manage_server_members_revert_corrections(standin, pages, guild, store, carol):
    shared(standin, pages, guild, CUTS)
    interaction, ferreira = run(standin, guild, who=carol, name="ferreira")
    wrong = menu(ferreira, present.WRONG_SPEAKER)
    opening = standin.choose(guild, ferreira, wrong["custom_id"], [option_for(wrong, "Nobody on")], carol)
    field = standin.answer(opening)["data"]["components"][0]["components"][0]["custom_id"]
    standin.answer(standin.fill_in(guild, opening, {field: "Lena Brandt"}, carol))

    _, member_view = quotebot(standin, guild, "corrections")
    assert member_view["data"]["content"] == "1 correction made here, newest first:"
    assert "(was Tomas Ferreira)" in member_view["data"]["embeds"][0]["description"]
    assert not member_view["data"].get("components")
    admin, admin_view = quotebot(standin, guild, "corrections", permissions=ADMIN)
    listing = standin.original(admin)
    revert = menu(listing, f"{present.REVERT}…")
    correction = revert["options"][0]["value"]
    refused = standin.answer(standin.choose(guild, listing, revert["custom_id"], [correction], carol))
    assert refused["data"]["content"] == present.revert_refused(ADMINS)
    assert run(standin, guild, name="brandt")[1]["content"] == "1 quote from Lena Brandt."
    standin.answer(standin.choose(guild, listing, revert["custom_id"], [correction], carol, permissions=ADMIN))
    reverted = standin.original(admin)
    assert reverted["content"].startswith(f"Correction {correction} reverted: “Nobody on the island")
    assert "reverted by" in reverted["embeds"][0]["description"] and not reverted["components"]
    assert run(standin, guild, name="brandt")[1]["content"].startswith("No quotes")


# "Who said this?", export

def test_who_said_this_on_a_message(standin, pages, guild):
    shared(standin, pages, guild, CUTS)
    target = standin.post(guild, "Was it really the chair who said “our children miss the first lesson”?",
                          deliver=False)
    answer = standin.answer(standin.message_menu(guild, present.WHO_SAID_THIS, target))
    assert answer["data"]["content"] == "1 quote with the words “our children miss the first lesson”."
    assert "**Tomas Ferreira**" in answer["data"]["embeds"][0]["description"]


def test_export_is_attached_to_the_private_answer(standin, pages, guild):
    shared(standin, pages, guild, CUTS, APPEAL)
    interaction, deferred = quotebot(standin, guild, "export", name="ferreira")
    assert deferred["type"] == 5 and deferred["data"]["flags"] & EPHEMERAL
    answer = standin.wait_original(interaction, lambda message: message.get("attachments"))
    assert answer["content"] == "Your export of “ferreira”: 3 rows, one per quote and article it ran in."
    [(attachment, data)] = standin.attachments(answer)
    assert attachment["filename"] == "quotes-ferreira.csv"
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert list(rows[0]) == COLUMNS and sorted(r["outlet"] for r in rows) == [
        "Coastline Daily", "Harbour Courier", "Harbour Courier"]
    everything, _ = quotebot(standin, guild, "export", format="jsonl")
    whole = standin.wait_original(everything, lambda message: message.get("attachments"))
    assert whole["content"].startswith("Your export of every quote here: 6 rows")
    assert standin.attachments(whole)[0][0]["filename"] == "quotes-all.jsonl"


# Following

def test_followers_get_a_direct_message_at_once_then_batched(standin, pages, guild, carol):
    shared(standin, pages, guild, CUTS)
    _, followed = quotebot(standin, guild, "follow", who=carol, name="quintero")
    assert followed["data"]["content"].startswith("You'll get a message when **Marta Quintero** is quoted")
    assert "**Marta Quintero**" in quotebot(standin, guild, "following", who=carol)[1]["data"]["content"]

    shared(standin, pages, guild, REVIEW_PROMISED)
    [first] = direct_messages(standin, carol, 1)
    assert first["content"] == ("New from **Marta Quintero**: 2 quotes.\n"
                                "To stop these: `/quotes unfollow Marta Quintero`.")
    assert newsroom.REVIEW in text_of(first) and newsroom.FUEL in text_of(first)
    assert newsroom.BUDGET not in text_of(first)  # it ran before following began

    shared(standin, pages, guild, NEW_FERRY, COUNCIL_MEETING)  # within the quiet time: held
    assert len(standin.direct_messages(carol["id"])) == 1
    [_, batched] = direct_messages(standin, carol, 2, timeout=QUIET_SECONDS + 60)
    assert batched["content"].startswith("New from **Marta Quintero**: 2 quotes.")
    assert newsroom.NEW_BOAT in text_of(batched) and newsroom.A_SAY in text_of(batched)
    assert quotebot(standin, guild, "unfollow", who=carol, name="marta")[1]["data"]["content"] == (
        "You no longer follow **Marta Quintero**.")


def direct_messages(standin, member, count, timeout=60) -> list[dict]:
    return wait_until(lambda: (found := standin.direct_messages(member["id"])) and len(found) >= count and found,
                      timeout, lambda: f"direct messages: {standin.direct_messages(member['id'])}")


def test_a_name_matching_several_speakers_offers_a_menu(standin, guild, store, carol):
    newsroom.seed(store, workspace_id(int(guild["id"])), "Ana Silva", 2)
    newsroom.seed(store, workspace_id(int(guild["id"])), "Ana Costa", 1)
    interaction, asked = quotebot(standin, guild, "follow", who=carol, name="ana")
    assert asked["data"]["content"] == "Several people here match “ana”. Which one?"
    message = standin.original(interaction)
    [select] = message["components"][0]["components"]
    assert [o["label"] for o in select["options"]] == ["Ana Silva", "Ana Costa"]
    standin.answer(standin.choose(guild, message, select["custom_id"], ["ana costa"], carol))
    assert standin.original(interaction)["content"].startswith("You'll get a message when **Ana Costa** is quoted")
    assert store.following(workspace_id(int(guild["id"])), carol["id"]) == {"ana costa": "Ana Costa"}


def test_the_name_option_reads_the_same_grammar_as_slack(standin, pages, guild, carol):
    shared(standin, pages, guild, CUTS)
    assert run(standin, guild, who=carol, name="follow ferreira")[1]["content"].startswith(
        "You'll get a message when **Tomas Ferreira** is quoted")
    assert run(standin, guild, who=carol, name="following")[1]["content"].startswith("You follow **Tomas Ferreira**")
    assert run(standin, guild, name="corrections")[1]["content"] == present.NO_CORRECTIONS
    assert "/quotebot follow" in run(standin, guild, name="help")[1]["content"]
