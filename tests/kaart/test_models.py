"""Pure rules of the sociale kaart: postcodes, the twelve-month rule, queries, what revisions keep."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from content.kaart.models import Voorziening, normalise_postcode, stale_cutoff
from content.search import clean_search_query as clean_query

from .factories import VoorzieningFactory


@pytest.mark.parametrize(
    "raw, expected", [("2711ab", "2711 AB"), (" 2719 AL ", "2719 AL"), ("1234 Xy", "1234 XY")]
)
def test_postcodes_are_normalised(raw, expected):
    assert normalise_postcode(raw) == expected


@pytest.mark.parametrize(
    "raw", ["0123 AB", "12345 AB", "2711", "2711 SS", "2711 SA", "AB 2711", "", "2711 A1"]
)
def test_non_dutch_postcodes_are_refused(raw):
    with pytest.raises(ValidationError):
        normalise_postcode(raw)


@given(st.text(max_size=20))
def test_postcode_check_never_crashes_on_any_input(raw):
    try:
        result = normalise_postcode(raw)
    except ValidationError:
        return
    assert len(result) == 7 and result[4] == " "


@given(st.text(max_size=400))
def test_clean_query_only_keeps_word_characters(raw):
    cleaned = clean_query(raw)
    assert len(cleaned) <= 200
    assert all(ch.isalnum() or ch in " -'_" for ch in cleaned)


def test_stale_cutoff_is_twelve_months_back_also_on_leap_days():
    assert stale_cutoff(datetime.date(2026, 5, 10)) == datetime.date(2025, 5, 10)
    assert stale_cutoff(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)


@pytest.mark.django_db
def test_location_form_validation_normalises_the_postcode():
    entry = VoorzieningFactory(locations=[("", "Dorpsstraat 1", "2712 AB")])
    location = entry.locations.first()
    location.postcode = "2712ab"
    location.full_clean()
    assert location.postcode == "2712 AB"
    location.postcode = "nope"
    with pytest.raises(ValidationError):
        location.full_clean()


@pytest.mark.django_db
def test_age_range_is_validated_and_constrained():
    entry = VoorzieningFactory()
    entry.min_age, entry.max_age = 12, 4
    with pytest.raises(ValidationError):
        entry.clean()
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Voorziening.objects.filter(pk=entry.pk).update(min_age=12, max_age=4)


@pytest.mark.django_db
def test_restoring_a_revision_keeps_the_check_of_the_live_row():
    entry = VoorzieningFactory(checked_days=400)
    old_revision = entry.latest_revision
    Voorziening.objects.filter(pk=entry.pk).update(last_checked_on=datetime.date.today())
    live = Voorziening.objects.get(pk=entry.pk)
    restored = live.with_content_json(old_revision.content)
    assert restored.last_checked_on == datetime.date.today()


def test_age_range_display():
    assert str(Voorziening(min_age=None, max_age=None).age_range_display) == "alle leeftijden"
    assert str(Voorziening(min_age=4, max_age=12).age_range_display) == "4 tot en met 12 jaar"
    assert str(Voorziening(min_age=None, max_age=3).age_range_display) == "tot en met 3 jaar"


def test_cost_display_says_free_once():
    assert Voorziening(cost="Gratis", is_free=True).cost_display == "Gratis"
    assert Voorziening(cost="€ 25; met Ooievaarspas gratis", is_free=False).cost_display.startswith("€ 25")
    assert Voorziening(cost="Eigen bijdrage", is_free=True).cost_display == "Eigen bijdrage (gratis)"
    assert str(Voorziening(cost="", is_free=True).cost_display) == "Gratis"
    assert str(Voorziening(cost="", is_free=False).cost_display) == "niet vermeld"
