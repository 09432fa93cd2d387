"""demo_data builds the site `make run` serves: the demo accounts log in, the leerstof and its
review workflow are there, and a second run changes nothing.

The demo is built once for this module (see ``demo`` in tests/conftest.py); each test runs in
its own transaction inside it, so what one test writes the next does not see.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from leergang.demo import DEMO_PASSWORD
from leergang.models import StaffProfile, Team, User
from modules.models import HomePage, LessonPage, ModulePage

pytestmark = pytest.mark.django_db

DEMO_ACCOUNTS = ["medewerker", "nieuwe-medewerker", "teamleider", "coordinator", "beheerder"]


def test_each_demo_account_logs_in_and_sees_the_home_page(client, demo):
    home = HomePage.objects.get().url
    for username in DEMO_ACCOUNTS:
        response = client.post(
            reverse("login"), {"username": username, "password": DEMO_PASSWORD}, follow=True
        )
        assert response.status_code == 200, username
        assert response.context["user"].username == username
        assert response.redirect_chain[-1][0] == home
        client.post(reverse("logout"))


def test_demo_data_twice_gives_the_same_counts(demo):
    def counts():
        return (
            User.objects.count(),
            Team.objects.count(),
            StaffProfile.objects.count(),
            Page.objects.count(),
        )

    first = counts()
    call_command("demo_data", verbosity=0)
    assert counts() == first
    assert set(DEMO_ACCOUNTS) <= set(User.objects.values_list("username", flat=True))


def test_demo_data_loads_the_leerstof_and_sets_up_the_review_workflow(demo):
    assert ModulePage.objects.live().count() == 6
    assert LessonPage.objects.live().count() == 22
    lesson = LessonPage.objects.live().first()
    assert lesson.get_workflow().name == "Leerstofreview"
    out = StringIO()
    call_command("import_leerstof", stdout=out)
    assert "0 nieuw, 0 bijgewerkt, 28 ongewijzigd, 0 overgeslagen" in out.getvalue()


def test_the_demo_takes_the_quizzes_through_modules_hooks(demo):
    # Every module got its quiz (BUILD_DEMO_DATA) and the demo took them for real
    # (TAKE_DEMO_STEP), as the attempt counts (STEP_ATTEMPT_COUNTS) show.
    from modules import progress

    medewerker = progress.user_progress(User.objects.get(username="medewerker"))
    attempts = {
        # steps without attempts (an oefengesprek) have no count
        mp.module.slug: [s.attempts for s in mp.steps if s.attempts is not None]
        for mp in medewerker.modules
    }
    assert attempts["kostenbewust-handelen"] == [2] and attempts["giz"] == [1]
    assert attempts["beter-samenspel"] == [0] and len(attempts) == 6


def test_the_demo_builds_the_search_and_reference_indexes_once_and_saves_index_again(demo):
    """demo_data builds both indexes at the end instead of on every save: the kaart's search
    and the lessons' references to the entries are there, and afterwards a save is indexed."""
    from content.kaart.models import Voorziening
    from content.kaart.references import pages_showing
    from tests.kaart.factories import VoorzieningFactory

    shown = [entry for entry in Voorziening.objects.live() if pages_showing(entry)]
    assert shown, "no lesson shows an entry of the sociale kaart"
    assert LessonPage.objects.live().search("sociale kaart")
    name = shown[0].name
    assert shown[0] in list(Voorziening.objects.search(name.split()[0]))

    VoorzieningFactory(name="Quokkazwemmen voor peuters", slug="quokkazwemmen")
    assert [entry.slug for entry in Voorziening.objects.search("Quokkazwemmen")] == ["quokkazwemmen"]
