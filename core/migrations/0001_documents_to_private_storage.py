"""Move documents uploaded before they became private from public media to private storage."""

from django.core.files.storage import storages
from django.db import migrations

from core.storage import is_private


def move_documents(apps, schema_editor):
    Document = apps.get_model("wagtaildocs", "Document")
    public, private = storages["public_media"], storages["private"]
    for name in Document.objects.values_list("file", flat=True).iterator():
        if not name or not is_private(name) or private.exists(name) or not public.exists(name):
            continue
        with public.open(name, "rb") as handle:
            saved = private.save(name, handle)
        if saved != name:  # never expected: the private name was free a moment ago
            Document.objects.filter(file=name).update(file=saved)
        public.delete(name)


class Migration(migrations.Migration):
    dependencies = [("wagtaildocs", "0014_alter_document_file_size")]

    operations = [migrations.RunPython(move_documents, migrations.RunPython.noop)]
