"""Discord rendering: markdown escaped, links and mentions written as Discord reads them, and every answer kept
within Discord's limits however long the articles, names and quotes are."""
import re

import pytest

from bot.ingest import IngestResult
from bot.lookup import LookupResult
from bot.models import SpeakerKind
from bot.store import Speaker, StoredArticle, StoredQuote
from handlers import present
from handlers.discord import embeds
from handlers.discord.embeds import MARKDOWN, clip, escape
from handlers.discord.listeners.quotes import PAGE_ID, page_custom_id
from handlers.link_answers import Reply
from tests.discord_standin import choices_problem, message_problem

ARTICLE = StoredArticle(url="https://news.example/a?id=1&x=2", title="Bridge *reopens* & traffic_returns",
                        outlet="Valley Post", date="2024-05-02", author=None, shared_by="223344556677889900",
                        shared_at=0, shared_in="https://discord.com/channels/1/2/3")
HUGE = StoredArticle(url="https://news.example/" + "long-path/" * 300, title="A headline that goes on " * 60,
                     outlet="The " + "Very " * 100 + "Long Gazette", date="2024-05-02", author=None,
                     shared_by="223344556677889900", shared_at=0, shared_in="https://discord.com/channels/1/2/3")


def stored(text, speaker="Rosa Marín", role="Transport Minister", article=ARTICLE, count=1):
    return StoredQuote(text, speaker, role, SpeakerKind.PERSON, article, count)


def long_quote(n):
    return stored(f"Sentence {n} of a statement that never seems to end. " * 200, "Rosa " + "Marín-" * 80,
                  "Minister for " + "Transport and " * 40, HUGE, count=3)


def answered(result: IngestResult) -> Reply:
    return Reply(present.ingest_line(result, MARKDOWN), result)


def unreadable(url: str, reason: str) -> Reply:
    return Reply(present.could_not_read(url, reason, MARKDOWN))


def assert_within_discord_limits(message: dict) -> None:
    payload = {"content": message.get("content"), "embeds": [e.to_dict() for e in message.get("embeds", [])]}
    assert message_problem(payload, creating=True) is None, message_problem(payload, creating=True)
    assert len(payload["embeds"]) <= embeds.EMBEDS
    assert sum(len(e) for e in message.get("embeds", [])) <= embeds.EMBED_TOTAL
    for embed in payload["embeds"]:
        assert len(embed.get("description", "")) <= embeds.DESCRIPTION
        assert len(embed.get("title", "")) <= embeds.TITLE
        assert len(embed.get("fields", [])) <= embeds.FIELDS
        assert all(len(f["name"]) <= embeds.FIELD_NAME and len(f["value"]) <= embeds.FIELD_VALUE
                   for f in embed.get("fields", []))


def test_markdown_is_escaped_so_words_show_as_written():
    assert escape("*bold* _it_ `code` ~~gone~~ ||secret|| [x](y) <@1>") == (
        r"\*bold\* \_it\_ \`code\` \~\~gone\~\~ \|\|secret\|\| \[x\](y) \<@1>")
    assert escape("> quoted\n# heading\n - item\na-b > c # d") == "\\> quoted\n\\# heading\n \\- item\na-b > c # d"


def test_links_mentions_and_names():
    link = MARKDOWN.link("Foo", "https://en.example/wiki/Foo_(bar) x")
    assert link == "[Foo](https://en.example/wiki/Foo_%28bar%29%20x)"
    assert MARKDOWN.person("223344556677889900") == "<@223344556677889900>"
    assert MARKDOWN.person("news_desk") == r"news\_desk"


def test_clipping_never_leaves_half_an_escape():
    assert clip(escape("ab*cd"), 4) == "ab…" and clip(escape("a*bc"), 4) == "a\\*…"
    assert clip("abcdef", 4) == "abc…" and clip("abc", 4) == "abc"


def test_a_quote_embed_shows_the_exact_words_the_speaker_and_where_they_ran():
    result = LookupResult("marín", [], [stored("Lanes open at six,\nand tolls stay *the same*,", count=3)], 1)
    [embed] = embeds.lookup_embeds(result)
    assert embed.description == ("> “Lanes open at six,\n> and tolls stay \\*the same\\*”\n"
                                 "— **Rosa Marín**, Transport Minister")
    assert embed.fields[0].value == (
        "[Bridge \\*reopens\\* & traffic\\_returns](https://news.example/a?id=1&x=2) · Valley Post · 2024-05-02 · "
        "shared by <@223344556677889900> in [this message](https://discord.com/channels/1/2/3) · "
        "also in 2 other articles")
    assert embed.footer.text is None  # one page: no page indicator


def test_a_page_of_the_longest_quotes_stays_within_discord_limits():
    speakers = [Speaker(str(n), f"Rosa Marín {n}", None, SpeakerKind.PERSON, 40) for n in range(300)]
    result = LookupResult("rosa", speakers, [long_quote(n) for n in range(embeds.LOOKUP_PAGE_SIZE)], 12000,
                          page=7, page_size=embeds.LOOKUP_PAGE_SIZE)
    message = {"content": embeds.lookup_content(result), "embeds": embeds.lookup_embeds(result)}
    assert_within_discord_limits(message)
    assert message["embeds"][-1].footer.text == "Page 7 of 2400"
    for embed in message["embeds"]:  # each quote keeps a fair share of its words, and its speaker
        assert embed.description.count("Sentence") >= 5 and "— **Rosa Marín" in embed.description


def test_the_reply_to_a_shared_link_stays_within_discord_limits():
    quotes = [stored(f"Line {n}.", f"Speaker {n} " + "Name" * 30) for n in range(400)]
    message = embeds.link_reply(answered(IngestResult(HUGE, quotes, False)))
    assert_within_discord_limits(message)
    problem = embeds.link_reply(unreadable(HUGE.url, "The server said 404." * 50))
    assert_within_discord_limits(problem)
    assert problem["suppress_embeds"] and problem["content"].startswith("I couldn't read")


@pytest.mark.parametrize("articles, per_article", [(1, 40), (3, 12), (12, 30)])
def test_extracted_quotes_fill_one_message_within_discord_limits(articles, per_article):
    replies = [answered(IngestResult(HUGE, [long_quote(n) for n in range(per_article)], False))
               for _ in range(articles)]
    message = embeds.extract_message(replies + [unreadable("https://x.example/a.pdf", "It is a PDF.")])
    assert_within_discord_limits(message)
    assert "It is a PDF." in message["content"]
    for embed in message["embeds"]:
        shown = len(embed.fields)
        if shown < per_article:
            assert present.more_quotes(per_article - shown) in embed.description


def test_short_quotes_of_one_article_are_all_shown_up_to_25():
    quotes = [stored(f"We open lane {n} today.", f"Officer {n}", None) for n in range(30)]
    message = embeds.extract_message([answered(IngestResult(ARTICLE, quotes, False))])
    [embed] = message["embeds"]
    assert len(embed.fields) == 25 and embed.fields[0].value == "“We open lane 0 today.”"
    assert embed.description.endswith(present.more_quotes(5))


def test_autocomplete_offers_at_most_25_choices_of_at_most_100_characters():
    speakers = [Speaker(str(n), f"Dr. Rosa Marín-{n} " + "de la Vega " * 15, "Chief " + "Engineer " * 20,
                        SpeakerKind.PERSON, n) for n in range(40)]
    choices = embeds.speaker_choices(speakers)
    assert choices_problem([{"name": c.name, "value": c.value} for c in choices]) is None
    assert len(choices) == 25 and choices[0].name.endswith("(39 quotes)")
    assert choices[0].value.startswith("Dr. Rosa Marín-39")
    assert all(len(c.name) <= 100 and len(c.value) <= 100 for c in choices)


def test_page_buttons_carry_their_state_in_at_most_100_characters():
    custom_id = page_custom_id(18446744073709551615, 99999, "Dr. Rosa Marín-Álvarez de la Vega " * 10)
    assert len(custom_id) <= 100
    match = re.fullmatch(PAGE_ID, custom_id)
    assert match and match["asker"] == "18446744073709551615" and match["page"] == "99999"
    assert match["query"].startswith("dr rosa marin alvarez de la vega")
    assert re.fullmatch(PAGE_ID, page_custom_id(42, 2, "Marín"))["query"] == "marin"
