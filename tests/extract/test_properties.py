from hypothesis import given, settings
from hypothesis import strategies as st

from bot.extract.marks import find_quoted_spans

QUOTEY = st.text(alphabet=st.sampled_from(list("“”\"'’‘«» \n.,:—abcXYZ said")), max_size=120)
# Word-sized pieces, so that single-quoted (British) articles with apostrophes come up often.
PIECES = ["‘", "’", "'", "“", "”", " ", " ", "\n\n", ",", ".", "—", "said", "Ann Lee", "she", "the", "don’t",
          "players’", "’90s", "O’Neil", "rock ’n’ roll", "''", "Mr."]
SINGLE_QUOTED = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@given(st.one_of(st.text(max_size=300), SINGLE_QUOTED))
def test_spans_lie_inside_any_text(text):
    for span in find_quoted_spans(text):
        assert 0 <= span.start < span.end <= len(text)


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.text(max_size=200), QUOTEY, SINGLE_QUOTED))
def test_extraction_never_fails_and_offsets_hold(quotes, text):
    for quote in quotes(text):
        assert 0 <= quote.start < quote.end <= len(text)
        assert text[quote.start:quote.end] == quote.text
