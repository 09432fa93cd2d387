"""One person search (leergang.people.search_people) behind every place that looks a person up:
erasing learning data, choosing a person for extra attempts, and the admin listings of staff
and extra attempts. Every word must match the name, user name or e-mail address."""

import pytest
from django.urls import reverse

from leergang.models import StaffProfile, User
from leergang.people import MAX_QUERY_LENGTH, clean_query, search_people


@pytest.fixture
def people(make_user):
    sanne = make_user("Medewerker", username="sdvries", job_title="Jeugdconsulent")
    sanne.first_name, sanne.last_name, sanne.email = "Sanne", "de Vries", "s.devries@gemeente.example.nl"
    sanne.save()
    sander = make_user("Medewerker", username="sander")
    sander.first_name, sander.last_name, sander.email = "Sander", "Bakker", "sander@example.nl"
    sander.save()
    return sanne, sander


def test_every_word_matches_a_name_user_name_or_e_mail_address(people):
    sanne, sander = people
    users = User.objects.all()
    assert set(search_people(users, "sanne vries")) == {sanne}
    assert set(search_people(users, "SAN")) == {sanne, sander}
    assert set(search_people(users, "gemeente.example")) == {sanne}
    assert set(search_people(users, "sdvries")) == {sanne}
    assert set(search_people(users, "sanne bakker")) == set()
    profiles = StaffProfile.objects.all()
    assert [p.user for p in search_people(profiles, "bakker", prefix="user__")] == [sander]
    assert [p.user for p in search_people(profiles, "consulent", prefix="user__", also=["job_title"])] == [
        sanne
    ]


def test_a_query_is_trimmed_to_one_line_of_bounded_length():
    assert clean_query("  sanne \n  vries ") == "sanne vries"
    assert clean_query(None) == ""
    assert len(clean_query("x" * 500)) == MAX_QUERY_LENGTH


def _beheerder(make_user):
    beheerder = make_user("Beheerder", username="beheer")
    beheerder.is_superuser = True
    beheerder.save()
    return beheerder


def test_erasing_learning_data_finds_a_person_by_first_and_last_name(client, make_user, people):
    client.force_login(_beheerder(make_user))
    response = client.get(reverse("modules_erase_search"), {"q": "sanne vries"})
    assert response.status_code == 200
    assert [person.username for person in response.context["people"]] == ["sdvries"]


def test_the_person_chooser_for_extra_attempts_finds_by_e_mail_address(client, make_user, people):
    client.force_login(make_user("Coördinator", username="ilse"))
    response = client.get(reverse("quiz_person_chooser:choose_results"), {"q": "sander@example"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sander Bakker" in html and "Sanne de Vries" not in html


def test_the_staff_listing_finds_by_name_words_and_job_title(client, make_user, people):
    client.force_login(_beheerder(make_user))
    url = reverse("wagtailsnippets_leergang_staffprofile:list_results")
    by_name = client.get(url, {"q": "sanne vries"})
    assert by_name.status_code == 200
    assert [p.user.username for p in by_name.context["object_list"]] == ["sdvries"]
    by_job = client.get(url, {"q": "jeugdconsulent"})
    assert [p.user.username for p in by_job.context["object_list"]] == ["sdvries"]
