"""The fact-checker's lookup on a real Redis: provenance across outlets, conflicting attributions, possible
misquotes, search by words, filters and pages, corrections, following, export and the overview.

The stories are ours: a dock strike covered by three outlets that excerpt, reword and misattribute each
other's quotes."""
import csv
import io
import json

import pytest

from bot import export, follow
from bot.ingest import IngestResult
from bot.lookup import Query, QueryError, lookup, overview, parse_query, with_filters
from bot.models import Article, Quote, SpeakerKind
from bot.store import Filters, Keys, Share

pytestmark = pytest.mark.on_a_cluster_too  # the store, on a single Redis and on a Redis Cluster

FULL = "We will stay out until every crane operator has a contract that respects the night shift"
EXCERPT = "every crane operator has a contract that respects the night shift"
REWORDED = "We will stay out until every crane operator has a deal that respects the night shift"
OWNER = "The port cannot pay for promises made by people who never ran a terminal"
HOUR = 3600  # the quiet time between two messages to a follower about one speaker


def article(n: int, outlet: str, day: str | None, title: str | None = None) -> Article:
    return Article(url=f"https://{outlet.lower().replace(' ', '')}.example/strike/{n}", text="",
                   title=title or f"Dock strike, day {n}", outlet=outlet, date=day)


def said(text: str, speaker: str | None, role: str | None = None) -> Quote:
    return Quote(text=text, start=0, end=len(text), speaker=speaker, role=role,
                 speaker_kind=SpeakerKind.PERSON if speaker else None, attribution="named" if speaker else None)


def save(store, team_id, outlet_article: Article, *quotes: Quote, by="UALICE", channel="CDESK", at=1.7e9):
    store.save_article(team_id, outlet_article, list(quotes), Share(by=by, at=at, channel=channel))
    return IngestResult(*store.get_article(team_id, outlet_article.url), already_known=False)


@pytest.fixture
def courier(store, team_id):
    """The first report, with the union leader's full quote and the port's chief executive."""
    return save(store, team_id, article(1, "Harbour Courier", "2024-03-02"),
                said(FULL, "Marta Quintero", "union leader"), said(OWNER, "Elliot Vance"))


# Provenance

def test_an_excerpt_in_another_outlet_is_the_same_quote_with_both_articles(store, team_id, courier):
    save(store, team_id, article(2, "Coastline Daily", "2024-03-04"), said(EXCERPT, "Quintero"))
    [quote] = lookup(store, team_id, "quintero").quotes
    assert quote.text == FULL
    assert [a.outlet for a in quote.articles] == ["Harbour Courier", "Coastline Daily"]
    assert quote.first_seen.outlet == "Harbour Courier" and quote.first_seen.day == "2024-03-02"
    assert quote.also_attributed_to == [] and quote.variants == []


def test_first_is_the_earliest_publication_even_when_shared_later(store, team_id):
    save(store, team_id, article(2, "Coastline Daily", "2024-03-04"), said(EXCERPT, "Marta Quintero"), at=1.8e9)
    save(store, team_id, article(1, "Harbour Courier", "2024-03-02"), said(FULL, "Marta Quintero"), at=1.9e9)
    [quote] = lookup(store, team_id, "quintero").quotes
    assert quote.first_seen.outlet == "Harbour Courier"
    assert quote.text == FULL  # the longer wording is kept, and found by its words
    assert lookup(store, team_id, parse_query('"stay out until every crane"')).total == 1


def test_without_a_date_the_share_time_orders_the_articles(store, team_id):
    save(store, team_id, article(1, "Harbour Courier", None), said(FULL, "Marta Quintero"), at=1_709_500_000)
    save(store, team_id, article(2, "Coastline Daily", "2024-03-01"), said(EXCERPT, "Marta Quintero"))
    [quote] = lookup(store, team_id, "quintero").quotes
    assert [a.outlet for a in quote.articles] == ["Coastline Daily", "Harbour Courier"]
    assert quote.articles[1].day == "2024-03-03"  # the day it was shared


def test_a_run_of_fewer_than_six_words_is_not_the_same_quote(store, team_id, courier):
    save(store, team_id, article(2, "Coastline Daily", "2024-03-04"),
         said("respects the night shift", "Marta Quintero"))
    assert lookup(store, team_id, "quintero").total == 2


def test_a_short_name_and_the_full_name_are_the_same_speaker(store, team_id, courier):
    result = save(store, team_id, article(2, "Coastline Daily", "2024-03-04"), said(EXCERPT, "Quintero"))
    [quote] = result.quotes
    assert quote.speaker == "Marta Quintero" and quote.also_attributed_to == []


def test_an_unattributed_excerpt_takes_the_speaker_named_elsewhere(store, team_id, courier):
    result = save(store, team_id, article(2, "Coastline Daily", "2024-03-04"), said(EXCERPT, None))
    assert [q.speaker for q in result.quotes] == ["Marta Quintero"]


def test_how_a_speaker_was_found_is_kept_and_a_naming_article_outweighs_an_inferred_one(store, team_id):
    inferred = Quote(text=FULL, start=0, end=len(FULL), speaker="Marta Quintero", speaker_kind=SpeakerKind.PERSON,
                     attribution="pronoun")
    save(store, team_id, article(1, "Harbour Courier", "2024-03-02"), inferred)
    assert lookup(store, team_id, "quintero").quotes[0].attribution == "pronoun"
    save(store, team_id, article(2, "Coastline Daily", "2024-03-04"), said(EXCERPT, "Marta Quintero"))
    assert lookup(store, team_id, "quintero").quotes[0].attribution == "named"


# Conflicting attributions and misquotes

def test_the_same_words_credited_to_someone_else_are_linked_both_ways(store, team_id, courier):
    wire = save(store, team_id, article(3, "Northern Wire", "2024-03-05"), said(EXCERPT, "Dana Whitlock"))
    [credited] = wire.quotes
    assert [(o.speaker, [a.outlet for a in o.articles]) for o in credited.also_attributed_to] == [
        ("Marta Quintero", ["Harbour Courier"])]
    [original] = lookup(store, team_id, "quintero").quotes
    assert [(o.speaker, [a.outlet for a in o.articles]) for o in original.also_attributed_to] == [
        ("Dana Whitlock", ["Northern Wire"])]
    assert {q.id for q in overview(store, team_id).conflicts} == {credited.id, original.id}


def test_the_same_speaker_worded_differently_is_a_possible_misquote(store, team_id, courier):
    result = save(store, team_id, article(2, "Coastline Daily", "2024-03-04"), said(REWORDED, "Marta Quintero"))
    [reworded] = result.quotes
    [variant] = reworded.variants
    assert variant.text == FULL and [a.outlet for a in variant.articles] == ["Harbour Courier"]
    assert [(c.before, c.after) for c in variant.changes] == [("deal", "contract")]
    original = next(q for q in lookup(store, team_id, "quintero", page_size=10).quotes if q.text == FULL)
    assert [(c.before, c.after) for c in original.variants[0].changes] == [("contract", "deal")]


def test_different_words_of_one_speaker_are_no_misquote(store, team_id, courier):
    result = save(store, team_id, article(2, "Coastline Daily", "2024-03-04"),
                  said("Nobody on this picket line wants the ships to rot at anchor", "Marta Quintero"))
    assert result.quotes[0].variants == []


# Search by words

def test_who_said_finds_the_words_in_order_with_their_speaker(store, team_id, courier):
    result = lookup(store, team_id, parse_query("“promises made by people”"))
    assert [(q.speaker, q.text) for q in result.quotes] == [("Elliot Vance", OWNER)]
    assert lookup(store, team_id, parse_query("“people made promises”")).total == 0


def test_who_said_ignores_case_accents_and_punctuation(store, team_id, courier):
    assert lookup(store, team_id, parse_query('"CRANE-OPERATOR has a contract"')).total == 1


def test_words_too_common_to_search_are_refused_with_a_reason(store, team_id, courier):
    with pytest.raises(QueryError, match="too common"):
        lookup(store, team_id, parse_query('"it is what it is"'))


# Filters and pages

@pytest.fixture
def season(store, team_id):
    """Twelve months of one speaker in two outlets, shared in two channels."""
    for month in range(1, 13):
        outlet = "Harbour Courier" if month % 2 else "Coastline Daily"
        save(store, team_id, article(month, outlet, f"2024-{month:02d}-15"),
             said(f"Month {month} of talks brought the two sides no closer", "Marta Quintero"),
             channel="CDESK" if month <= 6 else "CPORT")


def test_filters_narrow_by_date_outlet_and_channel_with_exact_totals(store, team_id, season):
    def months(query):
        result = lookup(store, team_id, parse_query(query), page_size=20)
        assert result.total == len(result.quotes)
        return [int(q.text.split()[1]) for q in result.quotes]

    assert months("quintero since:2024-10-01") == [12, 11, 10]
    assert months("quintero until:2024-02-15") == [2, 1]
    assert months("quintero outlet:coastline") == [12, 10, 8, 6, 4, 2]
    assert months("quintero outlet:harbour since:2024-05-01 until:2024-09-30") == [9, 7, 5]
    assert months("quintero in:<#CPORT|port>") == [12, 11, 10, 9, 8, 7]
    assert months("quintero in:#CDESK outlet:courier") == [5, 3, 1]
    assert months('"two sides no closer" since:2024-12-01') == [12]
    assert months("quintero outlet:nowhere") == []


def test_pages_cover_every_quote_once_and_always_carry_the_total(store, team_id, season):
    seen = []
    for page in (1, 2, 3):
        result = lookup(store, team_id, "quintero", page=page, page_size=5)
        assert (result.total, result.pages, result.page) == (12, 3, page)
        seen += [q.id for q in result.quotes]
    assert len(seen) == len(set(seen)) == 12


def test_a_bad_filter_says_what_it_expects():
    with pytest.raises(QueryError, match="2024-03-01"):
        parse_query("quintero since:last-week")


def test_filters_given_apart_from_the_text_are_checked_and_take_the_place_of_typed_ones():
    query = with_filters(parse_query("vance since:2024-01-05"), since="2024-02-01", outlet="wire", **{"in": "#desk"})
    assert query.filters == Filters(since="2024-02-01", outlet="wire", channel="desk")
    with pytest.raises(QueryError, match="`until:` takes a date"):
        with_filters(query, until="soon")


def test_a_query_reads_back_as_typed():
    query = parse_query('vance outlet:"Northern Wire" since:2024-01-05')
    assert query == Query("vance", False, Filters(since="2024-01-05", outlet="Northern Wire"))
    assert parse_query(str(query)) == query


# Corrections

def test_a_wrong_speaker_is_corrected_for_everyone_and_for_later_articles(store, team_id, courier):
    wire = save(store, team_id, article(3, "Northern Wire", "2024-03-05"), said(OWNER, "Dana Whitlock"))
    [misattributed] = wire.quotes
    correction = store.correct(team_id, misattributed.id, by="UBOB", speaker="Elliot Vance")
    assert (correction.before, correction.after, correction.by) == ("Dana Whitlock", "Elliot Vance", "UBOB")
    assert lookup(store, team_id, "whitlock").total == 0
    assert lookup(store, team_id, "whitlok").suggestions == []  # no quotes of theirs are left to suggest
    vance = lookup(store, team_id, "vance", page_size=10)
    assert [q.text for q in vance.quotes].count(OWNER) == 2
    # a later article crediting the words to the same wrong speaker follows the correction
    later = save(store, team_id, article(4, "Northern Wire", "2024-03-06"), said(OWNER, "Dana Whitlock"))
    assert [q.speaker for q in later.quotes] == ["Elliot Vance"]
    assert store.corrections(team_id)[0].id == correction.id


def test_a_correction_settles_the_conflict_it_resolves(store, team_id, courier):
    [credited] = save(store, team_id, article(3, "Northern Wire", "2024-03-05"), said(EXCERPT, "Dana Whitlock")).quotes
    store.correct(team_id, credited.id, by="UBOB", speaker="Marta Quintero")
    quotes = lookup(store, team_id, "quintero", page_size=10).quotes
    assert len(quotes) == 2 and all(q.also_attributed_to == [] for q in quotes)
    assert overview(store, team_id).conflicts == []


def test_not_a_quote_hides_it_now_and_when_it_runs_again(store, team_id, courier):
    slogan = "Fair pay for the night shift and the day shift"
    [flagged] = save(store, team_id, article(2, "Coastline Daily", "2024-03-04"), said(slogan, "Marta Quintero")).quotes
    store.correct(team_id, flagged.id, by="UBOB", speaker=None)
    assert all(q.text != slogan for q in lookup(store, team_id, "quintero", page_size=10).quotes)
    again = save(store, team_id, article(3, "Northern Wire", "2024-03-05"), said(slogan, "Someone Else"))
    assert again.quotes == []


def test_a_correction_can_be_reverted(store, team_id, courier):
    [owner] = [q for q in courier.quotes if q.speaker == "Elliot Vance"]
    correction = store.correct(team_id, owner.id, by="UBOB", speaker="Dana Whitlock")
    reverted = store.revert(team_id, correction.id, by="UADMIN")
    assert reverted.reverted_by == "UADMIN" and not reverted.active
    [back] = lookup(store, team_id, "vance").quotes
    assert back.text == OWNER and back.correction is None
    assert lookup(store, team_id, "whitlock").total == 0


# Following

def test_followers_get_new_quotes_at_most_once_an_hour_and_the_rest_later(store, team_id, courier):
    [speaker] = store.find_speakers(team_id, "quintero")
    store.follow(team_id, "UFAN", speaker)
    first = save(store, team_id, article(2, "Coastline Daily", "2024-03-04"),
                 said("The ballot closes on Friday and every member will vote", "Marta Quintero"))
    assert follow.hold_news(store, team_id, first) == [("UFAN", speaker.id)]
    news = follow.release_news(store, team_id, "UFAN", speaker.id, HOUR)
    assert news.speaker == "Marta Quintero" and [q.text for q in news.quotes] == [first.quotes[0].text]
    second = save(store, team_id, article(3, "Coastline Daily", "2024-03-05"),
                  said("Members voted to go back to work on Monday morning", "Marta Quintero"))
    follow.hold_news(store, team_id, second)
    assert follow.release_news(store, team_id, "UFAN", speaker.id, HOUR) is None  # within the hour: held
    assert 0 < store.quiet_left(team_id, "UFAN", speaker.id) <= HOUR
    store.redis.delete(Keys(team_id).news_sent("UFAN", speaker.id))  # the hour is up
    later = follow.release_news(store, team_id, "UFAN", speaker.id, HOUR)
    assert [q.text for q in later.quotes] == [second.quotes[0].text]


def test_a_quote_that_ran_before_is_no_news(store, team_id, courier):
    [speaker] = store.find_speakers(team_id, "quintero")
    store.follow(team_id, "UFAN", speaker)
    again = save(store, team_id, article(2, "Coastline Daily", "2024-03-04"), said(EXCERPT, "Marta Quintero"))
    assert follow.hold_news(store, team_id, again) == []


# Export and overview

def test_export_has_one_row_per_quote_and_article(store, team_id, courier):
    save(store, team_id, article(2, "Coastline Daily", "2024-03-04"), said(EXCERPT, "Marta Quintero"))
    save(store, team_id, article(3, "Northern Wire", "2024-03-05"), said(EXCERPT, "Dana Whitlock"))
    out = io.StringIO()
    count = export.write(export.quotes_to_export(store, team_id, parse_query("quintero")), out, "csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert count == 2 and list(rows[0]) == export.COLUMNS
    assert [(r["outlet"], r["date"], r["speaker"]) for r in rows] == [
        ("Harbour Courier", "2024-03-02", "Marta Quintero"), ("Coastline Daily", "2024-03-04", "Marta Quintero")]
    assert all("Dana Whitlock" in r["conflicts"] for r in rows)
    whole = io.StringIO()
    export.write(export.quotes_to_export(store, team_id, None), whole, "jsonl")
    assert {json.loads(line)["speaker"] for line in whole.getvalue().splitlines()} == {
        "Marta Quintero", "Elliot Vance", "Dana Whitlock"}


def test_the_overview_lists_latest_articles_and_the_weeks_most_quoted(store, team_id, courier):
    save(store, team_id, article(2, "Coastline Daily", "2024-03-04"), said(OWNER, "Elliot Vance"),
         said("We have offered arbitration twice this month", "Elliot Vance"), at=None)
    summary = overview(store, team_id)
    assert [a.outlet for a in summary.articles] == ["Coastline Daily", "Harbour Courier"]
    assert summary.top_speakers[0] == ("Elliot Vance", 2)
