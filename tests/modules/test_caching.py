"""The caches of the learner pages (modules.progress_cache, the lesson body): a completion, a
quiz attempt or a published change shows at once, and nothing of one person reaches another.

Every test runs twice: on the local-memory cache (development and tests) and on a real Redis
(production), Debian's ``redis-server`` started on a free loopback port for the session. Without
redis-server the Redis runs are skipped, except under CI=true, where they fail.
"""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from modules import progress_cache
from modules.progress import complete_step, user_progress
from modules.templatetags.lesson_body import body_cache_key
from tests.quizzes.factories import WRONG, take

from .factories import LessonPageFactory


@pytest.fixture
def world(cache_world):
    return cache_world


def html(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_caches_are_used(client, world, cache_backend, django_assert_max_num_queries):
    """A second request reads the structure, the person's facts and the body from the cache."""
    client.force_login(world["user"])
    lesson = world["lessons"][2]
    html(client, lesson)
    site_gen, person_gen = progress_cache.generations(world["user"].pk)
    assert cache.get(progress_cache.structure_key(site_gen)) is not None
    assert cache.get(body_cache_key(lesson)) is not None
    client.get(reverse("my_progress"))
    assert cache.get(progress_cache.facts_key(world["user"].pk, person_gen, site_gen)) is not None
    if cache_backend == "redis":
        import redis

        keys = redis.Redis.from_url(cache._cache._servers[0]).keys("leergang-test:*")
        assert any(b":progress:facts:" in key for key in keys)


def test_a_completed_step_shows_at_once(client, world, cache_backend):
    client.force_login(world["user"])
    first = world["lessons"][0]
    assert "Markeer als afgerond" in html(client, first)
    assert "Je hebt deze les afgerond op" not in html(client, first)
    client.get(reverse("my_progress"))  # the person's facts are cached now
    response = client.post(reverse("mark_step_done", args=[first.pk]))
    assert response.status_code == 302
    page = html(client, first)
    assert "Je hebt deze les afgerond op" in page
    assert "Markeer als afgerond" not in page
    progress_page = client.get(reverse("my_progress")).content.decode()
    assert "1 van 4" in progress_page


def test_one_persons_progress_never_shows_for_another(client, world, cache_backend):
    first = world["lessons"][0]
    client.force_login(world["user"])
    html(client, first)
    complete_step(world["user"], first)
    assert "Je hebt deze les afgerond op" in html(client, first)
    client.force_login(world["other"])
    page = html(client, first)
    assert "Je hebt deze les afgerond op" not in page
    assert "Markeer als afgerond" in page


def test_a_rolled_back_completion_never_shows(client, world, cache_backend):
    """What a transaction read is not cached: a rollback leaves nothing behind."""
    first = world["lessons"][0]
    client.force_login(world["user"])
    html(client, first)
    with pytest.raises(RuntimeError), transaction.atomic():
        complete_step(world["user"], first)
        assert user_progress(world["user"]).modules[0].steps[0].done  # read inside it
        raise RuntimeError("rolled back")
    page = html(client, first)
    assert "Markeer als afgerond" in page
    assert "Je hebt deze les afgerond op" not in page


def test_a_quiz_attempt_shows_at_once_on_my_progress(client, world, cache_backend):
    client.force_login(world["user"])
    before = client.get(reverse("my_progress")).content.decode()
    assert "nog niet gemaakt" in before
    assert "1 poging" not in before
    take(world["user"], world["quiz"], WRONG)  # an attempt that did not pass
    after = client.get(reverse("my_progress")).content.decode()
    assert "nog niet gehaald, 1 poging" in after


def test_an_erasure_shows_at_once(client, world, cache_backend):
    from modules.progress import erase_learning_data

    first = world["lessons"][0]
    complete_step(world["user"], first)
    client.force_login(world["user"])
    assert "Je hebt deze les afgerond op" in html(client, first)
    client.get(reverse("my_progress"))
    erase_learning_data(world["user"])
    assert "Markeer als afgerond" in html(client, first)


def test_a_published_lesson_change_shows_at_once(client, world, cache_backend):
    client.force_login(world["user"])
    lesson = world["lessons"][2]
    assert "Eerste versie." in html(client, lesson)
    old_key = body_cache_key(lesson)
    assert cache.get(old_key) is not None
    lesson.body = [{"type": "markdown", "value": "Tweede versie, **aangepast**."}]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    page = html(client, lesson)
    assert "Tweede versie, <strong>aangepast</strong>." in page
    assert "Eerste versie." not in page
    assert body_cache_key(lesson) != old_key


def test_a_newly_published_step_shows_in_the_step_list_at_once(client, world, cache_backend):
    client.force_login(world["user"])
    lesson = world["lessons"][0]
    assert "Nieuwe les" not in html(client, lesson)
    LessonPageFactory(parent=world["module"], title="Nieuwe les", slug="nieuw")
    page = html(client, lesson)
    assert "Nieuwe les" in page
    assert "Stap 1 van 5" in page


def test_an_unpublished_step_leaves_the_step_list_at_once(client, world, cache_backend):
    client.force_login(world["user"])
    lesson, gone = world["lessons"][0], world["lessons"][2]
    assert "Gepubliceerde les" in html(client, lesson)
    gone.unpublish()
    assert "Gepubliceerde les" not in html(client, lesson)
