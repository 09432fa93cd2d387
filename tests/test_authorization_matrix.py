"""The authorization matrix, generated from the URL resolver.

Every URL pattern the project serves is listed by walking ``get_resolver()``; each must have a
rule here, saying what anonymous visitors and each demo role get for it. A new URL without a
rule fails the suite, so nobody adds a view without deciding who may use it.

The answers are what a person sees: a status code, ``LOGIN`` (sent to the site's login page),
``ADMIN_LOGIN`` (sent to the admin's login page: no admin access), or ``"302"`` (another
redirect, e.g. a POST-only form page sending a GET back to where the form is).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "medewerker", "teamleider", "coordinator", "beheerder"]
LOGIN = "login"
ADMIN_LOGIN = "admin login"


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            full = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), full)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name


def every_pattern():
    return list(walk(get_resolver().url_patterns))


@dataclass
class Rule:
    """``url(data)`` builds a URL for this pattern from the demo; ``answers`` per role."""

    url: Callable
    answers: dict
    method: str = "get"
    data: dict = field(default_factory=dict)


def same_for_all(answer):
    return dict.fromkeys(ROLES, answer)


def staff(anonymous=LOGIN, **answers):
    """Signed-in people get ``answers`` (default 200 for each role), anonymous ``anonymous``."""
    return {"anonymous": anonymous, **{role: answers.get(role, 200) for role in ROLES[1:]}}


LEADS = staff(medewerker=403)  # /team/…: who leads a team, or sees every team


def demo_samples():
    from content.kaart.models import Organisation, Voorziening
    from content.kaart.signing import make_provider_token
    from leergang.models import Invitation
    from modules.models import Certificate, LessonPage, ModulePage
    from practice.models import CaseDiscussion
    from quizzes.models import QuizPage

    users = {u.username: u for u in get_user_model().objects.filter(username__in=ROLES)}
    voorziening = Voorziening.objects.listed().select_related("organisation").order_by("pk").first()
    organisation = voorziening.organisation or Organisation.objects.first()
    certificate = Certificate.objects.filter(user=users["medewerker"]).first()
    return {
        "users": users,
        "slug": voorziening.slug,
        "own_slug": organisation.voorzieningen.listed().first().slug,
        "token": make_provider_token(organisation),
        "certificate": certificate.code,
        "module": ModulePage.objects.live().order_by("path").first(),
        "lesson": LessonPage.objects.live().order_by("path").first(),
        "quiz": QuizPage.objects.live().order_by("path").first(),
        "discussion": CaseDiscussion.objects.filter(team__leads=users["teamleider"]).first(),
        "invitation": Invitation.objects.filter(team__leads=users["teamleider"]).first(),
        "hsds": first_hsds_ids(users["coordinator"]),
    }


def first_hsds_ids(user):
    """The id of the first item of each HSDS listing (asked as a coordinator)."""
    client = Client()
    client.force_login(user)
    names = ["services", "organizations", "taxonomies", "taxonomy_terms", "service_at_locations"]
    return {name: client.get(reverse(f"kaart:hsds_{name}")).json()["contents"][0]["id"] for name in names}


# Our own URLs, by name. Third-party trees (the admin, documents) follow below.
RULES = {
    "healthz": Rule(lambda d: reverse("healthz"), same_for_all(200)),
    "login": Rule(lambda d: reverse("login"), {"anonymous": 200, **dict.fromkeys(ROLES[1:], "302")}),
    "logout": Rule(lambda d: reverse("logout"), staff(**dict.fromkeys(ROLES[1:], 405))),  # POST only
    "password_change": Rule(lambda d: reverse("password_change"), staff()),
    "password_change_done": Rule(lambda d: reverse("password_change_done"), staff()),
    "password_reset": Rule(lambda d: reverse("password_reset"), same_for_all(200)),
    "password_reset_done": Rule(lambda d: reverse("password_reset_done"), same_for_all(200)),
    "password_reset_confirm": Rule(
        lambda d: reverse("password_reset_confirm", args=["MQ", "set-password"]), same_for_all(200)
    ),
    "password_reset_complete": Rule(lambda d: reverse("password_reset_complete"), same_for_all(200)),
    # Signing in with the organisation's account: only when OIDC is configured (not in the tests).
    "oidc_authentication_init": Rule(lambda d: reverse("oidc_authentication_init"), same_for_all(404)),
    "oidc_authentication_callback": Rule(
        lambda d: reverse("oidc_authentication_callback"), same_for_all(404)
    ),
    # Two-step verification: for people who may use the admin.
    # Two-step verification: anyone signed in may set up an app (required for the admin in
    # production); without an app, the code page sends you to set one up.
    "two_factor_verify": Rule(
        lambda d: reverse("two_factor_verify"), staff(**dict.fromkeys(ROLES[1:], "302"))
    ),
    "two_factor_setup": Rule(lambda d: reverse("two_factor_setup"), staff()),
    "two_factor_recovery_codes": Rule(lambda d: reverse("two_factor_recovery_codes"), staff()),
    # Invitations: the link is the key (an unknown one is a Dutch 404 page for everyone); team
    # leads invite to their own teams; resending and withdrawing are POST only.
    "accept_invitation": Rule(lambda d: reverse("accept_invitation", args=["onbekend"]), same_for_all(404)),
    "invite_colleague": Rule(
        lambda d: reverse("invite_colleague"), staff(medewerker=403, coordinator=403)
    ),  # team leads for their teams, beheerders for every team; coordinators edit content
    "resend_invitation": Rule(
        lambda d: reverse("resend_invitation", args=[d["invitation"].pk]),
        staff(**dict.fromkeys(ROLES[1:], 405)),
    ),
    "withdraw_invitation": Rule(
        lambda d: reverse("withdraw_invitation", args=[d["invitation"].pk]),
        staff(**dict.fromkeys(ROLES[1:], 405)),
    ),
    "team_member_left": Rule(
        lambda d: reverse("team_member_left", args=[d["users"]["medewerker"].pk]),
        staff(**dict.fromkeys(ROLES[1:], 405)),
    ),
    "kaart:kaart_index": Rule(lambda d: reverse("kaart:kaart_index"), staff()),
    "kaart:favourites": Rule(lambda d: reverse("kaart:favourites"), staff()),
    "kaart:report_new": Rule(lambda d: reverse("kaart:report_new"), staff()),
    "kaart:my_reports": Rule(lambda d: reverse("kaart:my_reports"), staff()),
    "kaart:voorziening_detail": Rule(
        lambda d: reverse("kaart:voorziening_detail", args=[d["slug"]]), staff()
    ),
    "kaart:report_change": Rule(lambda d: reverse("kaart:report_change", args=[d["slug"]]), staff()),
    "kaart:set_favourite": Rule(
        lambda d: reverse("kaart:set_favourite", args=[d["slug"]]), staff(**dict.fromkeys(ROLES[1:], 405))
    ),
    # The providers' pages need no account: the signed link is the key.
    "kaart:provider_check": Rule(
        lambda d: reverse("kaart:provider_check", args=[d["token"]]), same_for_all(200)
    ),
    "kaart:provider_confirm": Rule(
        lambda d: reverse("kaart:provider_confirm", args=[d["token"], d["own_slug"]]), same_for_all("302")
    ),
    "kaart:provider_propose": Rule(
        lambda d: reverse("kaart:provider_propose", args=[d["token"], d["own_slug"]]), same_for_all("302")
    ),
    # The API answers machines: 401 without a session or token, never a login page.
    "kaart:api_services": Rule(lambda d: reverse("kaart:api_services"), staff(anonymous=401)),
    "kaart:api_service": Rule(lambda d: reverse("kaart:api_service", args=[d["slug"]]), staff(anonymous=401)),
    # The HSDS API: like the kaart's own API, for signed-in people and API tokens.
    "kaart:hsds_meta": Rule(lambda d: reverse("kaart:hsds_meta"), staff(anonymous=401)),
    "kaart:hsds_profile": Rule(lambda d: reverse("kaart:hsds_profile"), staff(anonymous=401)),
    "kaart:hsds_openapi": Rule(lambda d: reverse("kaart:hsds_openapi"), staff(anonymous=401)),
    "kaart:hsds_services": Rule(lambda d: reverse("kaart:hsds_services"), staff(anonymous=401)),
    "kaart:hsds_services_detail": Rule(
        lambda d: reverse("kaart:hsds_services_detail", args=[d["hsds"]["services"]]), staff(anonymous=401)
    ),
    "kaart:hsds_organizations": Rule(lambda d: reverse("kaart:hsds_organizations"), staff(anonymous=401)),
    "kaart:hsds_organizations_detail": Rule(
        lambda d: reverse("kaart:hsds_organizations_detail", args=[d["hsds"]["organizations"]]),
        staff(anonymous=401),
    ),
    "kaart:hsds_taxonomies": Rule(lambda d: reverse("kaart:hsds_taxonomies"), staff(anonymous=401)),
    "kaart:hsds_taxonomies_detail": Rule(
        lambda d: reverse("kaart:hsds_taxonomies_detail", args=[d["hsds"]["taxonomies"]]),
        staff(anonymous=401),
    ),
    "kaart:hsds_taxonomy_terms": Rule(lambda d: reverse("kaart:hsds_taxonomy_terms"), staff(anonymous=401)),
    "kaart:hsds_taxonomy_terms_detail": Rule(
        lambda d: reverse("kaart:hsds_taxonomy_terms_detail", args=[d["hsds"]["taxonomy_terms"]]),
        staff(anonymous=401),
    ),
    "kaart:hsds_service_at_locations": Rule(
        lambda d: reverse("kaart:hsds_service_at_locations"), staff(anonymous=401)
    ),
    "kaart:hsds_service_at_locations_detail": Rule(
        lambda d: reverse("kaart:hsds_service_at_locations_detail", args=[d["hsds"]["service_at_locations"]]),
        staff(anonymous=401),
    ),
    "search": Rule(lambda d: reverse("search") + "?q=gezin", staff()),
    "mark_step_done": Rule(
        lambda d: reverse("mark_step_done", args=[d["lesson"].pk]), staff(**dict.fromkeys(ROLES[1:], 405))
    ),
    "my_progress": Rule(lambda d: reverse("my_progress"), staff()),
    "my_progress_export": Rule(lambda d: reverse("my_progress_export"), staff()),
    "my_data": Rule(lambda d: reverse("my_data"), staff()),
    "accreditation_csv": Rule(lambda d: reverse("accreditation_csv"), staff()),
    "registration": Rule(lambda d: reverse("registration"), staff()),
    # Only the holder downloads the PDF; everyone else, staff included, gets a 404.
    "certificate_pdf": Rule(
        lambda d: reverse("certificate_pdf", args=[d["certificate"]]),
        staff(teamleider=404, coordinator=404, beheerder=404),
    ),
    # Anyone checks a certificate by its code (an employer, the SKJ register).
    "verify_certificate": Rule(
        lambda d: reverse("verify_certificate", args=[d["certificate"]]), same_for_all(200)
    ),
    "certificate_check": Rule(lambda d: reverse("certificate_check"), same_for_all(200)),
    "team": Rule(lambda d: reverse("team"), LEADS),
    # Casusbesprekingen: the lead of the team (the demo's is JGH Noord's), coordinators, beheerders.
    "practice:discussions": Rule(lambda d: reverse("practice:discussions"), LEADS),
    "practice:discussion_add": Rule(lambda d: reverse("practice:discussion_add"), LEADS),
    "practice:discussion_edit": Rule(
        lambda d: reverse("practice:discussion_edit", args=[d["discussion"].pk]), LEADS
    ),
    "practice:answer_attendance": Rule(
        lambda d: reverse("practice:answer_attendance", args=[d["discussion"].pk]),
        staff(**dict.fromkeys(ROLES[1:], 405)),
    ),
    "team_export": Rule(lambda d: reverse("team_export"), LEADS),
    "team_member": Rule(lambda d: reverse("team_member", args=[d["users"]["medewerker"].pk]), LEADS),
    "quizzes_team_knowledge_gain": Rule(
        lambda d: reverse("quizzes_team_knowledge_gain", args=[d["quiz"].pk]), LEADS
    ),
    # Wagtail's page serving: the site is for staff only.
    "wagtail_serve": Rule(lambda d: d["lesson"].url, staff()),
    # The password form of a privacy-protected page (none in the leergang): a form for everyone.
    "wagtailcore_login": Rule(lambda d: reverse("wagtailcore_login"), same_for_all(200)),
    "wagtailcore_authenticate_with_password": Rule(
        lambda d: reverse("wagtailcore_authenticate_with_password", args=[999999, d["lesson"].pk]),
        staff(**dict.fromkeys(ROLES[1:], 404)),
    ),
    "wagtaildocs_serve": Rule(
        lambda d: reverse("wagtaildocs_serve", args=[999999, "x.pdf"]), staff(**dict.fromkeys(ROLES[1:], 404))
    ),
    "wagtaildocs_authenticate_with_password": Rule(
        lambda d: reverse("wagtaildocs_authenticate_with_password", args=[999999]),
        staff(**dict.fromkeys(ROLES[1:], 404)),
    ),
}

#: Patterns without a name that exist only in development (``DEBUG``'s media serving).
UNNAMED_DEV_ONLY = {"^media/(?P<path>.*)$"}

#: The Wagtail admin's own pages open to everyone (its login and password reset).
ADMIN_PUBLIC = {
    "wagtailadmin_login",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_logout",
    "admin_logout_post_only",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",  # the icons' SVG
}


def admin_sample_url(route):
    """A concrete path for an admin pattern: every converter filled with a plausible value."""
    import re

    path = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", route)  # a regex group: ids, "live|latest|\d+"
    path = re.sub(r"<int:[^>]+>", "1", path)
    path = re.sub(r"<[^>]+>", "x", path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\.", ".")


def answer(client, method, url, data):
    response = getattr(client, method)(url, data)
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("wagtailadmin_login")):
            return ADMIN_LOGIN
        if location.startswith(reverse("login") + "?next="):
            return LOGIN
        return "302"
    return response.status_code


def clients(users):
    result = {"anonymous": Client(raise_request_exception=False)}
    for role in ROLES[1:]:
        client = Client(raise_request_exception=False)
        client.force_login(users[role])
        result[role] = client
    return result


def test_every_url_pattern_has_a_rule(demo):
    missing = []
    for route, name in every_pattern():
        if route.startswith("admin/") or route in UNNAMED_DEV_ONLY:
            continue  # the admin follows one rule (below)
        if name not in RULES:
            missing.append(f"{route} ({name or 'no name'})")
    assert not missing, "URL patterns without an authorization rule:\n" + "\n".join(missing)


def test_each_role_gets_the_answer_of_the_matrix(demo):
    samples = demo_samples()
    by_role = clients(samples["users"])
    wrong = []
    for name, rule in RULES.items():
        url = rule.url(samples)
        for role in ROLES:
            got = answer(by_role[role], rule.method, url, rule.data)
            if got != rule.answers[role]:
                wrong.append(f"{name} as {role}: {got}, expected {rule.answers[role]} ({url[:80]})")
    assert not wrong, "\n".join(wrong)


def test_no_admin_url_opens_to_anonymous_people_or_to_roles_without_admin_access(demo):
    samples = demo_samples()
    by_role = clients(samples["users"])
    wrong = []
    admin_patterns = [(route, name) for route, name in every_pattern() if route.startswith("admin/")]
    assert len(admin_patterns) > 100  # the walk reaches into Wagtail's admin
    for route, name in admin_patterns:
        if name in ADMIN_PUBLIC:
            continue
        url = admin_sample_url(route)
        match = resolve(url)
        assert (match.view_name or match.url_name) == name or not name, (route, url, match.view_name)
        for role in ["anonymous", "medewerker", "teamleider"]:
            got = answer(by_role[role], "get", url, {})
            if got not in (ADMIN_LOGIN, 404, 405):
                wrong.append(f"{route} ({name}) as {role}: {got}")
    assert not wrong, "\n".join(wrong)
