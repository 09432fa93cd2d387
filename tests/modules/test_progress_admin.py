"""Admin: learning paths and module changes for coordinators, erasure for beheerders only."""

import pytest
from django.urls import reverse

from modules import progress
from modules.models import Certificate, LearningPath, ModuleChange, StepCompletion
from tests.assertions import assert_sent_to_admin_login

from .factories import module_with_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def giz(site_tree):
    return module_with_steps(site_tree[1], "giz", title="GIZ")


def test_a_coordinator_creates_a_learning_path_for_organisation_types(client, make_user, giz):
    module, _steps = giz
    client.force_login(make_user(role="Coördinator"))
    url = reverse("wagtailsnippets_modules_learningpath:add")
    page = client.get(url)
    assert page.status_code == 200
    assert 'type="checkbox" name="organisation_types" value="smw"' in page.content.decode()
    response = client.post(
        url,
        {
            "title": "Inwerkprogramma toegang",
            "description": "",
            "due_days": "60",
            "applies_from": "",
            "organisation_types": ["jgh", "smw"],
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-module": str(module.pk),
            "items-0-advised_day": "7",
            "items-0-ORDER": "1",
            "items-0-id": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    path = LearningPath.objects.get()
    assert path.organisation_types == ["jgh", "smw"]
    assert [(i.module_id, i.advised_day) for i in path.items.all()] == [(module.pk, 7)]


def test_a_coordinator_marks_a_module_as_substantially_changed(client, make_user, giz):
    module, _steps = giz
    coordinator = make_user(role="Coördinator")
    client.force_login(coordinator)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[module.pk])).content.decode()
    assert reverse("wagtailsnippets_modules_modulechange:add") + f"?module={module.pk}" in edit
    form = client.get(reverse("wagtailsnippets_modules_modulechange:add") + f"?module={module.pk}")
    assert f'value="{module.pk}"' in form.content.decode()
    response = client.post(
        reverse("wagtailsnippets_modules_modulechange:add"),
        {"module": module.pk, "changed_on": "2026-06-01", "summary": "Nieuwe spelregel"},
    )
    assert response.status_code == 302
    change = ModuleChange.objects.get()
    assert change.created_by == coordinator and change.summary == "Nieuwe spelregel"


def test_a_medewerker_cannot_reach_the_admin_screens(client, make_user):
    client.force_login(make_user())
    url = reverse("wagtailsnippets_modules_modulechange:add")
    assert_sent_to_admin_login(client.get(url), url)


def test_only_a_beheerder_erases_learning_data_and_only_after_confirmation(client, make_user, giz):
    module, steps = giz
    person = make_user(username="yusuf")
    for step in steps:
        progress.complete_step(person, step, score=90)
    url = reverse("modules_erase_confirm", args=[person.pk])

    client.force_login(make_user(role="Coördinator"))
    refused = client.post(url, {"confirm": "yusuf"})  # Wagtail turns the 403 into "no permission"
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    assert StepCompletion.objects.filter(user=person).count() == 3

    beheerder = make_user(role="Beheerder")
    beheerder.is_superuser = True
    beheerder.save()
    client.force_login(beheerder)
    page = client.get(url).content.decode()
    assert "Afgeronde stappen: 3" in page
    response = client.post(url, {"confirm": "iemand-anders"})
    assert response.status_code == 200
    assert "Dat is niet de gebruikersnaam" in response.content.decode()
    assert 'value="iemand-anders"' in response.content.decode()
    assert StepCompletion.objects.filter(user=person).count() == 3

    response = client.post(url, {"confirm": "yusuf"})
    assert response.status_code == 302
    assert not StepCompletion.objects.filter(user=person).exists()
    assert not Certificate.objects.filter(user=person).exists()
    person.refresh_from_db()  # the account stays


def test_the_beheerder_finds_a_person_to_erase(client, make_user):
    beheerder = make_user(role="Beheerder")
    beheerder.is_superuser = True
    beheerder.save()
    make_user(username="lisa.hoekstra")
    client.force_login(beheerder)
    html = client.get(reverse("modules_erase_search"), {"q": "hoekstra"}).content.decode()
    assert "lisa.hoekstra" in html
    assert reverse("modules_erase_search") in html


def test_the_user_listing_offers_erasure_to_a_beheerder_only(client, make_user):
    person = make_user(username="lisa.hoekstra")
    beheerder = make_user(role="Beheerder")
    beheerder.is_superuser = True
    beheerder.save()
    client.force_login(beheerder)
    html = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert reverse("modules_erase_confirm", args=[person.pk]) in html
    assert "Leerdata wissen" in html
