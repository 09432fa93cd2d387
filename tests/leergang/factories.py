"""Factories for the organisation: users with a role, teams and staff profiles.

``UserFactory(role="Coördinator", profile__team=team)`` makes a user in the role group with a
staff profile in ``team``; ``role=None`` gives no role, ``profile=None`` no profile. The role
groups themselves come from the migrations (the ``roles`` fixture re-syncs them after a flush).
"""

import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory, Password

from leergang.models import OrganisationType, StaffProfile, Team, User
from leergang.roles import MEDEWERKER

PASSWORD = "pw-test-123"  # test accounts only


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")
    organisation = OrganisationType.JGH


class RoleGroup(factory.declarations.PostGenerationDeclaration):
    """``role="Teamleider"``: the user joins that role group. Not given: Medewerker. ``None``: no role."""

    def __init__(self, default):
        super().__init__()
        self.default = default

    def call(self, instance, step, context):
        name = context.value if context.value_provided else self.default
        if name and step.builder.strategy == factory.enums.CREATE_STRATEGY:
            instance.groups.add(Group.objects.get(name=name))


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Naam{n}")
    password = Password(PASSWORD)
    role = RoleGroup(default=MEDEWERKER)
    profile = factory.RelatedFactory(
        "tests.leergang.factories.StaffProfileFactory", factory_related_name="user"
    )


class StaffProfileFactory(DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory, profile=None)
    team = None
