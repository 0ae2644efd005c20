# The four Code booleans on a course become one list of theme keys, in the pages and in their
# revisions (so publishing an older draft keeps its themes).

import core.nmc
from django.db import migrations, models

BOOLEANS = {
    "code_prioritise_people": "prioritise_people",
    "code_practise_effectively": "practise_effectively",
    "code_preserve_safety": "preserve_safety",
    "code_promote_professionalism": "promote_professionalism",
}


def themes_of(values: dict) -> list[str]:
    return [key for field, key in BOOLEANS.items() if values.get(field)]


def booleans_to_keys(apps, schema_editor):
    CoursePage = apps.get_model("courses", "CoursePage")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for page in CoursePage.objects.all():
        page.code_themes = themes_of({field: getattr(page, field) for field in BOOLEANS})
        page.save(update_fields=["code_themes"])
    content_type = ContentType.objects.filter(app_label="courses", model="coursepage").first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(content_type=content_type).iterator():
        content = dict(revision.content)
        if "code_themes" in content and not any(field in content for field in BOOLEANS):
            continue
        content["code_themes"] = themes_of(content)
        for field in BOOLEANS:
            content.pop(field, None)
        revision.content = content
        revision.save(update_fields=["content"])


def keys_to_booleans(apps, schema_editor):
    CoursePage = apps.get_model("courses", "CoursePage")
    for page in CoursePage.objects.all():
        for field, key in BOOLEANS.items():
            setattr(page, field, key in (page.code_themes or []))
        page.save(update_fields=list(BOOLEANS))


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0003_coursepage_code_practise_effectively_and_more"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="coursepage",
            name="code_themes",
            field=core.nmc.CodeThemesField(
                help_text="The parts of the Code this course supports.",
                verbose_name="NMC Code themes",
            ),
        ),
        migrations.AddField(
            model_name="coursepage",
            name="cpd_relevance",
            field=models.TextField(
                blank=True,
                help_text=(
                    "One or two sentences for each learner's CPD record: how this learning "
                    "relates to their practice. The course summary is used if this is empty."
                ),
                max_length=1000,
                verbose_name="how it relates to practice",
            ),
        ),
        migrations.RunPython(booleans_to_keys, keys_to_booleans),
        migrations.RemoveField(model_name="coursepage", name="code_practise_effectively"),
        migrations.RemoveField(model_name="coursepage", name="code_preserve_safety"),
        migrations.RemoveField(model_name="coursepage", name="code_prioritise_people"),
        migrations.RemoveField(model_name="coursepage", name="code_promote_professionalism"),
    ]
