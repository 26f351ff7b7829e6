from bot.models import SpeakerKind
from bot.store import StoredArticle, StoredQuote
from handlers.slack.blocks import MRKDWN, escape, quote_mrkdwn, source_mrkdwn

ARTICLE = StoredArticle(id="a1", url="https://news.example/a?id=1&x=2", title="Bridge <reopens> & traffic returns",
                        outlet="Valley Post", date="2024-05-02", author=None, shared_by="U0ALICE", shared_at=0)
FIRST = StoredArticle(id="a0", url="https://wire.example/b", title="Bridge deal", outlet="The Wire",
                      date="2024-04-30", author=None, shared_by=None, shared_at=0)


def stored(text, speaker="Rosa Marín", role="Transport Minister", articles=(ARTICLE,)):
    return StoredQuote("1", text, speaker, role, SpeakerKind.PERSON, list(articles))


def test_mrkdwn_control_characters_are_escaped():
    assert escape("a < b & c > d") == "a &lt; b &amp; c &gt; d"


def test_quote_keeps_exact_words_quoted_line_by_line_with_speaker_and_role():
    text = quote_mrkdwn(stored("Lanes open at six,\nand tolls stay <the same>,"))
    assert text == ">“Lanes open at six,\n>and tolls stay &lt;the same&gt;”\n— *Rosa Marín*, Transport Minister"


def test_source_links_the_newest_article_and_names_who_shared_it_and_where_it_ran_first():
    line = source_mrkdwn(stored("Lanes open at six.", articles=(FIRST, ARTICLE)))
    assert line == ("<https://news.example/a?id=1&x=2|Bridge &lt;reopens&gt; &amp; traffic returns> · Valley Post · "
                    "2024-05-02 · shared by <@U0ALICE> · in 2 articles · first: The Wire, 2024-04-30")


def test_only_slack_user_ids_become_mentions():
    assert MRKDWN.person("U0ALICE") == "<@U0ALICE>"
    assert MRKDWN.person("newsdesk") == "newsdesk"
