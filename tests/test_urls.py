import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.urls import canonical_url, extract_links


@pytest.mark.parametrize("pasted, canonical", [
    ("HTTPS://News.Example.COM/world/ferry-fares", "https://news.example.com/world/ferry-fares"),
    ("https://news.example.com:443/a", "https://news.example.com/a"),
    ("http://news.example.com:80/a", "http://news.example.com/a"),
    ("http://news.example.com:8080/a", "http://news.example.com:8080/a"),
    ("https://news.example.com", "https://news.example.com/"),
    ("https://news.example.com./a", "https://news.example.com/a"),
    ("https://news.example.com/a#comments", "https://news.example.com/a"),
    ("https://reader:secret@news.example.com/a", "https://news.example.com/a"),
    ("https://[2001:DB8::1]:443/a", "https://[2001:db8::1]/a"),
    ("https://news.example.com/Story/ID", "https://news.example.com/Story/ID"),  # paths are case-sensitive
])
def test_canonical_url_normalises_scheme_host_port_and_fragment(pasted, canonical):
    assert canonical_url(pasted) == canonical


def test_tracking_parameters_are_dropped_and_the_rest_sorted():
    pasted = ("https://news.example.com/story?utm_source=slack&id=42&UTM_Medium=social&fbclid=IwAR0x&page=2"
              "&gclid=abc&mc_cid=1&mc_eid=2&ref=home&ref_src=twsrc&cmpid=rss&ocid=msn&igshid=x&_ga=2.1")
    assert canonical_url(pasted) == "https://news.example.com/story?id=42&page=2"


def test_meaningful_parameters_keep_their_spelling_and_repeated_order():
    pasted = "https://news.example.com/search?q=ferry+fares&tag=b&flag&tag=a&q2=%C3%A9t%C3%A9"
    assert canonical_url(pasted) == "https://news.example.com/search?flag&q=ferry+fares&q2=%C3%A9t%C3%A9&tag=b&tag=a"


def test_only_tracking_parameters_leaves_no_query():
    assert canonical_url("https://news.example.com/a?utm_campaign=x&fbclid=y") == "https://news.example.com/a"


def test_same_article_pasted_differently_has_one_key():
    variants = ["https://news.example.com/a?b=2&a=1", "HTTPS://NEWS.EXAMPLE.COM:443/a?a=1&b=2&utm_source=x#top",
                "https://news.example.com/a?utm_medium=email&a=1&gclid=9&b=2"]
    assert len({canonical_url(url) for url in variants}) == 1


@pytest.mark.parametrize("url", ["not a url", "/relative/path", "https://news.example.com:port/"])
def test_canonical_url_rejects_what_is_not_an_absolute_url(url):
    with pytest.raises(ValueError):
        canonical_url(url)


@given(st.from_regex(r"https?://[A-Za-z][A-Za-z0-9.-]{0,20}(:[0-9]{1,4})?(/[A-Za-z0-9._~%-]{0,10}){0,3}"
                     r"(\?([A-Za-z_]{1,8}(=[A-Za-z0-9%+]{0,6})?&?){0,4})?(#[a-z]{0,5})?", fullmatch=True))
def test_canonical_url_is_idempotent(url):
    assert canonical_url(canonical_url(url)) == canonical_url(url)


def test_extract_links_reads_slack_link_markup_in_order():
    text = ("Two takes: <https://news.example.com/ferry?utm_source=slack|the Gazette story> and "
            "<http://radio.example.org/island-news> — thoughts?")
    assert extract_links(text) == ["https://news.example.com/ferry?utm_source=slack",
                                   "http://radio.example.org/island-news"]


def test_extract_links_skips_mentions_channels_and_mail():
    text = ("<@U024BE7LH> see <#C024BE7LR|general>, <!here>, <mailto:desk@news.example.com|desk@news.example.com> "
            "and <!subteam^S123|@editors>: <https://news.example.com/a>")
    assert extract_links(text) == ["https://news.example.com/a"]


def test_extract_links_deduplicates_by_canonical_url_keeping_the_first():
    text = ("<https://news.example.com/a?utm_source=x> <https://NEWS.example.com/a#top|same> "
            "<https://news.example.com/b> <https://news.example.com/a?fbclid=1>")
    assert extract_links(text) == ["https://news.example.com/a?utm_source=x", "https://news.example.com/b"]


def test_extract_links_unescapes_slack_entities():
    links = extract_links("<https://news.example.com/s?id=1&amp;page=2|story>")
    assert links == ["https://news.example.com/s?id=1&page=2"]


def test_extract_links_finds_bare_links_as_in_slash_command_text():
    text = "https://news.example.com/a, and (https://news.example.com/b). Also http://radio.example.org/c!"
    assert extract_links(text) == ["https://news.example.com/a", "https://news.example.com/b",
                                   "http://radio.example.org/c"]


def test_extract_links_ignores_links_it_cannot_parse():
    links = extract_links("<https://news.example.com:port/a> <https://news.example.com/ok>")
    assert links == ["https://news.example.com/ok"]


def test_extract_links_of_text_without_links_is_empty():
    assert extract_links("No link here, only <@U024BE7LH>.") == []


def test_extract_links_reads_discord_messages_bare_suppressed_and_masked():
    text = ("Two takes: https://news.example.com/a, <https://news.example.com/b> and "
            "[the ferry story](https://news.example.com/c?id=7) or [quiet](<https://news.example.com/d>) "
            "<@1234> <#567>")
    assert extract_links(text) == ["https://news.example.com/a", "https://news.example.com/b",
                                   "https://news.example.com/c?id=7", "https://news.example.com/d"]
