from bot.extract.marks import find_quoted_spans


def quoted(text):
    return [text[s.start:s.end] for s in find_quoted_spans(text)]


def test_curly_marks():
    assert quoted("She said “the bridge is safe,” and left.") == ["the bridge is safe,"]


def test_straight_marks():
    assert quoted('"We are ready," Ana Ruiz said. "Bring it on."') == ["We are ready,", "Bring it on."]


def test_mixed_marks_pair_up():
    assert quoted('He said "the vote was rigged” and sat down.') == ["the vote was rigged"]


def test_mark_direction_follows_context_not_glyph():
    # a closing glyph typed where the quote opens
    assert quoted("The mayor said ”we will rebuild the pier.” Then he left.") == ["we will rebuild the pier."]


def test_apostrophes_do_not_split_quotes():
    text = "“The states’ lawyers don’t agree, and that’s fine,” said Tom Hale."
    assert quoted(text) == ["The states’ lawyers don’t agree, and that’s fine,"]


def test_inches_mark_opens_nothing():
    assert quoted('The fish was 14" long. "A record," said the warden.') == ["A record,"]


def test_unbalanced_quote_stops_at_paragraph_end():
    text = "Lena Park said “nobody told us about the closure.\n\nThe store reopened on Monday."
    assert quoted(text) == ["nobody told us about the closure."]


def test_quote_continued_in_next_paragraph():
    text = ("“We moved here for the schools,” Dara Quinn said. “Then the rent doubled.\n\n"
            "“Now we are leaving for good.”")
    spans = find_quoted_spans(text)
    assert [text[s.start:s.end] for s in spans] == [
        "We moved here for the schools,", "Then the rent doubled.", "Now we are leaving for good."]
    assert [s.closed for s in spans] == [True, False, True]


def test_empty_and_markless_text():
    assert quoted("") == []
    assert quoted('""  “ ”') == []
    assert quoted("No quotes at all here.") == []
