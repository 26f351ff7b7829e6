"""Attributions read off the surface of the text, for quotes whose parse gives no speaker.

The parser sometimes fails on ordinary attributions: a parenthesis in a title ("Rep. Ann Lee (D-Ore.)
said “…”"), a long description before a name, a clause run on after the verb. These functions look only
at the words and their capitals, never at the parse, for the commonest patterns:

    “…,” Halifax coach Rod Keller said.     “…,” said Rod Keller.     Keller said of the plan: “…”
    Rep. Ann Lee (D-Ore.) said “…”           Keller says the plan is “…”
    Keller, who coached here for years, said the plan was “…”
"""
from spacy.tokens import Token

from bot.extract.attribution import MAX_NAME_WORDS, QuotedDoc, QuoteTokens, after_frame, before_frame
from bot.extract.lexicon import TIME_WORDS, TITLE_WORDS

MAX_LEAD = 6
ASIDE_OPENERS = frozenset({"who", "whose", "a", "an", "the"})  # words of a description before the name, after a quote ("Halifax coach")
# Verb forms that close a surface attribution: the ones news copy uses to attribute quotes.
SURFACE_VERBS = frozenset({"said", "says", "told", "tells", "added", "adds", "wrote", "writes", "asked", "asks",
                           "explained", "explains", "noted", "notes", "recalled", "recalls", "insisted", "insists",
                           "argued", "argues", "warned", "warns", "replied", "replies", "continued", "continues",
                           "stated", "states", "declared", "declares", "tweeted", "tweets", "responded", "responds",
                           "acknowledged", "admitted", "conceded", "countered", "joked", "complained", "suggested"})


def is_attributing_verb(token: Token) -> bool:
    return token.is_lower and token.text in SURFACE_VERBS  # "States" of "United States" is a name


def is_name_word(token: Token) -> bool:
    return token.is_title and token.is_alpha and token.lower_ not in TIME_WORDS and token.lower_ not in TITLE_WORDS


def name_ending_at(tokens: list[Token], end: int) -> list[Token]:
    """The run of capitalised words ending at tokens[end], at most MAX_NAME_WORDS long."""
    start = end
    while start > 0 and end - start + 1 < MAX_NAME_WORDS and is_name_word(tokens[start - 1]):
        start -= 1
    return tokens[start:end + 1] if is_name_word(tokens[end]) else []


def name_starting_at(tokens: list[Token], start: int) -> list[Token]:
    while start < len(tokens) and tokens[start].lower_ in TITLE_WORDS:
        start += 1  # "said Sen. Ann Lee"
    end = start
    while end < len(tokens) and end - start < MAX_NAME_WORDS and is_name_word(tokens[end]):
        end += 1
    return tokens[start:end]


def name_after_quote(after: list[Token]) -> list[Token]:
    """“…,” Halifax coach Rod Keller said. / “…,” said Rod Keller."""
    words = [t for t in after if t.text not in {",", "—", "–"}]
    if words and is_attributing_verb(words[0]):
        return name_starting_at(words, 1)
    for at, token in enumerate(words[:MAX_LEAD + MAX_NAME_WORDS]):
        if is_attributing_verb(token):
            return name_ending_at(words, at - 1) if at > 0 else []
        if not (token.is_alpha or token.text == "." or token.tag_ == "POS"):  # the Post’s senior editor
            return []
    return []


def name_before_quote(before: list[Token]) -> list[Token]:
    """Rep. Ann Lee (D-Ore.) said “…” / Keller says the plan is “…”: the name right before the last
    attributing verb of the words leading up to the quote, past a parenthesis."""
    verbs = [at for at, token in enumerate(before) if is_attributing_verb(token)]
    if not verbs:
        return []
    at = verbs[-1] - 1
    if at >= 0 and before[at].text == ")":
        while at >= 0 and before[at].text != "(":
            at -= 1
        at -= 1
    if at >= 0 and before[at].text == ",":  # Sanders, who has no such endorsements, said …
        opening = name_starting_at(before, 0)
        if opening and len(before) > len(opening) and before[len(opening)].text == ",":
            return opening
        return name_before_aside(before, at)
    return name_ending_at(before, at) if at >= 0 else []


def name_before_aside(before: list[Token], comma: int) -> list[Token]:
    """Of the plan, Levine, who has voted on it twice, said …: the name right before a comma-enclosed
    aside that ends at before[comma] and opens with "who" or an appositive's article or number."""
    opening = next((at for at in range(comma - 1, 0, -1) if before[at].text == ","), None)
    if opening is None or opening + 1 >= comma or not (before[opening + 1].lower_ in ASIDE_OPENERS
                                                       or before[opening + 1].like_num):
        return []
    return name_ending_at(before, opening - 1)


def surface_speaker(qd: QuotedDoc, quote: QuoteTokens) -> list[Token]:
    """The words naming a quote's speaker in the plain text around it, or [] when none of the common
    patterns fits."""
    return name_after_quote(after_frame(qd, quote)) or name_before_quote(before_frame(qd, quote))
