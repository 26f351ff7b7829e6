"""When two quotes are the same words, or nearly: pure functions, each with cases of our own."""
import json

from bot.matching import (ANCHOR_WORDS, contains, first_anchor, may_hold, phrase_pattern, quote_words, rewording,
                          same_quote, searchable, window_anchors)

LONG = quote_words("The ferry will run every hour once the new pier opens in the spring")


def test_normalised_words_ignore_case_accents_punctuation_and_quote_style():
    assert quote_words("“Señor Díaz’s FERRY—runs,” he said") == quote_words('"senor diaz\'s ferry runs" He said')


def test_contains_needs_the_words_in_a_row():
    assert contains(LONG, quote_words("once the new pier opens"))
    assert not contains(LONG, quote_words("once the pier opens"))
    assert not contains(quote_words("new pier"), LONG)


def test_an_excerpt_of_six_words_or_more_is_the_same_quote_either_way_round():
    excerpt = quote_words("run every hour once the new pier")
    assert same_quote(LONG, excerpt) and same_quote(excerpt, LONG)
    assert not same_quote(LONG, quote_words("once the new pier opens"))  # five words
    assert same_quote(quote_words("Not now."), quote_words("not NOW"))  # short, but identical


def test_a_stored_excerpt_is_found_from_the_anchors_of_a_longer_quote():
    stored = quote_words("every hour once the new pier opens in the spring")
    assert first_anchor(stored) in window_anchors(LONG)
    assert first_anchor(quote_words("an hour on the old pier")) not in window_anchors(LONG)
    assert len(window_anchors(LONG)) == len(LONG) - ANCHOR_WORDS + 1


def test_a_short_quote_is_only_anchored_by_all_its_words():
    short = quote_words("Not now, not ever")
    assert window_anchors(short) == [first_anchor(short)]


def test_a_changed_word_is_a_rewording_with_the_difference_side_by_side():
    changes = rewording(LONG, quote_words("The ferry will run every hour once the new bridge opens in the spring"))
    assert [(c.before, c.after) for c in changes] == [("pier", "bridge")]


def test_an_excerpt_or_a_different_sentence_is_no_rewording():
    assert rewording(LONG, quote_words("run every hour once the new pier opens")) is None
    assert rewording(LONG, quote_words("Tolls on the bridge will double after the vote in June")) is None
    assert rewording(LONG, LONG) is None


def test_common_words_are_not_searched_by():
    assert searchable(quote_words("We will not be there for them")) == []
    assert searchable(quote_words("the pier and the pier")) == ["pier"]


def test_a_record_that_cannot_hold_the_words_is_skipped_before_reading_it():
    record = json.dumps({"t": "The Ferry will run, every hour"}).encode()
    assert may_hold(record, phrase_pattern(quote_words("ferry will RUN every")))
    assert not may_hold(record, phrase_pattern(quote_words("will ferry run")))  # not in this order
    assert not may_hold(record, phrase_pattern(quote_words("ferry will runs")))  # not a whole word
    accented = json.dumps({"t": "La señora Núñez lo dijo"}, ensure_ascii=False).encode()
    assert may_hold(accented, phrase_pattern(quote_words("senora nunez")))  # read whole: accents fold away
    escaped = json.dumps({"t": "ferry will\nrun"}).encode()
    assert may_hold(escaped, phrase_pattern(quote_words("will run")))  # read whole: an escape splits words
    assert not may_hold(None, phrase_pattern(["pier"]))
