"""Sessions end after 8 idle hours; personal pages and exports are not cached; the admin logs
out only by POST."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from modules.models import Certificate
from modules.progress import new_certificate_code
from tests.modules.factories import module_with_steps

pytestmark = pytest.mark.django_db


def test_a_session_ends_after_eight_idle_hours_and_each_request_moves_it_on(client, make_user, site_tree):
    client.force_login(make_user())
    assert client.get(reverse("my_progress")).status_code == 200
    session = Session.objects.get()
    left = session.expire_date - timezone.now()
    assert datetime.timedelta(hours=7, minutes=59) < left <= datetime.timedelta(hours=8)

    session = client.session
    session["leergang_seen"] -= 600  # last seen ten minutes ago, and the session nearly over
    session.save()
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=5))
    assert client.get(reverse("my_progress")).status_code == 200
    assert Session.objects.get().expire_date - timezone.now() > datetime.timedelta(hours=7)

    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))  # idle too long
    response = client.get(reverse("my_progress"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_personal_pages_and_exports_are_private_and_not_stored(client, make_user, site_tree):
    _home, index = site_tree
    module, steps = module_with_steps(index, "giz", lessons=1, quiz=False)
    user = make_user("Coördinator")
    certificate = Certificate.objects.create(
        user=user,
        module=module,
        code=new_certificate_code(),
        full_name="X",
        module_title="GIZ",
        completed_on=timezone.localdate(),
    )
    client.force_login(user)
    urls = [
        reverse("my_progress"),
        reverse("my_progress_export"),
        reverse("accreditation_csv"),
        reverse("certificate_pdf", args=[certificate.code]),
        reverse("team"),
        reverse("team_export"),
        steps[0].url,
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url


def test_the_admin_logs_out_only_by_post(client, make_user):
    client.force_login(make_user("Beheerder"))
    assert client.get("/admin/logout/").status_code == 405
    assert client.get(reverse("wagtailadmin_home")).status_code == 200  # still logged in
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
