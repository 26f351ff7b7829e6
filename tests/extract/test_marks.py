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


BRITISH = ("‘We kept the lights on all winter,’ said Nora Pratt, who runs the village hall. "
           "‘Nobody ever thanks the boiler.’\n\n"
           "The hall’s trustees called the grant ‘a lifeline’.")


def test_single_marks_quote_when_the_article_quotes_with_them():
    assert quoted(BRITISH) == ["We kept the lights on all winter,", "Nobody ever thanks the boiler.", "a lifeline"]


def test_straight_single_marks_quote_too():
    text = "'The ferry is late again,' said Ivo Marsh. 'It is late every Friday.'"
    assert quoted(text) == ["The ferry is late again,", "It is late every Friday."]


def test_apostrophes_never_open_or_close_a_quote():
    text = ("‘I don’t miss the ’80s,’ said Seamus O’Toole, who sold rock ’n’ roll records. "
            "‘The dealers’ prices were a scandal, and the bands’ were worse.’")
    assert quoted(text) == ["I don’t miss the ’80s,",
                            "The dealers’ prices were a scandal, and the bands’ were worse."]


def test_a_plural_possessive_closes_a_quote_when_nothing_surer_follows():
    text = "‘Ask the players’ union,’ she said. Fans called it ‘a farce for the players’ in the end. ‘Fine.’"
    assert quoted(text) == ["Ask the players’ union,", "a farce for the players", "Fine."]


def test_double_marks_inside_a_single_quote_belong_to_it():
    text = "‘They told us “ten more minutes” three times,’ he said. ‘Then they sent us home.’"
    assert quoted(text) == ["They told us “ten more minutes” three times,", "Then they sent us home."]


def test_single_marks_inside_a_double_quote_are_no_quotes_of_their_own():
    text = "“She leaned over and said, ‘Just breathe,’ and I did,” Kim Lowe said. “It worked.”"
    assert quoted(text) == ["She leaned over and said, ‘Just breathe,’ and I did,", "It worked."]


def test_a_stray_apostrophe_does_not_swallow_a_paragraph():
    text = "‘We won,’ Ana said.\n\nThe Joneses’ dog and the ’90s band were there.\n\n‘Good,’ said Ben."
    assert quoted(text) == ["We won,", "Good,"]


def test_one_single_quoted_title_does_not_make_an_article_single_quoted():
    text = "Critics panned ‘Harbour Lights’ on Friday, and the director did not comment."
    assert quoted(text) == []


def test_doubled_single_marks_leave_the_article_double_quoted():
    text = "''We can win this,'' she said, adding that 'momentum' and 'grit' mattered."
    assert quoted(text) == []


def test_a_single_mark_typed_for_a_double_one_closes_the_quote():
    text = "Mayor Lee posted: “We open at noon. Bring the kids.’ The post was shared widely."
    assert quoted(text) == ["We open at noon. Bring the kids."]


def test_a_quote_inside_a_single_quote_typed_with_an_apostrophe_stays_inside():
    text = ("‘At the gate I told the guard, ’My son is on that boat.’ He let me through,’ Ines Dale said. "
            "‘I ran.’ Her neighbour agreed: ‘We all ran.’")
    assert quoted(text) == ["At the gate I told the guard, ’My son is on that boat.’ He let me through,", "I ran.",
                            "We all ran."]
    text = "‘’Mayor’ is a title, nothing more,’ he wrote. ‘I will keep the job.’ Then he left."
    assert quoted(text)[0] == "’Mayor’ is a title, nothing more,"


def test_a_quote_inside_a_single_quote_with_an_opening_mark_stays_inside():
    text = ("Ross, who once ran the depot, laughed. ‘The drivers shouted, ‘Ross, the gate is stuck again,’ "
            "and I went out with a hammer,’ he said. ‘Every single night.’")
    assert quoted(text) == ["The drivers shouted, ‘Ross, the gate is stuck again,’ and I went out with a hammer,",
                            "Every single night."]


def test_a_closing_mark_typed_as_an_opening_one_still_closes():
    text = "‘We will appeal the ruling today,‘ said Ana Ruiz. ‘This is not over.’"
    assert quoted(text) == ["We will appeal the ruling today,", "This is not over."]


def test_a_closing_mark_typed_as_two_apostrophes_closes():
    text = "The jury found the evidence ‘thin but honest’’ in the end. ‘It was close,’ Lee said."
    assert quoted(text) == ["thin but honest", "It was close,"]


def test_a_quote_left_unclosed_ends_where_the_next_opens_after_a_sentence():
    assert quoted("“The tolls will go up in May. “Nobody likes it,” she said.") == [
        "The tolls will go up in May.", "Nobody likes it,"]
    assert quoted("‘The tolls will go up in May. ‘Nobody likes it,’ she said. ‘Nobody.’") == [
        "The tolls will go up in May.", "Nobody likes it,", "Nobody."]


def test_one_sentence_in_single_marks_is_a_quote_where_no_double_marks_quote():
    text = "Lund has sat on the ferry board for a decade. ‘Who would vote for a fare rise in winter?’ She did, twice."
    assert quoted(text) == ["Who would vote for a fare rise in winter?"]
