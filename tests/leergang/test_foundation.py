import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError
from django.test import override_settings
from django.urls import reverse

from leergang.models import User
from tests.assertions import assert_sent_to_admin_login


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_from_learner_pages(client, site_tree):
    for url in [
        "/",
        "/modules/",
        reverse("my_progress"),
        reverse("kaart:kaart_index"),
        reverse("search") + "?q=GIZ",
        reverse("team"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.django_db
def test_login_page_is_dutch_and_public(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl"' in html
    assert "Inloggen" in html
    assert "Wachtwoord" in html
    assert 'href="#main"' in html  # skip link


@pytest.mark.django_db
def test_wrong_password_gets_a_dutch_message_and_keeps_the_username(client, demo_accounts):
    response = client.post(reverse("login"), {"username": "medewerker", "password": "fout"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "gebruikersnaam" in html.lower() and "wachtwoord" in html.lower()
    assert 'value="medewerker"' in html


@pytest.mark.django_db
@override_settings(DEBUG=False, LEERGANG_ALLOW_DEMO_ACCOUNTS=False)
def test_demo_data_refuses_accounts_when_debug_is_off():
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_data", verbosity=0)
    assert not User.objects.filter(username="medewerker").exists()


@pytest.mark.django_db
def test_medewerker_cannot_reach_the_admin(client, make_user):
    user = make_user("Medewerker")
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert_sent_to_admin_login(response, reverse("wagtailadmin_home"))
    login_page = client.get(response["Location"])
    assert login_page.status_code == 200
    assert "Je hebt geen toegang tot de administratoropties." in login_page.content.decode()
    url = reverse("wagtailadmin_explore_root")
    assert_sent_to_admin_login(client.get(url), url)


@pytest.mark.django_db
def test_teamleider_cannot_reach_the_admin(client, make_user):
    client.force_login(make_user("Teamleider"))
    assert_sent_to_admin_login(client.get(reverse("wagtailadmin_home")), reverse("wagtailadmin_home"))


@pytest.mark.django_db
def test_coordinator_reaches_the_wagtail_admin_in_dutch(client, make_user, site_tree):
    client.force_login(make_user("Coördinator"))
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="nl"' in html
    assert "Pagina's" in html


@pytest.mark.django_db
def test_coordinator_may_edit_pages_but_not_manage_users(make_user, site_tree):
    user = make_user("Coördinator")
    _home, module_index = site_tree
    perms = module_index.permissions_for_user(user)
    assert perms.can_edit() and not perms.can_publish() and perms.can_add_subpage()  # publishing: the review
    assert not user.has_perm("leergang.add_user")
    assert not user.has_perm("leergang.change_team")


@pytest.mark.django_db
def test_beheerder_manages_users_and_teams(make_user):
    user = make_user("Beheerder")
    assert user.has_perm("wagtailadmin.access_admin")
    assert user.has_perm("leergang.change_user")
    assert user.has_perm("leergang.change_team")


@pytest.mark.django_db
def test_roles_are_created_by_migrations_and_wagtails_generic_ones_removed():
    from wagtail.models import Workflow

    # Exactly our four roles: Wagtail's "Editors"/"Moderators" could publish past the review.
    assert set(Group.objects.values_list("name", flat=True)) == {
        "Medewerker",
        "Teamleider",
        "Coördinator",
        "Beheerder",
    }
    assert not Workflow.objects.filter(name="Moderators approval").exists()


@pytest.mark.django_db
def test_login_redirects_to_the_page_asked_for(client, demo_accounts):
    response = client.post(
        reverse("login") + "?next=/mijn-voortgang/",
        {"username": "medewerker", "password": "leergang-demo", "next": reverse("my_progress")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("my_progress")


@pytest.mark.django_db
def test_password_reset_sends_a_dutch_mail(client, demo_accounts, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "medewerker@zoetermeer.example"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "wachtwoord" in mailoutbox[0].subject.lower()


@pytest.mark.django_db
def test_logout_is_a_post_and_ends_the_session(client, make_user):
    client.force_login(make_user())
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_learner_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_role_sync_makes_root_page_and_collection_permissions_exact(site_tree):
    from django.contrib.auth.models import Permission
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    from leergang.roles import sync_role_permissions

    coordinator = Group.objects.get(name="Coördinator")
    root, root_collection = Page.get_first_root_node(), Collection.get_first_root_node()
    _home, module_index = site_tree
    bulk_delete = Permission.objects.get(content_type__app_label="wagtailcore", codename="bulk_delete_page")
    delete_image = Permission.objects.get(content_type__app_label="wagtailimages", codename="delete_image")
    # Grants a role must not keep after a sync, and one elsewhere in the tree that it keeps.
    GroupPagePermission.objects.create(group=coordinator, page=root, permission=bulk_delete)
    GroupCollectionPermission.objects.create(
        group=coordinator, collection=root_collection, permission=delete_image
    )
    GroupPagePermission.objects.create(group=coordinator, page=module_index, permission=bulk_delete)
    GroupPagePermission.objects.filter(
        group=coordinator, page=root, permission__codename="lock_page"
    ).delete()

    sync_role_permissions()
    sync_role_permissions()  # idempotent

    on_root = set(
        GroupPagePermission.objects.filter(group=coordinator, page=root).values_list(
            "permission__codename", flat=True
        )
    )
    assert on_root == {"add_page", "change_page", "lock_page", "unlock_page"}
    assert not GroupCollectionPermission.objects.filter(group=coordinator, permission=delete_image).exists()
    assert GroupPagePermission.objects.filter(group=coordinator, page=module_index).exists()


@pytest.mark.django_db
def test_a_form_that_fails_the_csrf_check_gets_the_sites_dutch_page(make_user, site_tree):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user())
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Het formulier kon niet worden verstuurd" in html and "Er is niets opgeslagen" in html
    assert 'lang="nl"' in html and "utrecht" in html  # the site's own layout


@pytest.mark.django_db
def test_password_rules_are_dutch_and_say_je(client, make_user):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = make_user()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    url = f"/accounts/reset/{uid}/{default_token_generator.make_token(user)}/"
    form_url = client.get(url, follow=True).redirect_chain[-1][0]
    html = client.get(form_url).content.decode()
    assert "Je wachtwoord moet minstens 8 tekens lang zijn" in html and "Uw " not in html
    response = client.post(form_url, {"new_password1": "kort", "new_password2": "kort"})
    assert "Dit wachtwoord is te kort: gebruik minstens 8 tekens." in response.content.decode()


@pytest.mark.django_db
def test_the_admin_login_labels_are_dutch(client):
    html = client.get(reverse("wagtailadmin_login")).content.decode()
    assert ">Wachtwoord" in html and "Password" not in html


@pytest.mark.django_db
def test_a_provider_whose_form_fails_the_csrf_check_gets_the_formal_provider_page(site_tree):
    from django.test import Client
    from django.urls import reverse

    url = reverse("kaart:provider_confirm", args=["iets", "een-organisatie"])
    response = Client(enforce_csrf_checks=True).post(url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Voor uw veiligheid" in html and "Er is niets gewijzigd" in html
    assert "Uitloggen" not in html and "Mijn voortgang" not in html  # no staff navigation
