"""``python -m tests.oidc_provider.seed REDIRECT_URI``: the client and the people."""

import sys

import django


def seed(redirect_uri):
    from django.contrib.auth.models import Group, User
    from oauth2_provider.models import Application

    from . import CLIENT_ID, CLIENT_SECRET, PASSWORD, PEOPLE

    for username, (email, groups) in PEOPLE.items():
        user = User.objects.create_user(
            username, email=email, password=PASSWORD, first_name=username.title(), last_name="Test"
        )
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
    Application.objects.create(
        name="Leergang Toegang",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        algorithm=Application.RS256_ALGORITHM,
    )


if __name__ == "__main__":
    django.setup()
    seed(sys.argv[1])
