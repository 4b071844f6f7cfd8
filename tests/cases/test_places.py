import pytest

from cases.places import Province, SizeClass


@pytest.mark.parametrize(
    ("population", "expected"),
    [
        (1, SizeClass.LT10K),
        (9_999, SizeClass.LT10K),
        (10_000, SizeClass.K10_25),
        (24_999, SizeClass.K10_25),
        (25_000, SizeClass.K25_50),
        (49_999, SizeClass.K25_50),
        (50_000, SizeClass.K50_100),
        (99_999, SizeClass.K50_100),
        (100_000, SizeClass.GT100K),
        (565_615, SizeClass.GT100K),
    ],
)
def test_size_class_lower_bounds_are_inclusive(population, expected):
    assert SizeClass.for_population(population) == expected


def test_size_class_is_unknown_without_population():
    assert SizeClass.for_population(None) is None


@pytest.mark.parametrize("text", ["Oost-Vlaanderen", "oost-vlaanderen", " OOST-VLAANDEREN "])
def test_province_accepts_code_or_dutch_name(text):
    assert Province.from_text(text) == Province.OOST_VLAANDEREN


def test_unknown_province_is_none():
    assert Province.from_text("Zeeland") is None
