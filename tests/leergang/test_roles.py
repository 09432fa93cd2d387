"""The permission vocabulary: what `migrate` grants each role, that every name in
``leergang.roles`` exists, the table in docs/architecture.md, and the group editor."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from leergang.roles import COLLECTION_PERMISSIONS, PAGE_PERMISSIONS, ROLE_PERMISSIONS, ROLES

pytestmark = pytest.mark.django_db

CUSTOM = {
    "modules.view_all_progress": "Kan de voortgang van elk team bekijken",
    "modules.erase_learning_data": "Kan de leerdata van een persoon wissen",
    "quizzes.analyse_quizzes": "Kan toetsen analyseren (Quizanalyse, kennistoename)",
    "kaart.check_voorziening": "Kan de sociale kaart bijhouden (dekking, controle, controleverzoeken)",
    "kaart.import_voorziening": "Kan de sociale kaart als CSV importeren en exporteren",
}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def held(role):
    """What the group holds as `migrate` left it (no `roles` fixture: the sync after migrate)."""
    return {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=role).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_migrate_grants_the_custom_permissions_to_the_roles():
    assert {name for name in CUSTOM if name in held("Coördinator")} == {
        "modules.view_all_progress",
        "quizzes.analyse_quizzes",
        "kaart.check_voorziening",
        "kaart.import_voorziening",
    }
    assert set(CUSTOM) <= held("Beheerder")
    assert held("Medewerker") == set() and held("Teamleider") == set()
    assert not {p for p in held("Coördinator") if p.endswith("_apitoken")}
    assert len(held("Beheerder")) == Permission.objects.count()


def test_every_permission_named_in_the_roles_exists():
    existing = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }
    named = {name for names in ROLE_PERMISSIONS.values() for name in names if "*" not in name}
    assert named - existing == set()  # a typo would otherwise be skipped without a word
    for table in (PAGE_PERMISSIONS, COLLECTION_PERMISSIONS):
        codenames = {name for names in table.values() for name in names}
        assert codenames - set(Permission.objects.values_list("codename", flat=True)) == set()
    assert set(ROLE_PERMISSIONS) == set(ROLES)


def docs_table():
    """{permission: {roles with ✓}} from the table in docs/architecture.md."""
    text = DOCS.read_text(encoding="utf-8")
    table = text.split("<!-- permission table")[1].split("<!-- end of permission table")[0]
    rows = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 6 or not cells[0].startswith("`"):
            continue
        roles = {role for role, mark in zip(ROLES, cells[2:], strict=True) if mark == "✓"}
        for name in re.findall(r"`([a-z_]+\.[a-z_]+)`", cells[0]):
            rows[name] = roles
    return rows


def test_the_table_in_the_architecture_document_is_what_migrate_grants():
    rows = docs_table()
    assert set(CUSTOM) <= set(rows)
    assert {name: {role for role in ROLES if name in held(role)} for name in rows} == rows


def test_the_group_editor_shows_the_custom_permissions_in_dutch(client, make_user):
    admin = make_user("Beheerder")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    coordinator = Group.objects.get(name="Coördinator")
    response = client.get(reverse("wagtailusers_groups:edit", args=[coordinator.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for label in CUSTOM.values():
        assert label in html
