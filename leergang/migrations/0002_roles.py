"""The four role groups. Their permissions are granted by ``leergang.roles`` after every migrate,
so permissions of models added later are covered too."""

from django.db import migrations

ROLES = ["Medewerker", "Teamleider", "Coördinator", "Beheerder"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("leergang", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
