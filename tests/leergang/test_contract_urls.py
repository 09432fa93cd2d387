"""The URLs of the contract (docs/architecture.md) keep their paths: end-to-end checks and
bookmarks depend on them. Every other test asks ``reverse()`` for a URL by its name."""

import pytest
from django.urls import reverse

CONTRACT = [
    ("my_progress", [], "/mijn-voortgang/"),
    ("my_progress_export", [], "/mijn-voortgang/export"),
    ("certificate_check", [], "/certificaat/"),
    ("verify_certificate", ["AAAA-BBBB-CCCC-DDDD"], "/certificaat/AAAA-BBBB-CCCC-DDDD/"),
    ("team", [], "/team/"),
    ("team_export", [], "/team/export.csv"),
    ("search", [], "/zoeken/"),
    ("kaart:kaart_index", [], "/sociale-kaart/"),
    ("kaart:voorziening_detail", ["opvoedspreekuur"], "/sociale-kaart/opvoedspreekuur/"),
    ("kaart:api_services", [], "/api/sociale-kaart/"),
    ("login", [], "/accounts/login/"),
    ("invite_colleague", [], "/team/uitnodigen/"),
    ("accept_invitation", ["abc-DEF_123"], "/accounts/uitnodiging/abc-DEF_123/"),
    ("wagtailadmin_home", [], "/admin/"),
    ("healthz", [], "/healthz"),
]


@pytest.mark.parametrize(("name", "args", "path"), CONTRACT, ids=[name for name, _args, _path in CONTRACT])
def test_a_contract_url_keeps_its_path(name, args, path):
    assert reverse(name, args=args) == path


@pytest.mark.django_db
def test_the_page_tree_serves_home_modules_and_steps_under_the_contract_paths(site_tree):
    from tests.modules.factories import LessonPageFactory, ModulePageFactory

    home, _index = site_tree
    module = ModulePageFactory(title="GIZ", slug="giz")
    lesson = LessonPageFactory(parent=module, title="Wat GIZ is", slug="wat-is-giz")
    assert (home.url, module.url, lesson.url) == ("/", "/modules/giz/", "/modules/giz/wat-is-giz/")
