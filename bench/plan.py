"""What the load run asks for (``manage.py bench_plan``): the pages, each with the sessions of
several people, and the quiz submits, each a real hand-in with its own signed token.

Sessions are made with Django's session engine, as a login makes them (user id, backend, the
password hash's session hash, the idle clock); the coordinator's session also carries the
verified second factor of a confirmed authenticator app (django-otp), as after typing a code,
so the admin's two-step rule stays on. Forms get a CSRF cookie and the same secret in the
form, which is what Django checks.
"""

import secrets
import time
from importlib import import_module
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.urls import reverse
from django.utils.html import escape
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench import data
from content.kaart.models import Voorziening
from leergang.middleware import SEEN_KEY
from leergang.models import StaffProfile, Team, User
from modules.models import LessonPage, ModulePage, StepCompletion
from practice import services as practice_services
from practice.models import ScenarioPage
from quizzes import services as quiz_services
from quizzes.forms import field_name, issue_token
from quizzes.models import QuizAttempt, QuizPage
from quizzes.views import _fingerprint

LEARNERS = 40  # different people behind the learner pages
SUBMITTERS = 200  # people handing in the quiz (twice: another 200 in the mixed run), in order
ATTEMPTS_EACH = 30  # signed forms per submitter (attempt n, n+1, ...)
BACKEND = "leergang.auth.PasswordBackend"


def session_cookie(user, csrf, **extra):
    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SEEN_KEY] = int(time.time())
    for key, value in extra.items():
        session[key] = value
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"


def get(path, cookie):
    return {"method": "GET", "path": path, "headers": {"Cookie": cookie}}


def page_entry(name, kind, sequences, expect=200, shows=""):
    """``sequences``: one list of requests per person; a person's requests go in order.
    ``shows``: text the first answer must contain (the runner checks it before the load)."""
    return {"name": name, "kind": kind, "expect": expect, "shows": shows, "sequences": sequences}


def learner_pages(learners, cookies):
    lesson = LessonPage.objects.live().filter(slug="wat-is-giz").first() or LessonPage.objects.live().first()
    quiz = QuizPage.objects.live().filter(role="eindtoets").order_by("path").first()
    scenario = ScenarioPage.objects.live().order_by("path").first()
    for user in learners:
        practice_services.start_run(user, scenario)  # the page then shows a node of the conversation
    module = ModulePage.objects.live().order_by("path").first()
    # Every published lesson, in another order per person: with more people x lessons than a
    # process keeps whole pages (leergang.cache.pages), each one is drawn anew, as the first
    # visit of a lesson is.
    lessons = list(LessonPage.objects.live().order_by("path"))
    topics = data.TOPICS
    pages_of_hsds = max(1, Voorziening.objects.filter(live=True).count() // 50)
    return [
        page_entry("home", "learner", [[get("/", c)] for c in cookies], shows=escape(module.title)),
        page_entry("lesson", "learner", [[get(lesson.url, c)] for c in cookies], shows=escape(lesson.title)),
        page_entry(
            "lesson, another each time",
            "learner",
            [
                [get(step.url, c) for step in lessons[i % len(lessons) :] + lessons[: i % len(lessons)]]
                for i, c in enumerate(cookies)
            ],
            shows=escape(lessons[0].title),
        ),
        page_entry("quiz page", "learner", [[get(quiz.url, c)] for c in cookies], shows=escape(quiz.title)),
        page_entry(
            "oefengesprek node", "learner", [[get(scenario.url, c)] for c in cookies], shows='name="keuze"'
        ),
        page_entry(
            "mijn voortgang",
            "learner",
            [[get(reverse("my_progress"), c)] for c in cookies],
            shows=escape(module.title),
        ),
        page_entry(
            "kaart search",
            "learner",
            [
                [get(f"{reverse('kaart:kaart_index')}?{urlencode({'q': topics[i % len(topics)]})}", c)]
                for i, c in enumerate(cookies)
            ],
            shows="gevonden",
        ),
        page_entry(
            "hsds services",
            "learner",
            [
                [get(f"{reverse('kaart:hsds_services')}?{urlencode({'page': 1 + i % pages_of_hsds})}", c)]
                for i, c in enumerate(cookies)
            ],
            shows='"contents"',
        ),
    ]


def submit_pages():
    """The unlimited quiz of a bench module, handed in with wrong answers (so nobody passes and
    the next attempt stays possible) by people who have not passed it."""
    quiz = QuizPage.objects.live().get(slug="toets", url_path__contains=f"/{data.SYNTHETIC_PREFIX}1/")
    passed = StepCompletion.objects.filter(page_id=quiz.pk).values("user_id")
    people = list(
        User.objects.filter(username__startswith=data.PREFIX, profile__team__isnull=False)
        .exclude(pk__in=passed)
        .exclude(username__in=[data.TEAM_LEAD, data.COORDINATOR_USERNAME])
        .order_by("?")[: 2 * SUBMITTERS]
    )
    fingerprint = _fingerprint(quiz)
    answers = [(field_name(q), data.wrong_answers(q)) for q in quiz.question_data]
    sequences = []
    for user in people:
        csrf = secrets.token_hex(16)
        cookie = session_cookie(user, csrf)
        first = quiz_services.next_attempt_number(user, quiz)
        requests = []
        for number in range(first, first + ATTEMPTS_EACH):
            fields = [("csrfmiddlewaretoken", csrf), ("token", issue_token(user, quiz, number, fingerprint))]
            fields += [(name, key) for name, keys in answers for key in keys]
            requests.append(
                {
                    "method": "POST",
                    "path": quiz.url,
                    "headers": {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
                    "body": urlencode(fields),
                }
            )
        sequences.append(requests)
    # Two groups: one for the page's own run, one for the mixed run (a form sent in one run
    # would be a second hand-in in the other: no new attempt).
    half = len(sequences) // 2
    return quiz, [
        page_entry("quiz submit", "submit", sequences[:half], expect=302),
        page_entry("quiz submit (mixed run)", "submit-mixed", sequences[half:], expect=302),
    ]


def lead_pages():
    lead = User.objects.get(username=data.TEAM_LEAD)
    cookies = [session_cookie(lead, secrets.token_hex(16)) for _ in range(4)]
    return [
        page_entry(
            "team dashboard (200)",
            "learner",
            [[get(reverse("team"), c)] for c in cookies],
            shows=escape(data.LARGEST_TEAM_NAME),
        ),
        page_entry(
            "team CSV (200)", "learner", [[get(reverse("team_export"), c)] for c in cookies], shows="Vries"
        ),
    ]


def admin_edit(name, page, cookie):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return page_entry(name, "admin", [[get(url, cookie)]], shows=f'action="{url}"')


def admin_pages():
    coordinator = User.objects.get(username=data.COORDINATOR_USERNAME)
    device, _ = TOTPDevice.objects.get_or_create(user=coordinator, name="bench", defaults={"confirmed": True})
    cookie = session_cookie(
        coordinator, secrets.token_hex(16), **{DEVICE_ID_SESSION_KEY: device.persistent_id}
    )
    quiz = QuizPage.objects.live().filter(role="eindtoets").order_by("path").first()
    lesson = LessonPage.objects.live().filter(slug="wat-is-giz").first() or LessonPage.objects.live().first()
    listing = reverse(Voorziening.snippet_viewset.get_url_name("list"))
    return [
        page_entry(
            "admin quiz edit", "admin", [[get(reverse("wagtailadmin_pages:edit", args=[quiz.pk]), cookie)]]
        ),
        page_entry(
            "admin lesson edit",
            "admin",
            [[get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]), cookie)]],
        ),
        page_entry("admin voorzieningen list", "admin", [[get(listing, cookie)]]),
    ]


def build_plan():
    largest = Team.objects.get(name=data.LARGEST_TEAM_NAME)
    learners = list(
        User.objects.filter(profile__team__isnull=False, username__startswith=data.PREFIX)
        .exclude(username__in=[data.TEAM_LEAD, data.COORDINATOR_USERNAME])
        .order_by("username")
    )
    step = max(1, len(learners) // LEARNERS)
    learners = learners[::step][:LEARNERS]
    cookies = [session_cookie(user, secrets.token_hex(16)) for user in learners]
    quiz, submits = submit_pages()
    pages = learner_pages(learners, cookies) + submits + lead_pages() + admin_pages()
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        database = cursor.fetchone()[0]
    return {
        "pages": pages,
        "submit_quiz": quiz.pk,
        "largest_team": {
            "name": largest.name,
            "members": StaffProfile.objects.filter(team=largest).count(),
        },
        "modules": ModulePage.objects.live().count(),
        "database": database,
    }


def attempts_at(quiz_id):
    return QuizAttempt.objects.filter(quiz_id=quiz_id).count()
