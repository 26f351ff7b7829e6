"""Word lists with next-word marks: a phrase search reads only the quotes where its words may follow each other,
finds every quote that holds the phrase (repeated words, longer wordings indexed again, lists written before marks
were kept), and a new quote is still matched against stored ones by its rarest words."""
import numpy as np
import pytest

from bot.lookup import lookup
from bot.models import Article, Quote, SpeakerKind
from bot.store import Keys, Share, word_lists
from bot.store.records import pack

pytestmark = pytest.mark.on_a_cluster_too


def said(text: str, speaker: str = "Ines Valbuena") -> Quote:
    return Quote(text=text, start=0, end=len(text), speaker=speaker, speaker_kind=SpeakerKind.PERSON)


def article(number: int) -> Article:
    return Article(url=f"https://tidewater.example/{number}", text="", title=f"Story {number}",
                   outlet="Tidewater Post", date="2025-03-01")


def test_an_entry_is_the_quote_number_marked_with_each_word_that_follows():
    words = "the tide turns and the tide waits for tide".split()
    found = word_lists.entries(12, words)
    assert set(found) == {"tide", "turns", "waits"}  # common words are not indexed
    tide = np.frombuffer(found["tide"], "<u4")
    assert sorted(tide >> word_lists.NUMBER_BITS) == sorted({word_lists.mark(w) for w in ("turns", "waits", "")})
    assert set(tide & word_lists.NUMBER_MASK) == {12}
    assert word_lists.numbers(found["tide"]).tolist() == [12]  # once, however many marks
    with pytest.raises(ValueError):
        word_lists.entries(1 << word_lists.NUMBER_BITS, words)


def test_a_list_is_filtered_by_the_word_that_follows_and_entries_without_a_mark_pass():
    assert word_lists.mark("keeper") != word_lists.mark("stood")  # the cases below need different marks
    listed = (word_lists.entries(3, ["lighthouse", "keeper"])["lighthouse"]
              + word_lists.entries(5, ["lighthouse", "stood"])["lighthouse"] + pack(8))  # 8: written unmarked
    assert word_lists.numbers(listed).tolist() == [3, 5, 8]
    assert word_lists.numbers(listed, "keeper").tolist() == [3, 8]
    assert word_lists.numbers(listed, "stood").tolist() == [5, 8]
    out_of_order = listed + word_lists.entries(4, ["lighthouse", "keeper"])["lighthouse"]
    assert word_lists.numbers(out_of_order, "keeper").tolist() == [3, 4, 8]


def test_a_phrase_names_for_each_word_the_word_after_it():
    assert word_lists.next_words("the tide waits for the tide".split()) == {"tide": "waits", "waits": "for"}
    assert word_lists.next_words(["keeper"]) == {"keeper": None}


def test_a_search_reads_only_the_quotes_where_its_words_follow_each_other(store, team_id, monkeypatch):
    assert word_lists.mark("keeper") != word_lists.mark("stood")
    for number in range(30):
        store.save_article(team_id, article(number), [
            said(f"The lighthouse stood through storm number {number}, and the keeper slept.")], Share("U1"))
    store.save_article(team_id, article(99), [said("Every lighthouse keeper knows the reef by heart.")],
                       Share("U1"))
    read = []
    real_read = store.raw_records
    monkeypatch.setattr(store, "raw_records", lambda keys, qids: read.extend(qids) or real_read(keys, qids))
    result = lookup(store, team_id, "“lighthouse keeper”")
    assert [q.text for q in result.quotes] == ["Every lighthouse keeper knows the reef by heart."]
    assert len(set(read)) <= 3  # the one quote and its links, not the thirty holding both words apart
    assert lookup(store, team_id, "“lighthouse stood through storm”").total == 30


def test_repeated_words_longer_wordings_and_unmarked_lists_are_all_found(store, team_id):
    store.save_article(team_id, article(1), [said("The tide turns and the tide waits for no ferry.")], Share("U1"))
    store.save_article(team_id, article(2), [said("Ferry fares will rise next spring.")], Share("U1"))
    store.save_article(team_id, article(3), [said("The tide charts are wrong this week.", "Oskar Lindqvist")],
                       Share("U1"))
    # a longer wording of the second quote: indexed again, after the third quote's entries
    store.save_article(team_id, article(4), [said("Ferry fares will rise next spring for every island route.")],
                       Share("U1"))
    assert lookup(store, team_id, "“tide waits”").total == 1
    assert lookup(store, team_id, "“the tide turns”").total == 1
    assert lookup(store, team_id, "“tide charts”").quotes[0].speaker == "Oskar Lindqvist"
    assert lookup(store, team_id, "“spring for every island”").total == 1
    # lists written before marks were kept hold plain quote numbers: still found
    keys = Keys(team_id)
    plain = b"".join(pack(n) for n in word_lists.numbers(store.redis.get(keys.word("tide"))).tolist())
    store.redis.set(keys.word("tide"), plain)
    assert {q.text for q in lookup(store, team_id, "“tide”").quotes} == {
        "The tide turns and the tide waits for no ferry.", "The tide charts are wrong this week."}
    assert lookup(store, team_id, "“tide waits”").total == 1


def test_a_new_quote_is_matched_by_its_rarest_words_whatever_follows_them(store, team_id):
    store.save_article(team_id, article(1), [said("We will dredge the harbour mouth before the autumn gales.")],
                       Share("U1"))
    saved = store.save_article(team_id, article(2), [
        said("We will dredge the harbour mouth before the winter gales.")], Share("U1"))
    reworded = store.quotes(team_id, list(saved.quote_ids))[0]
    assert [v.text for v in reworded.variants] == ["We will dredge the harbour mouth before the autumn gales."]
