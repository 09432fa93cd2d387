"""A quiz is a step of its module like a lesson: the same breadcrumbs, "Stap n van m", the
"Vorige"/"Volgende" pager and the list of steps, in a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from modules.models import LessonPage

from .factories import WRONG, QuizPageFactory, form_data, module_with_lessons

pytestmark = pytest.mark.django_db


def breadcrumbs(html):
    return re.search(r'<nav class="lt-breadcrumbs".*?</nav>', html, flags=re.S).group(0)


def pager(html):
    found = re.search(r'<nav class="lt-pager".*?</nav>', html, flags=re.S)
    return found.group(0) if found else ""


def step_list(html):
    return re.search(r'<nav aria-label="Stappen in deze module">.*?</nav>', html, flags=re.S).group(0)


@pytest.fixture
def steps(site_tree):
    """voortoets, les 1, les 2, toets."""
    _home, index = site_tree
    module = module_with_lessons(index, lessons=0)
    voortoets = QuizPageFactory(parent=module, slug="voortoets", title="Voortoets", role="voortoets")
    lessons = [module.add_child(instance=LessonPage(title=f"Les {n}", slug=f"les-{n}")) for n in (1, 2)]
    quiz = QuizPageFactory(parent=module)
    return module, voortoets, lessons, quiz


def test_quiz_step_has_the_lesson_pager_step_list_and_breadcrumbs(learner_client, steps):
    module, _voortoets, lessons, quiz = steps
    html = learner_client.get(quiz.url).content.decode()
    assert "Stap 4 van 4" in html
    expected = '<span class="lt-pager__label">Vorige</span> Les 2</a>'
    assert f'href="/modules/giz/les-2/" rel="prev">{expected}' in pager(html)
    assert 'rel="next"' not in pager(html)  # the last step
    listed = step_list(html)
    assert re.findall(r">([^<>]+)</a></li>", listed) == ["Voortoets", "Les 1", "Les 2", "Toets"]
    assert 'aria-current="page">Toets</a>' in listed
    assert '<a class="utrecht-link" href="/modules/giz/">Module giz</a></h2>' in listed

    # the breadcrumbs are the lesson page's, markup and all
    lesson_html = learner_client.get(lessons[1].url).content.decode()
    assert breadcrumbs(html) == breadcrumbs(lesson_html).replace("/les-2/", "/toets/").replace(
        ">Les 2<", ">Toets<"
    )
    # and the lesson before the quiz leads to it
    assert 'href="/modules/giz/toets/" rel="next"' in pager(lesson_html)


def test_a_quiz_first_in_the_module_leads_on_to_the_next_step(learner_client, steps):
    _module, voortoets, _lessons, _quiz = steps
    html = learner_client.get(voortoets.url).content.decode()
    assert "Stap 1 van 4" in html
    expected = '<span class="lt-pager__label">Volgende</span> Les 1</a>'
    assert f'href="/modules/giz/les-1/" rel="next">{expected}' in pager(html)
    assert 'rel="prev"' not in pager(html)


def test_result_page_navigates_like_its_step(learner_client, steps):
    _module, _voortoets, _lessons, quiz = steps
    page = learner_client.get(quiz.url)
    location = learner_client.post(quiz.url, form_data(page, WRONG))["Location"]
    html = learner_client.get(location).content.decode()
    crumbs = breadcrumbs(html)
    assert re.findall(r">([^<>]+)</a></li>", crumbs) == ["Modules", "Module giz", "Toets", "Poging 1"]
    assert 'href="/modules/giz/toets/poging/1/" aria-current="page">Poging 1</a>' in crumbs
    assert 'aria-current="step">Toets</a>' in step_list(html)  # the step it belongs to
    assert "Vorige" in pager(html)


def test_preview_of_a_quiz_has_the_step_navigation(rf, steps, coordinator):
    *_rest, quiz = steps
    request = rf.get(reverse("wagtailadmin_home"))
    request.user = coordinator
    html = quiz.make_preview_request(request).render().content.decode()
    assert "Stap 4 van 4" in html and "Vorige" in pager(html)


def test_query_count_does_not_grow_with_the_number_of_steps(learner_client, site_tree):
    _home, index = site_tree

    def queries(slug, lessons):
        module = module_with_lessons(index, slug=slug, lessons=lessons)
        quiz = QuizPageFactory(parent=module)
        learner_client.get(quiz.url)  # warm Wagtail's site cache
        with CaptureQueriesContext(connection) as captured:
            response = learner_client.get(quiz.url)
        assert response.status_code == 200
        assert f"Stap {lessons + 1} van {lessons + 1}" in response.content.decode()
        return len(captured)

    assert queries("klein", 1) == queries("groot", 8)


def test_preview_of_a_new_quiz_before_it_is_saved(client, steps, coordinator):
    from .test_empty_quiz import ONE_QUESTION, quiz_form

    module, *_rest = steps
    client.force_login(coordinator)
    url = reverse("wagtailadmin_pages:preview_on_add", args=["quizzes", "quizpage", module.pk])
    response = client.post(url, quiz_form(ONE_QUESTION, title="Nieuwe toets", slug="nieuw"))
    assert response.json()["is_valid"] is True
    html = client.get(url).content.decode()
    assert "Nieuwe toets" in html and "GIZ is een gespreksmethodiek." in html
    assert ">Module giz<" in breadcrumbs(html)
