# The stable HSDS ids. Existing rows keep the ids the API gave them before (derived from the
# primary key), so systems that read the API see no change; new rows get a random UUID.

import uuid

from django.db import migrations, models

#: The namespace the API derived its ids from before they were stored.
ID_NAMESPACE = uuid.UUID("6f1d8a57-2b8e-4a5b-9a55-5c1e0a7d2c11")
KINDS = {
    "category": ("taxonomy_term", "categorie"),
    "organisation": ("organization",),
    "voorziening": ("service",),
}
HELP = "The stable id of the HSDS API (docs/api-sociale-kaart.md); never changes."


def fill_ids(apps, schema_editor):
    for model_name, kind in KINDS.items():
        model = apps.get_model("kaart", model_name)
        rows = list(model.objects.only("pk"))
        for row in rows:
            row.hsds_id = uuid.uuid5(ID_NAMESPACE, ":".join([*kind, str(row.pk)]))
        model.objects.bulk_update(rows, ["hsds_id"], batch_size=500)


def field(**kwargs):
    return models.UUIDField(editable=False, help_text=HELP, verbose_name="HSDS id", **kwargs)


class Migration(migrations.Migration):
    dependencies = [
        ("kaart", "0001_initial"),
    ]

    operations = [
        *[migrations.AddField(model_name=name, name="hsds_id", field=field(null=True)) for name in KINDS],
        migrations.RunPython(fill_ids, migrations.RunPython.noop),
        *[
            migrations.AlterField(
                model_name=name, name="hsds_id", field=field(default=uuid.uuid4, unique=True)
            )
            for name in KINDS
        ],
    ]
