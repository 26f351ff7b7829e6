"""The fact-checker's lookup on Slack, end to end: signed commands, button clicks, form submissions, shortcuts and
events sent to the running app; what it answered read from the response URLs and the Web API stand-in. The news is
our own ferry story (tests/newsroom.py), in which outlets excerpt, reword and misattribute each other's quotes."""
import csv
import io
import json
import re
from pathlib import Path

import pytest

from bot.export import COLUMNS
from config.settings import BOT_SCOPES
from handlers import present
from handlers.slack import blocks
from tests import newsroom
from tests.newsroom import APPEAL, CUTS, NEW_FERRY, COUNCIL_MEETING, PILOT, REVIEW_PROMISED
from tests.slack_app import (answered, app_env, ask, elements, form_opened, new_team_id, press, running_app, send_event,
                             share, shortcut, submit)
from tests.slack_standin import dm_channel

QUIET_SECONDS = 20  # between two messages to a follower about one speaker: long enough to share two articles in


@pytest.fixture(scope="module")
def app_url(standin, pages, redis_url, tmp_path_factory):
    newsroom.serve_story(pages)
    data_dir = tmp_path_factory.mktemp("lookup-app")
    env = app_env(standin, pages.port, redis_url, data_dir, QUOTEBOT_FOLLOW_QUIET_SECONDS=str(QUIET_SECONDS))
    with running_app(env, data_dir) as app:
        yield app.url


@pytest.fixture
def team_id():
    return new_team_id()


def shared(app_url, standin, pages, team_id, *stories) -> list[dict]:
    """Share each story in its own message, one after the other; the thread replies, in order."""
    replies = []
    for story in stories:
        ts = share(app_url, team_id, pages.url(story.path))
        [reply] = standin.wait_for("chat.postMessage", thread_ts=ts)
        replies.append(reply.args)
    return replies


def rendered(answer: dict) -> str:
    return json.dumps(answer.get("blocks") or answer.get("text"), ensure_ascii=False)


def menu_of(answer: dict, words: str) -> dict:
    """The menu of the quote that has these words."""
    for block in answer["blocks"]:
        if words in block.get("text", {}).get("text", "") and block.get("accessory", {}).get("action_id"):
            return block["accessory"]
    raise AssertionError(f"no quote with {words!r} in {rendered(answer)}")


# Provenance, conflicts and misquotes

def test_a_quote_shows_every_outlet_it_ran_in_and_what_others_credit_or_reword(app_url, standin, pages, team_id):
    _, appeal_reply = shared(app_url, standin, pages, team_id, CUTS, APPEAL)
    thread = rendered(appeal_reply)
    assert "1 quote here is credited to someone else in another article" in thread
    assert "*Tomas Ferreira* (<" in thread and "1 possible misquote" in thread
    assert "“pupils” here, “children”" in thread

    quintero = ask(app_url, standin, team_id, "quintero")
    assert quintero["text"] == "1 quote from Marta Quintero."
    assert "in 2 articles · first: Harbour Courier, 2025-04-02" in rendered(quintero)
    assert newsroom.BUDGET in rendered(quintero)  # the longer wording is kept

    ferreira = rendered(ask(app_url, standin, team_id, "ferreira"))
    assert "⚠ Also credited to *Lena Brandt*" in ferreira and "Coastline Daily" in ferreira
    assert "⚠ Possible misquote: “children” here, “pupils”" in ferreira


def test_words_in_quote_marks_find_who_said_them_with_filters(app_url, standin, pages, team_id):
    shared(app_url, standin, pages, team_id, CUTS, APPEAL)
    both = ask(app_url, standin, team_id, '"first lesson of every school day"')
    assert both["text"] == "2 quotes with the words “first lesson of every school day”."
    later = ask(app_url, standin, team_id, '"first lesson of every school day" since:2025-04-03')
    assert later["text"] == "1 quote with the words “first lesson of every school day”, since 2025-04-03."
    assert f"“{newsroom.SCHOOL_REWORDED}”" in rendered(later) and f"“{newsroom.SCHOOL}”" not in rendered(later)
    assert ask(app_url, standin, team_id, "ferreira outlet:courier")["text"].startswith("2 quotes")
    assert ask(app_url, standin, team_id, "ferreira in:<#CNEWS|newsroom>")["text"].startswith("3 quotes")
    assert ask(app_url, standin, team_id, "ferreira in:<#COTHER|other>")["text"].startswith("0 quotes")
    assert ask(app_url, standin, team_id, "ferreira since:yesterday")["text"].startswith("`since:` takes a date")


# Pages

def test_pages_replace_the_answer_and_keep_the_filters(app_url, standin, store, team_id):
    newsroom.seed(store, team_id, "Harbour Master", 24)
    first = ask(app_url, standin, team_id, "harbour master outlet:coastline until:2025-05-20")
    assert first["text"] == ("10 quotes from Harbour Master, until 2025-05-20, in outlets matching “coastline”, "
                             "newest 5 shown.")
    assert elements(first, "lookup_previous") == []
    [next_page] = elements(first, "lookup_next")
    second = answered(standin, press(app_url, standin, team_id, next_page))
    assert second["replace_original"] is True
    assert second["text"] == ("10 quotes from Harbour Master, until 2025-05-20, in outlets matching “coastline”, "
                              "6–10 shown.")
    assert "Page 2 of 2" in rendered(second) and elements(second, "lookup_next") == []
    assert [int(n) for n in re.findall(r"statement number (\d+)", rendered(second))] == [9, 7, 5, 3, 1]
    [previous] = elements(second, "lookup_previous")
    assert answered(standin, press(app_url, standin, team_id, previous))["text"].endswith("newest 5 shown.")


def test_a_lookup_too_long_for_its_buttons_is_kept_for_them(app_url, standin, store, team_id):
    newsroom.seed(store, team_id, "Harbour Master", 12)
    short = ask(app_url, standin, team_id, "harbour master since:2025-05-01")
    assert elements(short, "lookup_next")[0]["value"] == "2|=harbour master since:2025-05-01"  # carried as typed
    query = "harbour master " * 8 + "since:2025-05-01"
    first = ask(app_url, standin, team_id, query)
    [next_page] = elements(first, "lookup_next")
    assert next_page["value"].startswith("2|#") and len(next_page["value"]) < 30
    second = answered(standin, press(app_url, standin, team_id, next_page))
    assert second["text"] == "12 quotes from Harbour Master, since 2025-05-01, 6–10 shown."


# Corrections

def test_a_wrong_speaker_corrected_in_a_form_holds_for_everyone_and_for_later_articles(app_url, standin, pages,
                                                                                       store, team_id):
    shared(app_url, standin, pages, team_id, CUTS, APPEAL)
    asked = ask(app_url, standin, team_id, "brandt")
    pressed = press(app_url, standin, team_id, menu_of(asked, "Nobody on the island"), present.WRONG_SPEAKER)
    form = form_opened(standin, pressed)
    assert form["callback_id"] == blocks.WRONG_SPEAKER_VIEW and "Nobody on the island" in rendered(form)

    newsroom.seed(store, team_id, "Rui Ferreira", 1)  # a second Ferreira: the surname alone is not enough
    unclear = submit(app_url, team_id, form, {blocks.SPEAKER_BLOCK: {blocks.SPEAKER_INPUT: "ferreira"}})
    assert json.loads(unclear) == {"response_action": "errors", "errors": {blocks.SPEAKER_BLOCK: (
        "Several people here match “ferreira”: Rui Ferreira, Tomas Ferreira. Type the full name.")}}
    assert submit(app_url, team_id, form, {blocks.SPEAKER_BLOCK: {blocks.SPEAKER_INPUT: "tomas FERREIRA"}}) == ""
    shown_again = answered(standin, pressed)
    assert shown_again["replace_original"] is True
    assert shown_again["blocks"][0]["text"]["text"].startswith(
        "Thanks: “Nobody on the island was asked before this timetable was drawn up” is now credited to "
        "*Tomas Ferreira*, for everyone here.")
    assert "No quotes from anyone matching “brandt”" in shown_again["text"]

    # Someone else, at once: the words are Ferreira's, and no longer a conflict.
    theirs = ask(app_url, standin, team_id, "tomas", user="UCAROL")
    assert theirs["text"] == "4 quotes from Tomas Ferreira."
    assert "Also credited" not in rendered(theirs) and "Speaker corrected by <@UBOB>" in rendered(theirs)
    # A later article crediting the words to the pilot again follows the correction.
    [pilot_reply] = shared(app_url, standin, pages, team_id, PILOT)
    assert "Tomas Ferreira" in pilot_reply["text"] and "Lena Brandt" not in pilot_reply["text"]
    assert ask(app_url, standin, team_id, "brandt")["text"].startswith("No quotes")


def test_not_a_quote_hides_it_for_everyone(app_url, standin, pages, team_id):
    shared(app_url, standin, pages, team_id, CUTS)
    asked = ask(app_url, standin, team_id, "ferreira")
    pressed = press(app_url, standin, team_id, menu_of(asked, "morning boat"), present.NOT_A_QUOTE)
    form = form_opened(standin, pressed)
    assert form["callback_id"] == blocks.NOT_A_QUOTE_VIEW and present.HIDE_QUESTION in rendered(form)
    assert submit(app_url, team_id, form) == ""
    assert "is hidden as not a quote, for everyone here" in rendered(answered(standin, pressed))
    theirs = ask(app_url, standin, team_id, "ferreira", user="UCAROL")
    assert theirs["text"].startswith("1 quote from Tomas Ferreira") and "morning boat" not in rendered(theirs)


def test_where_it_ran_lists_every_article(app_url, standin, pages, team_id):
    shared(app_url, standin, pages, team_id, CUTS, APPEAL)
    asked = ask(app_url, standin, team_id, "quintero")
    where = answered(standin, press(app_url, standin, team_id, menu_of(asked, "four crossings"),
                                    present.WHERE_IT_RAN))
    text = rendered(where)
    assert "ran in 2 articles, first to last" in text
    assert text.index("Island ferry to run twice a day") < text.index("Ferry cuts: island council to appeal")
    assert where.get("replace_original") is False


def test_only_admins_see_and_use_revert(app_url, standin, pages, team_id):
    shared(app_url, standin, pages, team_id, CUTS)
    asked = ask(app_url, standin, team_id, "ferreira")
    form = form_opened(standin, press(app_url, standin, team_id, menu_of(asked, "Nobody on"), present.WRONG_SPEAKER))
    submit(app_url, team_id, form, {blocks.SPEAKER_BLOCK: {blocks.SPEAKER_INPUT: "Lena Brandt"}})
    standin.admins.add("UADMIN")

    member_view = ask(app_url, standin, team_id, "corrections", user="UCAROL")
    assert member_view["text"] == "1 correction made here, newest first:"
    assert "Speaker corrected by <@UBOB>" in rendered(member_view) and "(was Tomas Ferreira)" in rendered(member_view)
    assert elements(member_view, blocks.REVERT_CORRECTION) == []
    admin_view = ask(app_url, standin, team_id, "corrections", user="UADMIN")
    [revert] = elements(admin_view, blocks.REVERT_CORRECTION)

    refused = answered(standin, press(app_url, standin, team_id, revert, user="UCAROL"))
    assert refused["text"] == present.revert_refused(blocks.ADMINS) and refused["replace_original"] is False
    assert ask(app_url, standin, team_id, "brandt")["text"].startswith("1 quote from Lena Brandt")

    reverted = answered(standin, press(app_url, standin, team_id, revert, user="UADMIN"))
    assert reverted["blocks"][0]["text"]["text"].startswith("Correction 1 reverted: “Nobody on the island")
    assert "reverted by <@UADMIN>" in rendered(reverted) and elements(reverted, blocks.REVERT_CORRECTION) == []
    assert ask(app_url, standin, team_id, "brandt")["text"].startswith("No quotes")
    assert ask(app_url, standin, team_id, "ferreira")["text"].startswith("2 quotes")


# "Who said this?", the Home tab, export

def test_who_said_this_searches_the_words_of_a_message(app_url, standin, pages, team_id):
    shared(app_url, standin, pages, team_id, CUTS)
    answer = shortcut(app_url, standin, team_id, blocks.WHO_SAID_SHORTCUT,
                      "Did the council chair really say “our children miss the first lesson”? <@UALICE> asked.")
    assert answer["text"] == "1 quote with the words “our children miss the first lesson”."
    assert "*Tomas Ferreira*" in rendered(answer)
    nothing = shortcut(app_url, standin, team_id, blocks.WHO_SAID_SHORTCUT, "<https://example.org/x|>")
    assert nothing["text"] == present.NO_WORDS_IN_MESSAGE


def test_the_home_tab_shows_latest_articles_the_most_quoted_and_conflicts(app_url, standin, pages, team_id):
    shared(app_url, standin, pages, team_id, CUTS, APPEAL)
    send_event(app_url, team_id, {"type": "app_home_opened", "user": "UCAROL", "channel": "DHOME", "tab": "home"})
    [published] = standin.wait_for("views.publish", user_id="UCAROL")
    view = published.args["view"]
    assert view["type"] == "home"
    text = rendered(view)
    headers = [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]
    assert headers == ["QuoteBot", "Latest articles", "Most quoted this week", "Credited to different people",
                       "How to use QuoteBot"]
    assert text.index("Ferry cuts: island council to appeal") < text.index("Island ferry to run twice a day")
    assert "3 quotes" in text and "*Tomas Ferreira* (3)" in text and "*Marta Quintero* (2)" in text
    assert "“Nobody on the island was asked before this timetable was drawn up” — *Lena Brandt*" in text
    assert "/quotes export NAME" in text and present.WHO_SAID_THIS in text
    send_event(app_url, team_id, {"type": "app_home_opened", "user": "UDAN", "channel": "DHOME", "tab": "messages"})
    send_event(app_url, team_id, {"type": "app_home_opened", "user": "UERIN", "channel": "DHOME", "tab": "home"})
    standin.wait_for("views.publish", user_id="UERIN")  # handled after the Messages tab was opened
    assert standin.calls_to("views.publish", user_id="UDAN") == []


def test_export_sends_a_csv_to_the_askers_direct_messages(app_url, standin, pages, team_id):
    shared(app_url, standin, pages, team_id, CUTS, APPEAL)
    assert ask(app_url, standin, team_id, "export ferreira", user="UFRED")["text"] == present.EXPORT_ON_ITS_WAY
    [completed] = standin.wait_for("files.completeUploadExternal", channel_id=dm_channel("UFRED"))
    assert completed.args["initial_comment"] == ("Your export of “ferreira”: 3 rows, one per quote and article it "
                                                 "ran in.")
    [(file, data)] = standin.uploaded(completed)
    assert file["title"] == "quotes-ferreira.csv"
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert list(rows[0]) == COLUMNS
    assert sorted((r["quote"].rstrip(","), r["outlet"]) for r in rows) == [
        (newsroom.SCHOOL, "Harbour Courier"), (newsroom.SCHOOL_REWORDED, "Coastline Daily"),
        (newsroom.NOBODY_ASKED, "Harbour Courier")]
    nobody = next(r for r in rows if r["quote"].startswith("Nobody"))
    assert nobody["speaker"] == "Tomas Ferreira" and "Lena Brandt" in nobody["conflicts"]
    assert nobody["shared_by"] == "UALICE" and nobody["date"] == "2025-04-02"

    assert ask(app_url, standin, team_id, "export nobody-here", user="UFRED")["text"] == present.EXPORT_ON_ITS_WAY
    [empty] = standin.wait_for("chat.postMessage", channel=dm_channel("UFRED"))
    assert empty.args["text"] == "Nothing to export: no quotes match “nobody-here”."


# Following

def test_followers_hear_of_new_quotes_at_once_then_batched_after_the_quiet_time(app_url, standin, pages, team_id):
    shared(app_url, standin, pages, team_id, CUTS)
    assert ask(app_url, standin, team_id, "follow quintero", user="UFAN")["text"] == (
        f"You'll get a message when *Marta Quintero* is quoted in a new article here (at most one every "
        f"{QUIET_SECONDS} seconds; the quotes in between come together).")
    assert "*Marta Quintero*" in ask(app_url, standin, team_id, "following", user="UFAN")["text"]

    shared(app_url, standin, pages, team_id, REVIEW_PROMISED)
    [first] = standin.wait_for("chat.postMessage", channel=dm_channel("UFAN"))
    assert first.args["text"] == "New from *Marta Quintero*: 2 quotes."
    assert newsroom.REVIEW in rendered(first.args) and newsroom.FUEL in rendered(first.args)
    assert newsroom.BUDGET not in rendered(first.args)  # it ran before following began

    shared(app_url, standin, pages, team_id, NEW_FERRY, COUNCIL_MEETING)  # within the quiet time: held
    assert len(standin.direct_messages("UFAN")) == 1
    [_, batched] = standin.wait_for("chat.postMessage", 2, channel=dm_channel("UFAN"), timeout=QUIET_SECONDS + 60)
    assert batched.args["text"] == "New from *Marta Quintero*: 2 quotes."
    assert newsroom.NEW_BOAT in rendered(batched.args) and newsroom.A_SAY in rendered(batched.args)

    assert ask(app_url, standin, team_id, "unfollow marta", user="UFAN")["text"] == "You no longer follow *Marta Quintero*."
    assert ask(app_url, standin, team_id, "following", user="UFAN")["text"] == present.NOT_FOLLOWING_ANYONE


def test_following_a_name_that_matches_several_asks_which(app_url, standin, store, team_id):
    newsroom.seed(store, team_id, "Ana Silva", 2)
    newsroom.seed(store, team_id, "Ana Costa", 1)
    asked = ask(app_url, standin, team_id, "follow ana")
    assert asked["text"] == "Several people here match “ana”. Which one?"
    buttons = elements(asked, "choose_speaker_0") + elements(asked, "choose_speaker_1")
    assert [b["text"]["text"] for b in buttons] == ["Follow Ana Silva", "Follow Ana Costa"]
    chosen = answered(standin, press(app_url, standin, team_id, buttons[1]))
    assert chosen["text"].startswith("You'll get a message when *Ana Costa* is quoted")
    assert store.following(team_id, "UBOB") == {"ana costa": "Ana Costa"}
    assert ask(app_url, standin, team_id, "follow ana silvera")["text"] == (
        "No quotes from anyone matching “ana silvera”. Did you mean *Ana Silva* or *Ana Costa*?")


def test_help_lists_every_command(app_url, standin, team_id):
    text = ask(app_url, standin, team_id, "help")["text"]
    for command in ("/quotes NAME", "export", "follow NAME", "unfollow NAME", "following", "corrections"):
        assert command in text


def test_the_manifest_asks_for_what_the_app_uses():
    manifest = (Path(__file__).parent.parent / "config" / "manifest.yml").read_text()
    scopes = re.search(r"\n    bot:\n((?:      - .+\n)+)", manifest)[1]
    assert [line.strip("- ") for line in scopes.splitlines()] == BOT_SCOPES
    interactivity = re.search(r"\n  interactivity:\n((?:    .+\n)+)", manifest)[1]
    assert "is_enabled: true" in interactivity and "request_url: https://quotebot.example.org/slack/events" in interactivity
    for needed in ("home_tab_enabled: true", f"callback_id: {blocks.WHO_SAID_SHORTCUT}", "type: message",
                   "      - app_home_opened\n", "should_escape: true"):
        assert needed in manifest
