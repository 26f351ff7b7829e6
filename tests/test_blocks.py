from bot.models import SpeakerKind
from bot.store import StoredArticle, StoredQuote
from handlers.slack.blocks import MRKDWN, escape, quote_mrkdwn, source_mrkdwn

ARTICLE = StoredArticle(url="https://news.example/a?id=1&x=2", title="Bridge <reopens> & traffic returns",
                        outlet="Valley Post", date="2024-05-02", author=None, shared_by="U0ALICE", shared_at=0)


def stored(text, speaker="Rosa Marín", role="Transport Minister", count=1):
    return StoredQuote(text, speaker, role, SpeakerKind.PERSON, ARTICLE, count)


def test_mrkdwn_control_characters_are_escaped():
    assert escape("a < b & c > d") == "a &lt; b &amp; c &gt; d"


def test_quote_keeps_exact_words_quoted_line_by_line_with_speaker_and_role():
    text = quote_mrkdwn(stored("Lanes open at six,\nand tolls stay <the same>,"))
    assert text == ">“Lanes open at six,\n>and tolls stay &lt;the same&gt;”\n— *Rosa Marín*, Transport Minister"


def test_source_links_the_article_and_names_who_shared_it():
    line = source_mrkdwn(stored("Lanes open at six.", count=3))
    assert line == ("<https://news.example/a?id=1&x=2|Bridge &lt;reopens&gt; &amp; traffic returns> · Valley Post · "
                    "2024-05-02 · shared by <@U0ALICE> · also in 2 other articles")


def test_only_slack_user_ids_become_mentions():
    assert MRKDWN.person("U0ALICE") == "<@U0ALICE>"
    assert MRKDWN.person("newsdesk") == "newsdesk"
