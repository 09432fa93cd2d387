"""/accounts/password_change/ and its done page in the site's style, in Dutch; the Dutch 400 page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_person_changes_their_password(client, make_user):
    user = make_user(username="sanne")
    client.force_login(user)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<h1 class="utrecht-heading-1">Wachtwoord wijzigen</h1>' in html and 'name="old_password"' in html

    wrong = client.post(
        reverse("password_change"),
        {
            "old_password": "fout",
            "new_password1": "Zomer-in-Zoetermeer-2026",
            "new_password2": "Zomer-in-Zoetermeer-2026",
        },
    )
    assert wrong.status_code == 200

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-test-123",
            "new_password1": "Zomer-in-Zoetermeer-2026",
            "new_password2": "Zomer-in-Zoetermeer-2026",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    done = client.get(reverse("password_change_done"))
    assert done.status_code == 200 and "Je wachtwoord is gewijzigd" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password("Zomer-in-Zoetermeer-2026")


def test_a_bad_request_gets_the_dutch_400_page(client, settings, site_tree):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = client.post(reverse("login"), {f"veld{n}": "x" for n in range(10)})
    assert response.status_code == 400
    assert "Ongeldig verzoek" in response.content.decode()
