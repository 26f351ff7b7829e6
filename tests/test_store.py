import uuid

import pytest

from bot.lookup import closest_names, lookup
from bot.models import Article, Quote, SpeakerKind
from bot.store import Keys, Share

pytestmark = pytest.mark.on_a_cluster_too  # the store, on a single Redis and on a Redis Cluster


def article(url="https://news.example/a", date="2024-03-01", title="Harbour plan approved"):
    return Article(url=url, text="", title=title, outlet="The Example Gazette", date=date, author="R. Writer")


def quote(text, speaker="Ana Lívia Costa", role="Harbour Commissioner", kind=SpeakerKind.PERSON):
    return Quote(text=text, start=0, end=len(text), speaker=speaker, role=role, speaker_kind=kind)


def test_article_round_trip_keeps_metadata_quotes_and_order(store, team_id):
    quotes = [quote("The dredging starts in May,"), quote("We owe the fishermen a straight answer.", "Tom Reyes", None)]
    store.save_article(team_id, article(), quotes, Share("U1"))
    stored, found = store.get_article(team_id, "https://news.example/a")
    assert (stored.title, stored.outlet, stored.date, stored.shared_by) == (
        "Harbour plan approved", "The Example Gazette", "2024-03-01", "U1")
    assert [(q.text, q.speaker, q.role) for q in found] == [
        ("The dredging starts in May,", "Ana Lívia Costa", "Harbour Commissioner"),
        ("We owe the fishermen a straight answer.", "Tom Reyes", None)]


def test_unknown_article_is_none(store, team_id):
    assert store.get_article(team_id, "https://news.example/missing") is None


def test_a_quote_is_stored_once_with_every_article_it_appeared_in(store, team_id):
    store.save_article(team_id, article("https://a.example/1", "2024-01-01"), [quote("The harbour will stay open.")],
                       Share("U1"))
    store.save_article(team_id, article("https://b.example/2", "2024-02-01", "Second take"),
                       [quote("the harbour will  stay open")], Share("U2"))
    result = lookup(store, team_id, "costa")
    assert result.total == 1
    assert result.quotes[0].article_count == 2
    assert result.quotes[0].article.url == "https://b.example/2"  # the newest article carries it


def test_same_words_by_different_speakers_are_different_quotes(store, team_id):
    store.save_article(team_id, article(), [quote("We will win.", "Ana Costa"), quote("We will win.", "Tom Reyes")],
                       Share("U1"))
    _, stored = store.get_article(team_id, "https://news.example/a")
    assert [(q.text, q.speaker) for q in stored] == [("We will win.", "Ana Costa"), ("We will win.", "Tom Reyes")]
    assert len({q.id for q in stored}) == 2
    for name in ("Ana Costa", "Tom Reyes"):
        [said] = lookup(store, team_id, name).quotes
        assert (said.text, said.speaker) == ("We will win.", name)


def test_quote_marks_case_and_contractions_written_differently_are_the_same_quote(store, team_id):
    store.save_article(team_id, article("https://a.example/1", "2024-01-01"), [quote("“We’ll WIN,”")], Share("U1"))
    store.save_article(team_id, article("https://b.example/2", "2024-02-01"), [quote('"we\'ll win"')], Share("U2"))
    [said] = lookup(store, team_id, "costa").quotes
    assert said.article_count == 2


def test_lookup_ignores_case_accents_and_takes_any_part_of_the_name(store, team_id):
    store.save_article(team_id, article(), [quote("The dredging starts in May.")], Share("U1"))
    for query in ("costa", "COSTA", "Ana Livia Costa", "lívia", "ana costa", "cos"):
        assert [s.name for s in lookup(store, team_id, query).speakers] == ["Ana Lívia Costa"], query
    assert lookup(store, team_id, "ana reyes").speakers == []


def test_lookup_returns_newest_first_and_caps_the_list(store, team_id):
    for month in range(1, 13):
        store.save_article(team_id, article(f"https://a.example/{month}", f"2023-{month:02d}-10"),
                           [quote(f"Report number {month} is on the desk.")], Share("U1"))
    result = lookup(store, team_id, "costa", page_size=5)
    assert result.total == 12
    assert [q.text for q in result.quotes] == [f"Report number {m} is on the desk." for m in (12, 11, 10, 9, 8)]


def test_no_match_suggests_the_closest_speakers(store, team_id):
    store.save_article(team_id, article(), [quote("One.", "Mike Pompeo"), quote("Two.", "Mark Esper"),
                                            quote("Three.", "Nina Patel")], Share("U1"))
    result = lookup(store, team_id, "pompio")
    assert result.speakers == [] and result.suggestions[0] == "Mike Pompeo"
    assert closest_names("zzzz", ["Mike Pompeo"]) == []


def test_groups_are_kept_and_marked(store, team_id):
    store.save_article(team_id, article(), [quote("Down with the toll!", "dock workers", None, SpeakerKind.GROUP)],
                       Share("U1"))
    [speaker] = lookup(store, team_id, "dock").speakers
    assert speaker.kind is SpeakerKind.GROUP


def test_workspaces_never_see_each_other(store, team_id):
    store.save_article(team_id, article(), [quote("Our numbers are sound.")], Share("U1"))
    other = team_id + "X"
    assert lookup(store, other, "costa").speakers == []
    assert lookup(store, other, "costa").suggestions == []
    assert store.get_article(other, "https://news.example/a") is None


def test_keys_carry_the_workspace_as_hash_tag(store, team_id):
    store.save_article(team_id, article(), [quote("Our numbers are sound.")], Share("U1"))
    keys = list(store.redis.scan_iter(match=f"{Keys(team_id).prefix}*"))
    assert keys and all(k.decode().startswith(f"qb:{{{team_id}}}:") for k in keys)


def test_each_event_is_claimed_once(store, team_id):
    assert store.claim_event(team_id, "Ev1") is True
    assert store.claim_event(team_id, "Ev1") is False
    assert store.claim_event(team_id, "Ev2") is True


def test_quotes_of_one_article_keep_their_order(store, team_id):
    texts = [f"Point number {n} stands on its own." for n in range(1, 8)]
    store.save_article(team_id, article(), [quote(t) for t in texts], Share("U1"))
    assert [q.text for q in lookup(store, team_id, "costa", page_size=10).quotes] == texts


def test_a_possessor_is_not_the_speaker(store, team_id):
    store.save_article(team_id, article(), [quote("No comment at this time.", "Costa’s spokesman", None),
                                            quote("We stand by the plan.", "the mayor's office", None,
                                                  SpeakerKind.ORGANISATION)], Share("U1"))
    assert lookup(store, team_id, "costa").speakers == []
    assert [s.name for s in lookup(store, team_id, "spokesman").speakers] == ["Costa’s spokesman"]
    assert [s.name for s in lookup(store, team_id, "office").speakers] == ["the mayor's office"]


def test_suggestions_come_from_names_near_the_query_among_many(store, team_id):
    fillers = [quote(f"Filler line {n} for the record.", f"Person{n:04d} Example") for n in range(600)]
    store.save_article(team_id, article(), fillers + [quote("We hold the line.", "Mike Pompeo")], Share("U1"))
    assert lookup(store, team_id, "Mike Pompio").suggestions[0] == "Mike Pompeo"
    assert "Mike Pompeo" in store.names_near(team_id, "pompio")
    assert len(store.names_near(team_id, "person", per_word=10)) <= 20


def test_a_bare_possessive_speaker_does_not_lose_the_article(store, team_id):
    store.save_article(team_id, article(), [quote("Something was said here.", "Costa’s", None),
                                            quote("And something else was said.")], Share("U1"))
    _, quotes = store.get_article(team_id, "https://news.example/a")
    assert len(quotes) == 2


def test_pages_cover_every_quote_once_newest_first_across_speakers(store, team_id):
    for month in range(1, 8):
        store.save_article(team_id, article(f"https://a.example/{month}", f"2023-{month:02d}-10"),
                           [quote(f"Costa said {month}.", "Ana Costa"), quote(f"Reyes said {month}.", "Tom Costa")],
                           Share("U1"))
    pages = [lookup(store, team_id, "costa", page=n, page_size=4) for n in (1, 2, 3, 4)]
    assert [(p.page, p.pages, p.total, p.first_shown) for p in pages] == [(1, 4, 14, 1), (2, 4, 14, 5),
                                                                          (3, 4, 14, 9), (4, 4, 14, 13)]
    months = [int(q.text.split()[-1].rstrip(".")) for p in pages for q in p.quotes]
    assert months == sorted(months, reverse=True) and len(months) == 14
    assert len({q.text for p in pages for q in p.quotes}) == 14


def test_a_page_past_the_end_shows_the_last_page(store, team_id):
    store.save_article(team_id, article(), [quote(f"Line {n} of the plan stands.") for n in range(3)], Share("U1"))
    result = lookup(store, team_id, "costa", page=9, page_size=2)
    assert (result.page, result.pages, [q.text for q in result.quotes]) == (2, 2, ["Line 2 of the plan stands."])


def test_the_message_an_article_was_shared_in_is_kept(store, team_id):
    jump = "https://discord.com/channels/1/2/3"
    store.save_article(team_id, article(), [quote("The dredging starts in May.")], Share("42", link=jump))
    stored, _ = store.get_article(team_id, "https://news.example/a")
    assert stored.shared_in == jump
    assert lookup(store, team_id, "costa").quotes[0].article.shared_in == jump


def test_channel_modes_are_kept_per_workspace_and_channel(store, team_id):
    assert store.channel_mode(team_id, "C1") is None
    store.set_channel_mode(team_id, "C1", "thread")
    assert (store.channel_mode(team_id, "C1"), store.channel_mode(team_id, "C2")) == ("thread", None)
    assert store.channel_mode(team_id + "X", "C1") is None


def test_a_discord_server_and_a_slack_workspace_never_share_keys(store):
    guild = str(uuid.uuid4().int)[:18]  # a Slack workspace whose id were the server's id still sees nothing
    store.save_article(f"discord:{guild}", article(), [quote("Our numbers are sound.")], Share("42"))
    assert Keys(f"discord:{guild}").prefix != Keys(guild).prefix
    assert lookup(store, guild, "costa").speakers == []
    assert [s.name for s in lookup(store, f"discord:{guild}", "costa").speakers] == ["Ana Lívia Costa"]


def test_purging_a_workspace_removes_its_data_keeps_its_installation_and_generation_and_spares_others(store,
                                                                                                      team_id):
    neighbour = team_id + "N"
    for team in (team_id, neighbour):
        store.save_article(team, article(), [quote("The harbour will stay open.")], Share("U1"))
        store.claim_event(team, "Ev1")
    store.redis.hset(Keys(team_id).installation(), "bot_token", "xoxb-kept")
    assert store.purge_workspace(team_id, batch=2) > 3  # several batches
    assert sorted(store.redis.scan_iter(match=Keys(team_id).everything())) == [
        Keys(team_id).generation().encode(), Keys(team_id).installation().encode()]
    assert store.generation(team_id) == 1 and store.generation(neighbour) == 0
    assert store.get_article(team_id, "https://news.example/a") is None
    assert lookup(store, neighbour, "costa").total == 1 and not store.claim_event(neighbour, "Ev1")


def test_purging_a_discord_server_removes_its_channel_modes_too_and_spares_a_workspace_with_its_id(store):
    guild = str(uuid.uuid4().int)[:18]
    server = f"discord:{guild}"
    for team in (server, guild):
        store.save_article(team, article(), [quote("The harbour will stay open.")], Share("42"))
        store.set_channel_mode(team, "C1", "thread")
    assert store.purge_workspace(server) > 3
    assert list(store.redis.scan_iter(match=Keys(server).everything())) == [Keys(server).generation().encode()]
    assert store.channel_mode(server, "C1") is None and lookup(store, server, "costa").speakers == []
    assert lookup(store, guild, "costa").total == 1 and store.channel_mode(guild, "C1") == "thread"


def test_a_lookup_kept_for_its_buttons_is_found_by_a_short_key(store, team_id):
    text = "harbour master " * 20
    key = store.keep_query(team_id, text)
    assert len(key) == 16 and store.keep_query(team_id, text) == key
    assert store.kept_query(team_id, key) == text and store.kept_query(f"{team_id}X", key) is None
    assert 0 < store.redis.ttl(Keys(team_id).kept_query(key)) <= 7 * 86400
