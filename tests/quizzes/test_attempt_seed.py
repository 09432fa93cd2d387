"""The shuffle seed of an attempt: keyed with the site's secret through Django's salted_hmac."""

from django.test import override_settings

from quizzes.forms import attempt_seed


def test_the_seed_is_stable_per_attempt_and_differs_between_people_and_attempts():
    seed = attempt_seed(1, 10, 1)
    assert attempt_seed(1, 10, 1) == seed
    assert len({seed, attempt_seed(2, 10, 1), attempt_seed(1, 11, 1), attempt_seed(1, 10, 2)}) == 4
    assert 0 <= seed < 2**64


def test_the_seed_depends_on_the_secret_key():
    seed = attempt_seed(1, 10, 1)
    with override_settings(SECRET_KEY="another-secret-for-this-test"):
        assert attempt_seed(1, 10, 1) != seed
