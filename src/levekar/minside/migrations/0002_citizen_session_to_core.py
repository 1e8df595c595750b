# The link from an ID-porten session to ours moves to core.ProviderSession, which staff
# SSO's front-channel logout shares; the existing links are copied so that sessions open
# during the upgrade can still be ended by ID-porten.

from django.db import migrations


def copy_links(apps, schema_editor):
    old = apps.get_model("minside", "CitizenSession")
    new = apps.get_model("core", "ProviderSession")
    new.objects.bulk_create(
        new(provider="idporten", sid=row.sid, session_key=row.session_key,
            created_at=row.created_at) for row in old.objects.iterator())


def copy_back(apps, schema_editor):
    old = apps.get_model("minside", "CitizenSession")
    new = apps.get_model("core", "ProviderSession")
    old.objects.bulk_create(
        old(sid=row.sid, session_key=row.session_key, created_at=row.created_at)
        for row in new.objects.filter(provider="idporten").iterator())


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0007_provider_session"),
        ("minside", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_links, copy_back),
        migrations.DeleteModel(name="CitizenSession"),
    ]
