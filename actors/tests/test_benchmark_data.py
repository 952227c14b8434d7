"""The benchmark's synthetic organisations (benchmarks/actors.py), on a small scale."""

import importlib.util
from pathlib import Path

import pytest

from actors.factories import OrganisationFactory
from actors.models import Organisation

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "actors.py"


@pytest.fixture(scope="module")
def benchmark():
    spec = importlib.util.spec_from_file_location("benchmark_actors", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generate_tops_up_to_the_total_with_placed_organisations(db, benchmark):
    OrganisationFactory(source="ror", source_id="https://ror.org/0abcdef12", name="Bio One")
    OrganisationFactory(source="ror", source_id="https://ror.org/0abcdef13", country="DE")

    benchmark.generate(total=60)

    generated = Organisation.objects.filter(source=benchmark.SYNTHETIC_SOURCE)
    assert Organisation.objects.count() == 60
    assert generated.count() == 58
    assert len(set(Organisation.objects.values_list("slug", flat=True))) == 60
    assert set(generated.values_list("country", flat=True)) <= {"FR", "DE"}
    assert not generated.filter(latitude=None).exists()
    assert not generated.filter(stages=None).exists()
    assert generated.filter(technologies__isnull=False).exists()
    assert generated.published().count() > 40
    for organisation in generated[:5]:
        assert organisation.search_text == organisation.build_search_text()

    benchmark.generate(total=60)
    assert Organisation.objects.count() == 60
    benchmark.generate(total=70)
    assert Organisation.objects.count() == 70
    assert len(set(Organisation.objects.values_list("slug", flat=True))) == 70
