"""Reading what a running process tells Prometheus."""
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

Samples = dict[tuple[str, tuple], float]


def scrape(base_url: str) -> Samples:
    """Every sample of `base_url`/metrics, by name and sorted labels."""
    with urllib.request.urlopen(base_url + "/metrics", timeout=10) as response:
        assert response.status == 200
        text = response.read().decode()
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def growth(before: Samples, after: Samples, name: str, **labels: str) -> float:
    """How much a sample grew between two scrapes (a sample not yet counted counts as 0)."""
    key = (name, tuple(sorted(labels.items())))
    return after.get(key, 0) - before.get(key, 0)
