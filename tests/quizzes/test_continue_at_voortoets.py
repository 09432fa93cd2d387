"""'Verder waar je gebleven was' respects the module's own first step (its voortoets, when the
module has one and the person has not taken it yet), and passing a module's last step says
"Module afgerond" with the certificate and the next module of the path."""

import datetime

import pytest
from django.utils import timezone

from leergang.models import Team
from modules import progress
from tests.modules.factories import LearningPathFactory

from .factories import WRONG, QuizPageFactory, take

pytestmark = pytest.mark.django_db


def test_continue_starts_with_the_voortoets_then_the_first_lesson(client, module, make_user):
    voortoets = QuizPageFactory(
        parent=module, slug="voortoets", title="Voortoets GIZ", role="voortoets", max_attempts=1
    )
    voortoets.move(module, pos="first-child")
    QuizPageFactory(parent=module)
    lesson = module.get_children().specific().get(slug="les-1")
    team = Team.objects.create(name="JGH Noord", organisation="jgh")
    LearningPathFactory(modules=[module], modules__advised={module.slug: 7}, organisation_types=["jgh"])
    person = make_user(team=team, start_date=timezone.localdate() - datetime.timedelta(days=2))

    data = progress.user_progress(person)
    assert data.next.step.page.pk == voortoets.pk and data.next.reason == "path"
    client.force_login(person)
    home = client.get("/").content.decode()
    continue_card = home.split("Verder waar je gebleven was")[1].split("</div>")[0]
    assert "Voortoets GIZ" in continue_card

    take(person, voortoets, WRONG)  # taken: the leerstof comes next
    assert progress.user_progress(person).next.step.page.pk == lesson.pk


def test_passing_the_last_step_shows_module_completed_the_certificate_and_the_next_module(
    client, module, site_tree, make_user
):
    from modules.models import Certificate

    from .factories import RIGHT, form_data, module_with_lessons

    quiz = QuizPageFactory(parent=module)
    lesson = module.get_children().get(slug="les-1")
    following = module_with_lessons(site_tree[1], slug="beter-samenspel", title="Beter Samenspel")
    team = Team.objects.create(name="JGH Noord", organisation="jgh")
    LearningPathFactory(
        modules=[module, following],
        modules__advised={module.slug: 7, following.slug: 21},
        organisation_types=["jgh"],
    )
    person = make_user(team=team, start_date=timezone.localdate())
    progress.complete_step(person, lesson)
    client.force_login(person)
    page = client.get(quiz.url)
    response = client.post(quiz.url, form_data(page, RIGHT))
    html = client.get(response["Location"]).content.decode()
    certificate = Certificate.objects.get(user=person)
    assert "Module afgerond" in html and "Je hebt de module ‘Module giz’ afgerond." in html
    assert f'href="/mijn-voortgang/certificaat/{certificate.code}.pdf"' in html
    assert "Volgende module van je leerpad:" in html and f'href="{following.url}"' in html
