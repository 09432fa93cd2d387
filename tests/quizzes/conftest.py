import pytest

from .factories import make_module, make_quiz


@pytest.fixture
def module(site_tree):
    _home, index = site_tree
    return make_module(index)


@pytest.fixture
def quiz(module):
    return make_quiz(module)


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
