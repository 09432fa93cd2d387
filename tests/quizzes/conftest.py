import pytest

from .factories import QuizPageFactory, module_with_lessons


@pytest.fixture
def module(site_tree):
    _home, index = site_tree
    return module_with_lessons(index)


@pytest.fixture
def quiz(module):
    return QuizPageFactory(parent=module)


@pytest.fixture
def medewerker(make_user):
    return make_user("Medewerker", username="sanne")


@pytest.fixture
def coordinator(make_user):
    return make_user("Coördinator", username="ilse")


@pytest.fixture
def learner_client(client, medewerker):
    client.force_login(medewerker)
    return client
