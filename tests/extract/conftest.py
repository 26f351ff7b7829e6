import pytest

from bot.extract import extract_quotes


@pytest.fixture(scope="session")
def quotes(nlp):
    """extract_quotes over a text, parsed by the session's pipeline."""
    return lambda text: extract_quotes(nlp(text))


@pytest.fixture(scope="session")
def attributed(quotes):
    """(speaker, how the speaker was found) for each quote of a text."""
    return lambda text: [(q.speaker, q.attribution) for q in quotes(text)]
