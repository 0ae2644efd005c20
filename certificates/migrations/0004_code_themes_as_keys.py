# A certificate's Code themes were stored as English labels; they become keys like everywhere else.

import core.nmc
from django.db import migrations

LABEL_TO_KEY = {
    "Prioritise people": "prioritise_people",
    "Practise effectively": "practise_effectively",
    "Preserve safety": "preserve_safety",
    "Promote professionalism and trust": "promote_professionalism",
}
KEY_TO_LABEL = {key: label for label, key in LABEL_TO_KEY.items()}


def labels_to_keys(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    for certificate in Certificate.objects.exclude(code_themes=[]).iterator():
        themes = [LABEL_TO_KEY.get(item, item) for item in certificate.code_themes or []]
        certificate.code_themes = [key for key in themes if key in KEY_TO_LABEL]
        certificate.save(update_fields=["code_themes"])


def keys_to_labels(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    for certificate in Certificate.objects.exclude(code_themes=[]).iterator():
        certificate.code_themes = [KEY_TO_LABEL.get(key, key) for key in certificate.code_themes]
        certificate.save(update_fields=["code_themes"])


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0003_certificate_code_themes_certificate_content_version_and_more"),
    ]

    operations = [
        migrations.AlterField(
            model_name="certificate",
            name="code_themes",
            field=core.nmc.CodeThemesField(),
        ),
        migrations.AlterField(
            model_name="cpdentry",
            name="code_themes",
            field=core.nmc.CodeThemesField(
                verbose_name="Which parts of the Code does it relate to?"
            ),
        ),
        migrations.AlterField(
            model_name="reflectiveaccount",
            name="code_themes",
            field=core.nmc.CodeThemesField(
                verbose_name="Which parts of the Code does it relate to?"
            ),
        ),
        migrations.RunPython(labels_to_keys, keys_to_labels),
    ]
