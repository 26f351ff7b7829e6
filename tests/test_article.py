import pytest

from bot.article import ArticleError, article_from_html, read_article
from bot.extract import extract_quotes
from bot.fetch import FetchError
from bot.nlp import load_nlp
from config.settings import Settings
from tests.local_http import LocalServer

# An invented outlet, reporter and story.
FERRY_STORY = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ferry fares to rise in spring, council says | The Harbour Gazette</title>
<meta property="og:site_name" content="The Harbour Gazette">
<meta property="og:title" content="Ferry fares to rise in spring, council says">
<meta name="author" content="Maren Olsted">
<meta property="article:published_time" content="2024-03-14T09:30:00+00:00">
<meta name="description" content="Islanders face higher ferry fares from April.">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav>
<article>
<h1>Ferry fares to rise in spring, council says</h1>
<p class="byline">By Maren Olsted</p>
<p>Return tickets on the Skerry Point ferry will cost a fifth more from April, the island council
confirmed on Wednesday, blaming fuel and crew costs.</p>
<p>“Nobody on this council wanted to do this, but the boats do not run on goodwill,” said council
leader Idris Pennock at a packed meeting in the village hall.</p>
<p>Local shopkeeper Ada Quayle said the rise would hit families hardest. “We already pay more for
everything that comes across the water,” she said. “Now we pay more just to leave.”</p>
<p>The council said concessions for pupils and pensioners would stay frozen until at least next
year, and that a review of the timetable was under way.</p>
</article>
<footer>Subscribe to our newsletter for the week's top island stories. © 2024 The Harbour Gazette</footer>
</body></html>
"""
STORY_URL = "https://www.harbourgazette.example/news/ferry-fares"
PENNOCK = ("“Nobody on this council wanted to do this, but the boats do not run on goodwill,” said council "
           "leader Idris Pennock at a packed meeting in the village hall.")


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture
def server():
    with LocalServer() as running:
        yield running


def settings_for(server: LocalServer, **overrides) -> Settings:
    return Settings(**{"allow_private_urls": True, "allowed_ports": [server.port], **overrides})


def test_metadata_of_a_news_page():
    article = article_from_html(FERRY_STORY, STORY_URL)
    assert (article.title, article.outlet, article.date, article.author) == (
        "Ferry fares to rise in spring, council says", "The Harbour Gazette", "2024-03-14", "Maren Olsted")
    assert article.meta["description"] == "Islanders face higher ferry fares from April."
    assert article.url == STORY_URL


def test_main_text_keeps_paragraphs_apart_and_leaves_out_page_furniture():
    text = article_from_html(FERRY_STORY, STORY_URL).text
    paragraphs = text.split("\n\n")
    assert PENNOCK in paragraphs  # a hard-wrapped paragraph comes out whole, on one line
    assert "“Now we pay more just to leave.”" in paragraphs[paragraphs.index(PENNOCK) + 1]
    assert "\n\n\n" not in text
    assert "Subscribe to our newsletter" not in text
    assert "Weather" not in text


def test_text_is_cut_at_a_paragraph_break():
    full = article_from_html(FERRY_STORY, STORY_URL).text
    limit = full.index(PENNOCK) + len(PENNOCK) + 10
    cut = article_from_html(FERRY_STORY, STORY_URL, max_chars=limit).text
    assert cut.endswith(PENNOCK)


def test_a_single_paragraph_longer_than_the_limit_is_cut_hard():
    assert len(article_from_html(FERRY_STORY, STORY_URL, max_chars=20).text) == 20


@pytest.mark.parametrize("html", ["", "<html><body></body></html>",
                                  '<html><body><div id="app"></div><script>render("#app")</script></body></html>'])
def test_page_without_article_text_is_refused(html):
    with pytest.raises(ArticleError) as caught:
        article_from_html(html, STORY_URL)
    assert caught.value.reason == "I couldn't find any article text on that page."
    assert caught.value.permanent


def test_read_article_fetches_and_keys_the_article_by_its_canonical_final_url(server):
    server.redirect("/s/ferry", "/news/ferry-fares?utm_source=slack&fbclid=abc&edition=uk#top")
    server.route("/news/ferry-fares", FERRY_STORY)
    article = read_article(server.url("/s/ferry"), settings_for(server))
    assert article.url == server.url("/news/ferry-fares?edition=uk")
    assert (article.outlet, article.date, article.author) == ("The Harbour Gazette", "2024-03-14", "Maren Olsted")
    assert PENNOCK in article.text.split("\n\n")


def test_read_article_caps_the_text(server):
    server.route("/news/ferry-fares", FERRY_STORY)
    article = read_article(server.url("/news/ferry-fares"), settings_for(server, max_article_chars=300))
    assert 0 < len(article.text) <= 300


def test_read_article_decodes_a_legacy_charset(server):
    page = FERRY_STORY.replace('<meta charset="utf-8">', '<meta charset="windows-1252">').encode("cp1252")
    server.route("/news/ferry-fares", page, content_type="text/html")
    assert PENNOCK in read_article(server.url("/news/ferry-fares"), settings_for(server)).text


def test_plain_text_page_is_the_article_text(server):
    notice = ("ISLAND COUNCIL NOTICE\r\n\r\nFerry fares rise by a fifth from 1 April.\r\n"
              "Concessions stay frozen.\r\n\r\n\"We had no other choice,\" the council leader said.\r\n")
    server.route("/notice.txt", notice, content_type="text/plain; charset=utf-8")
    article = read_article(server.url("/notice.txt"), settings_for(server))
    assert article.text == ("ISLAND COUNCIL NOTICE\n\n"
                            "Ferry fares rise by a fifth from 1 April. Concessions stay frozen.\n\n"
                            "\"We had no other choice,\" the council leader said.")
    assert (article.title, article.outlet, article.date, article.author) == (None, None, None, None)


def test_empty_plain_text_page_is_refused(server):
    server.route("/empty.txt", "  \n\n ", content_type="text/plain")
    with pytest.raises(ArticleError):
        read_article(server.url("/empty.txt"), settings_for(server))


def test_fetch_refusals_pass_through(server):
    with pytest.raises(FetchError) as caught:
        read_article(server.url("/missing"), settings_for(server))
    assert caught.value.reason == "The page answered 404 Not Found."


# The same kind of story, quoting the way some pages do: with <q> (the browser draws the marks) and a
# <blockquote>. Text extraction alone would keep neither the marks nor the quotes' place in their sentences.
MARKUP_QUOTES = """<!DOCTYPE html><html><head><title>Pier to reopen | The Harbour Gazette</title></head><body>
<article><h1>Pier to reopen by summer</h1>
<p>The council met for three hours on Tuesday about the pier, which closed after the winter storms.</p>
<p>A plaque on the old pier still reads <q>Built to Last</q>, a line islanders now quote with a smile.</p>
<p><q>We will rebuild the <q>old</q> pier before the summer season starts,</q> said council leader Idris
Pennock after the vote.</p>
<p>In a letter to residents, shopkeeper Ada Quayle wrote:</p>
<blockquote><p>Every week the pier stays shut costs this village its visitors and its shops.</p></blockquote>
<p>Work on the pilings begins in March and will take about four months, the council said on Tuesday.</p>
</article></body></html>"""


def test_quotes_marked_up_rather_than_typed_keep_their_marks_and_their_sentence(nlp):
    article = article_from_html(MARKUP_QUOTES, STORY_URL)
    assert "reads “Built to Last”, a line islanders" in article.text
    assert "“We will rebuild the ‘old’ pier before the summer season starts,” said council leader" in article.text
    quotes = extract_quotes(nlp(article.text))
    assert [(q.text.rstrip(","), q.speaker) for q in quotes if len(q.text.split()) > 3] == [
        ("We will rebuild the ‘old’ pier before the summer season starts", "Idris Pennock"),
        ("Every week the pier stays shut costs this village its visitors and its shops.", "Ada Quayle")]
