import pytest

from leergang.models import Team
from tests.modules.factories import LessonPageFactory, ModulePageFactory

from .factories import ScenarioPageFactory


@pytest.fixture
def module(site_tree):
    _home, index = site_tree
    module = ModulePageFactory(
        parent=index, title="GIZ", slug="giz", learning_goals="samen beslissen\ngezinsdoelen kiezen"
    )
    LessonPageFactory(parent=module, title="Les 1", slug="les-1")
    return module


@pytest.fixture
def scenario(module):
    return ScenarioPageFactory(parent=module)


@pytest.fixture
def team(db):
    return Team.objects.create(name="JGH Noord", organisation="jgh")


@pytest.fixture
def other_team(db):
    return Team.objects.create(name="JGH Zuid", organisation="jgh")


@pytest.fixture
def learner(make_user, team):
    return make_user("Medewerker", team=team, username="yusuf")
