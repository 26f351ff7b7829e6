"""A quote whose speaker the article leaves unclear is kept, shown as "speaker unclear (“he”)", and filed under
no one: no lookup by a name finds it, no conflict and no follower's news come of it; its words still find it,
and a correction names its speaker for everyone."""
from bot import follow
from bot.ingest import IngestResult
from bot.lookup import lookup, overview, parse_query
from bot.models import Article, Quote, SpeakerKind
from bot.store import Share
from handlers import present

WORDS = "The ferry will not run again until the county pays for a new ramp at the landing"


def article(n: int) -> Article:
    return Article(url=f"https://islandpost.example/ferry/{n}", text="", title=f"Ferry update {n}",
                   outlet="Island Post", date=f"2024-05-0{n}")


def unclear(text: str = WORDS) -> Quote:
    return Quote(text, 0, len(text), None, None, None, "pronoun", 0.31, "he")


def named(text: str, speaker: str) -> Quote:
    return Quote(text, 0, len(text), speaker, None, SpeakerKind.PERSON, "named", 0.97, speaker)


def save(store, team_id, n: int, *quotes: Quote) -> IngestResult:
    store.save_article(team_id, article(n), list(quotes), Share(by="UALICE", at=1.7e9 + n, channel="CDESK"))
    return IngestResult(*store.get_article(team_id, article(n).url), already_known=False)


def test_the_thread_reply_counts_it_apart_and_names_no_one_for_it(store, team_id):
    result = save(store, team_id, 1, unclear(), named("Nobody asked the islanders what they wanted", "Ida Moss"))
    assert result.summary() == "2 quotes from 1 speaker: Ida Moss (1 with the speaker unclear)"
    [kept] = [q for q in result.quotes if q.text == WORDS]
    assert (kept.speaker, kept.speaker_as_written, kept.confidence) == (None, "he", 0.31)


def test_lookups_show_it_as_unclear_and_never_under_a_name(store, team_id):
    save(store, team_id, 1, unclear(), named("Nobody asked the islanders what they wanted", "Ida Moss"))
    [found] = lookup(store, team_id, parse_query("“will not run again until the county pays”")).quotes
    assert present.speaker_line(found, present.PlainText()) == "speaker unclear (“he”)"
    assert [q.speaker for q in lookup(store, team_id, "moss", page_size=10).quotes] == ["Ida Moss"]
    assert store.find_speakers(team_id, "he") == []


def test_it_raises_no_conflict_with_a_named_speaker_of_the_same_words(store, team_id):
    save(store, team_id, 1, named(WORDS, "Ida Moss"))
    result = save(store, team_id, 2, unclear())
    assert [q.also_attributed_to for q in result.quotes] == [[]]
    assert overview(store, team_id).conflicts == []


def test_it_brings_no_news_to_anyone_s_followers(store, team_id):
    save(store, team_id, 1, named("Nobody asked the islanders what they wanted", "Ida Moss"))
    store.follow(team_id, "UFAN", store.speaker_named(team_id, "Ida Moss"))
    assert follow.hold_news(store, team_id, save(store, team_id, 2, unclear())) == []


def test_a_correction_names_its_speaker_for_everyone(store, team_id):
    [kept] = save(store, team_id, 1, unclear()).quotes
    correction = store.correct(team_id, kept.id, by="UBOB", speaker="Ida Moss")
    assert (correction.before, correction.after) == (None, "Ida Moss")
    [moss] = lookup(store, team_id, "moss").quotes
    assert moss.text == WORDS and not moss.unclear
