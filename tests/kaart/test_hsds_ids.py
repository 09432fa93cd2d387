"""The HSDS ids are stored and stable: the migration gives existing rows the ids the API gave
them before, a revision (also one from before the id existed) never changes it."""

import importlib
import uuid

import pytest
from django.apps import apps
from django.urls import reverse

from content.kaart.models import Voorziening
from content.kaart.serializers import ID_NAMESPACE

from .factories import VoorzieningFactory

pytestmark = pytest.mark.django_db


def test_the_migration_fills_existing_rows_with_the_ids_the_api_gave_before():
    entry = VoorzieningFactory()
    migration = importlib.import_module("content.kaart.migrations.0002_hsds")
    migration.fill_ids(apps, None)
    entry.refresh_from_db()
    entry.organisation.refresh_from_db()
    entry.category.refresh_from_db()
    assert entry.hsds_id == uuid.uuid5(ID_NAMESPACE, f"service:{entry.pk}")
    assert entry.organisation.hsds_id == uuid.uuid5(ID_NAMESPACE, f"organization:{entry.organisation.pk}")
    assert entry.category.hsds_id == uuid.uuid5(ID_NAMESPACE, f"taxonomy_term:categorie:{entry.category.pk}")


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
