"""The HSDS ids are stored and stable: a revision (also one from before the id existed) never
changes it."""

import pytest
from django.urls import reverse

from content.kaart.models import Voorziening

from .factories import VoorzieningFactory

pytestmark = pytest.mark.django_db


def test_new_entries_get_distinct_ids_and_a_revision_keeps_them():
    first, second = VoorzieningFactory(), VoorzieningFactory()
    assert first.hsds_id != second.hsds_id
    old = first.latest_revision
    content = dict(old.content)
    content.pop("hsds_id", None)  # as a revision written before the field existed
    old.content = content
    old.save()
    old.publish()
    assert Voorziening.objects.get(pk=first.pk).hsds_id == first.hsds_id


def test_a_service_answers_to_its_id_and_to_its_key(client, make_user):
    entry = VoorzieningFactory()
    client.force_login(make_user())
    by_id = client.get(reverse("kaart:hsds_services_detail", args=[entry.hsds_id])).json()
    by_key = client.get(reverse("kaart:hsds_services_detail", args=[entry.slug])).json()
    assert by_id == by_key and by_id["id"] == str(entry.hsds_id)
