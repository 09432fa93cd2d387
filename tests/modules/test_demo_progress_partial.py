"""demo_progress on a site that lacks what it builds on: it skips what is missing."""

import pytest
from django.core.management import call_command

from leergang.demo import create_demo_organisation
from modules.models import LearningPath

from .factories import leerplan_modules
from .test_demo_progress import counts

pytestmark = pytest.mark.django_db


def test_demo_progress_skips_what_is_missing(site_tree, roles):
    call_command("demo_progress", verbosity=0)  # no modules at all
    assert counts() == (0, 0, 0, 0, 0, 0)
    create_demo_organisation()
    leerplan_modules(site_tree[1], only={"giz"})
    call_command("demo_progress", verbosity=0)
    path = LearningPath.objects.get()
    assert [i.module.slug for i in path.items.all()] == ["giz"]
