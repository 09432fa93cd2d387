"""Pages kept whole per person (modules.page_cache), the account kept per person generation
(leergang.auth) and the page rows kept per site generation (modules.models.published_row): a
page asked again is not drawn again, yet everything that changes shows on the next request, a
changed account applies at once, and nothing of one person reaches another. Each test runs on
the local-memory cache and on a real Redis (the fixtures of test_caching)."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leergang.models import Team
from modules.models import LessonPage
from practice.models import CaseDiscussion

from .test_caching import html

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def queries_of(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("which", ["lesson", "home", "my_progress"])
def test_a_page_asked_again_is_not_drawn_again(client, cache_world, cache_backend, which):
    """The second time, neither the account, the page nor the progress is read from the
    database (the session is, in the tests' database sessions), and the page is the same."""
    client.force_login(cache_world["user"])
    url = {"lesson": cache_world["lessons"][0].url, "home": "/", "my_progress": reverse("my_progress")}[which]
    first, _ = queries_of(client, url)
    second, sql = queries_of(client, url)
    assert [q for q in sql if "django_session" not in q] == []
    assert TOKEN.sub("", first.content.decode()) == TOKEN.sub("", second.content.decode())


def test_a_kept_page_carries_a_csrf_token_that_works(cache_world, cache_backend):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cache_world["user"])
    lesson = cache_world["lessons"][0]
    first = html(client, lesson)
    second = html(client, lesson)
    tokens = TOKEN.findall(second)
    assert tokens and TOKEN.findall(first) != tokens  # masked again for this request
    response = client.post(reverse("mark_step_done", args=[lesson.pk]), {"csrfmiddlewaretoken": tokens[0]})
    assert response.status_code == 302
    assert "Je hebt deze les afgerond op" in html(client, lesson)


def test_a_changed_name_shows_at_once(client, cache_world, cache_backend):
    user = cache_world["user"]
    client.force_login(user)
    assert user.get_full_name() in html(client, cache_world["lessons"][0])
    user.first_name, user.last_name = "Noor", "Nieuwenhuis"
    user.save()
    assert "Noor Nieuwenhuis" in html(client, cache_world["lessons"][0])
    assert "Noor Nieuwenhuis" in client.get("/").content.decode()


def test_one_persons_kept_page_never_shows_for_another(client, cache_world, cache_backend):
    lesson = cache_world["lessons"][0]
    for user, name in ((cache_world["user"], "Anna"), (cache_world["other"], "Bram")):
        user.first_name, user.last_name = name, "Jansen"
        user.save()
    client.force_login(cache_world["user"])
    assert "Anna Jansen" in html(client, lesson)
    client.force_login(cache_world["other"])
    page = html(client, lesson)
    assert "Bram Jansen" in page and "Anna Jansen" not in page


@pytest.mark.parametrize("change", ["switched off", "new password", "left today"])
def test_a_changed_account_applies_to_the_next_request(client, cache_world, cache_backend, change):
    user = cache_world["user"]
    client.force_login(user)
    html(client, cache_world["lessons"][0])
    html(client, cache_world["lessons"][0])  # the account and the page are kept now
    if change == "switched off":
        user.is_active = False
        user.save()
    elif change == "new password":
        user.set_password("een-heel-ander-wachtwoord-2026")
        user.save()
    else:
        user.profile.left_on = timezone.localdate()
        user.profile.save()
    response = client.get(cache_world["lessons"][0].url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_message_shows_once_on_a_kept_page(client, cache_world, cache_backend):
    lesson = cache_world["lessons"][0]
    client.force_login(cache_world["user"])
    html(client, lesson)
    response = client.post(reverse("mark_step_done", args=[lesson.pk]), follow=True)
    shown = response.content.decode()
    assert 'class="lt-messages"' in shown
    assert 'class="lt-messages"' not in html(client, lesson)
    assert 'class="lt-messages"' not in html(client, lesson)


def test_a_case_discussion_shows_at_once_on_my_progress(client, cache_world, cache_backend):
    from practice import services
    from tests.practice.factories import CaseDiscussionFactory

    user = cache_world["user"]
    team = Team.objects.create(name="JGH Noord", organisation="jgh")
    user.profile.team = team
    user.profile.save()
    client.force_login(user)
    assert "Casusbesprekingen en intervisie" not in client.get(reverse("my_progress")).content.decode()
    discussion = CaseDiscussionFactory(team=team, duration_minutes=90, topic="Een gezin in de wijk")
    services.save_discussion(discussion, [user], by=cache_world["other"])
    assert "Een gezin in de wijk" in client.get(reverse("my_progress")).content.decode()
    discussion = CaseDiscussion.objects.get(pk=discussion.pk)  # changed by the team lead
    discussion.topic = "Een jongere op school"
    discussion.held_on = timezone.localdate() - datetime.timedelta(days=1)
    discussion.save()
    page = client.get(reverse("my_progress")).content.decode()
    assert "Een jongere op school" in page and "Een gezin in de wijk" not in page


def breadcrumbs(page_html):
    return re.search(r'<nav class="lt-breadcrumbs".*?</nav>', page_html, re.S).group(0)


def test_a_preview_shows_the_draft_and_the_published_page_stays_as_published(
    client, cache_world, cache_backend
):
    """The navigation around a step is kept per site generation for everyone ({% shared %}), but
    a preview draws its own: the draft's title shows there, never on the published page."""
    from wagtail.models import Site

    lesson = cache_world["lessons"][0]
    client.force_login(cache_world["user"])
    host = Site.objects.get(is_default_site=True).hostname  # the preview's dummy request's
    title = lesson.title
    published = client.get(lesson.url, HTTP_HOST=host).content.decode()
    assert title in breadcrumbs(published)
    draft = LessonPage.objects.get(pk=lesson.pk)
    draft.title = "Concepttitel van de les"
    preview = draft.make_preview_request().content.decode()
    assert "Concepttitel van de les" in breadcrumbs(preview)
    page = client.get(lesson.url, HTTP_HOST=host).content.decode()
    assert "Concepttitel van de les" not in page
    assert title in breadcrumbs(page)
