"""The admin's heavy views run the same number of queries at two data sizes (issue 15).

The quiz edit view (1 question and no attempts against 15 questions and many attempts), the
lesson edit view (one voorzieningen block against six, with chosen entries), and the
voorzieningen listing (5 against 60 entries, each with its own organisation, category, wijken
and tags; with and without filters and a search). A count that grows with the data is a query
per block, per row or per option: the cause of a slow admin at scale.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.kaart.factories import CategoryFactory, NeighbourhoodFactory, OrganisationFactory
from tests.modules.factories import LessonPageFactory
from tests.quizzes.factories import RIGHT, WRONG, QuizPageFactory, module_with_lessons, take
from tests.quizzes.factories import standard_questions as four_questions

pytestmark = pytest.mark.django_db


def count(client, url, params=None):
    client.get(url, params)  # warm the caches of the first request (site, locale, permissions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return len(queries)


@pytest.fixture
def coordinator_client(client, make_user):
    client.force_login(make_user("Coördinator", username="ilse"))
    return client


@pytest.fixture
def module(site_tree):
    return module_with_lessons(site_tree[1])


def questions(n):
    """``n`` questions of the four kinds, with unique keys."""
    made = []
    for round_ in range(n // 4 + 1):
        for question in four_questions():
            made.append({**question, "id": f"{question['id']}-{round_}"})
    return made[:n]


def test_quiz_edit_view_costs_the_same_for_1_or_15_questions_and_many_attempts(
    coordinator_client, module, make_user
):
    small = QuizPageFactory(parent=module, slug="klein", title="Klein", questions=questions(1))
    large = QuizPageFactory(parent=module, slug="groot", title="Groot", max_attempts=0)
    for _ in range(4):
        learner = make_user()
        take(learner, large, WRONG)
        take(learner, large, RIGHT)
    revision = large.save_revision()
    large.questions = questions(15)
    revision = large.save_revision()
    revision.publish()

    def edit(page):
        return count(coordinator_client, reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert edit(small) == edit(large)


def voorzieningen_block(entries, category="opvoedondersteuning"):
    return {
        "type": "voorzieningen",
        "value": {"intro": "", "category_slug": category, "limit": 3, "items": [e.pk for e in entries]},
    }


def test_lesson_edit_view_costs_the_same_for_one_or_six_voorzieningen_blocks(coordinator_client, module):
    from tests.kaart.factories import VoorzieningFactory

    entries = [VoorzieningFactory() for _ in range(6)]
    CategoryFactory(slug="jeugdhulp")
    small = LessonPageFactory(
        parent=module, slug="klein", title="Klein", body=[voorzieningen_block(entries[:1])]
    )
    large = LessonPageFactory(
        parent=module,
        slug="groot",
        title="Groot",
        body=[{"type": "markdown", "value": "Tekst."}]
        + [voorzieningen_block(entries[: i + 1], "jeugdhulp" if i % 2 else "") for i in range(6)],
    )

    def edit(page):
        return count(coordinator_client, reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert edit(small) == edit(large)


def varied_entries(start, count_):
    """Entries each with an organisation, category, wijken and tags of their own."""
    from tests.kaart.factories import VoorzieningFactory

    for i in range(start, start + count_):
        VoorzieningFactory(
            name=f"Opvoedhulp {i}",
            organisation=OrganisationFactory(name=f"Aanbieder {i}"),
            category=CategoryFactory(slug=f"categorie-{i}"),
            wijken=[NeighbourhoodFactory(slug=f"wijk-{i}"), NeighbourhoodFactory(slug="oosterheem")],
            tags=[f"tag-{i}", "gezin"],
            publish=i % 3 != 0,
            checked_days=None if i % 4 == 0 else 400,
        )


LISTINGS = {
    "plain": {},
    "sorted by last check": {"ordering": "-last_checked_on"},
    "filtered": {"wijk": "oosterheem", "status": "actief", "checked": "stale"},
    "searched": {"q": "opvoedhulp"},
}


@pytest.mark.parametrize("params", LISTINGS.values(), ids=LISTINGS.keys())
def test_voorzieningen_listing_costs_the_same_for_5_or_60_entries(coordinator_client, params):
    url = reverse("wagtailsnippets_kaart_voorziening:list")
    varied_entries(0, 5)
    small = count(coordinator_client, url, params)
    varied_entries(5, 55)
    assert count(coordinator_client, url, params) == small
