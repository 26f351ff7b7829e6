from hypothesis import given, settings
from hypothesis import strategies as st

from bot.extract import extract_quotes
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


# Pieces of articles of our own: headings and labels, dates, times, numbers and sums standing where a speaker
# might, and quotes attributed every which way.
LINES = ["Story continues below advertisement", "READ MORE: Council votes on the harbour budget", "By Tom Hale",
         "Mayor Ruth Ames spoke first at the hall.", "Kestrel Power issued a statement on Friday.",
         "On Monday, March 4, the council met for six hours.", "The plan costs $4.5 million over 10 years.",
         "About 40 per cent of residents agreed, and three of them left early.",
         "“We will fix the pier by spring,” she said.", "“It will cost more than anyone thinks,” he said on Tuesday.",
         "“Not this year, and not the next,” said 2019.", "“Prices rose again in the spring,” 40 per cent said.",
         "“We are ready for the storm,” Monday said.", "“The vote was close,” $4.5 million said.",
         "At 8 a.m. Eastern: “The polls are open now across the county.”", "OUR VIEW: “Build the seawall now.”",
         "“Three of us stayed behind to help,” it said.", "The council said: “We expect the report in June.”"]
NOT_SPEAKERS = {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=8))
def test_no_speaker_is_a_date_a_number_a_sum_or_a_heading(nlp, lines):
    text = "\n\n".join(lines)
    doc = nlp(text)
    not_speakers = {ent.text for ent in doc.ents if ent.label_ in NOT_SPEAKERS} | {
        line for line in lines if not line.rstrip("”").endswith((".", "!", "?"))}
    for quote in extract_quotes(doc, threshold=0.0):
        if quote.speaker:
            assert not any(c.isdigit() for c in quote.speaker), (quote.speaker, text)
            assert quote.speaker not in not_speakers and quote.speaker_as_written not in not_speakers, text
