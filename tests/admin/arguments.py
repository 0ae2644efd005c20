"""Real arguments for every admin URL: an object of the right model, each page type, each bulk
action, each setting; and the searches and filters each list is opened with."""

from urllib.parse import urlencode

from django.apps import apps
from django.utils import timezone
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site, Task, Workflow, get_page_models

from law.models import Provision, ProvisionChange


def _pages(w, *tags):
    return [(w.pages[tag].pk, tag) for tag in tags]


CONTENT_PAGES = ("home", "index", "course", "module")
PAGE_MODELS = [model for model in get_page_models() if model is not Page]


def _pk(w, name, model):
    by_namespace = {
        "wagtailadmin_collections": Collection,
        "wagtailadmin_api:pages": Page,
        "wagtailadmin_api:documents": get_document_model(),
        "wagtailadmin_api:images": get_image_model(),
    }
    namespace = name.rpartition(":")[0]
    if namespace == "wagtailadmin_workflows":
        model = Task if "task" in name else Workflow
    model = by_namespace.get(namespace, model)
    if model is None and namespace.startswith("wagtailsnippets_"):
        # A viewset's own view (like the question bank's edit) has no model of its own.
        app_label, model_name = namespace.removeprefix("wagtailsnippets_").split("_", 1)
        model = apps.get_model(app_label, model_name)
    if model is None:
        raise LookupError(f"{name}: teach _pk which model its pk is")
    return [(w.object_of(model).pk, "")]


# kwarg name -> (world, url name, model) -> [(value, tag)]. Several kwargs multiply.
KWARGS = {
    "pk": _pk,
    "page_id": lambda w, name, model: _pages(w, *CONTENT_PAGES),
    "parent_page_id": lambda w, name, model: _pages(w, "root", *CONTENT_PAGES),
    "page_to_move_id": lambda w, name, model: _pages(w, *CONTENT_PAGES),
    "image_id": lambda w, name, model: [(w.image.pk, "")],
    "document_id": lambda w, name, model: [(w.document.pk, "")],
    "doc_id": lambda w, name, model: [(w.document.pk, "")],
    "media_id": lambda w, name, model: [(w.media.pk, "")],
    "redirect_id": lambda w, name, model: [(w.redirect.pk, "")],
    "collection_id": lambda w, name, model: [(w.collection.pk, "")],
    "task_id": lambda w, name, model: [(w.task.pk, "")],
    "certificate_id": lambda w, name, model: [(w.certificate.pk, "")],
    "profile_id": lambda w, name, model: [(w.profile.pk, "")],
    "user_id": lambda w, name, model: [(w.learner.pk, "")],
    "assignment_id": lambda w, name, model: [(w.assignment.pk, "")],
    "import_id": lambda w, name, model: [(w.staff_import.pk, "")],
    "provision_id": lambda w, name, model: [(w.objects[Provision].pk, "")],
    "change_id": lambda w, name, model: [(ProvisionChange.objects.get().pk, "")],
    "quiz_id": lambda w, name, model: [
        (w.attitude_quiz.pk if name == "quizzes_admin:attitude" else w.knowledge_quiz.pk, "")
    ],
    "export_format": lambda w, name, model: [("csv", "csv"), ("xlsx", "xlsx")],
    "filter_spec": lambda w, name, model: [("fill-100x100", "")],
    "media_type": lambda w, name, model: [
        (kind, kind)
        for kind in (
            ("audio", "video", "media") if name == "wagtailmedia:add" else ("audio", "video")
        )
    ],
    # POST-only views answer 405 before they look anything up.
    "uploaded_file_id": lambda w, name, model: [(1, "")],
}


def _bulk_actions(w):
    bulk_action_registry.get_bulk_actions_for_model("wagtailcore", "page")  # scans the hooks
    for app_label, models in sorted(bulk_action_registry.actions.items()):
        for model_name, actions in sorted(models.items()):
            for action in sorted(actions):
                model = next(m for m in actions[action].models if m._meta.model_name == model_name)
                yield (
                    {"app_label": app_label, "model_name": model_name, "action": action},
                    f"{app_label}.{model_name}.{action}",
                    {"id": w.object_of(model).pk},
                )


def _page_types(w):
    for model in PAGE_MODELS:
        yield {"app_label": model._meta.app_label, "model_name": model._meta.model_name}


def _page_add(w):
    """Each page type under each existing page that may hold it."""
    for model in PAGE_MODELS:
        for tag in ("root", *CONTENT_PAGES):
            parent = w.pages[tag]
            if model in parent.specific_class.allowed_subpage_models():
                yield (
                    {
                        "content_type_app_name": model._meta.app_label,
                        "content_type_model_name": model._meta.model_name,
                        "parent_page_id": parent.pk,
                    },
                    f"{model.__name__}-under-{tag}",
                )


def _settings(w, with_pk):
    site = Site.objects.get()
    for model in settings_registry:
        kwargs = {"app_name": model._meta.app_label, "model_name": model._meta.model_name}
        if with_pk:
            kwargs["pk"] = site.pk
        yield kwargs, model._meta.label


def _revisions(w):
    for tag in CONTENT_PAGES:
        yield {"page_id": w.pages[tag].pk, "revision_id": w.pages[tag].latest_revision_id}, tag


def _task_state_kwargs(w):
    for action in ("approve", "reject"):
        yield (
            {"page_id": w.moderated.pk, "action_name": action, "task_state_id": w.task_state.pk},
            action,
        )


# url name -> world -> [(kwargs, tag) or (kwargs, tag, query)], for arguments that go together.
def _scorm_dispatch(w):
    from scorm import services as scorm_services

    dispatch = scorm_services.dispatch_create(
        course=w.course, version="1.2", lms_name="ESR", user=None
    )
    return [({"course_id": w.course.pk, "dispatch_id": dispatch.pk}, "esr")]


JOINT = {
    "wagtail_bulk_action": lambda w: list(_bulk_actions(w)),
    "scorm_export": lambda w: [({"course_id": w.course.pk}, "course")],
    "scorm_dispatch": _scorm_dispatch,
    "wagtailadmin_pages:add": lambda w: list(_page_add(w)),
    "wagtailadmin_pages:preview_on_add": lambda w: list(_page_add(w)),
    "wagtailadmin_pages:choose_parent": lambda w: [
        (kwargs, kwargs["model_name"]) for kwargs in _page_types(w)
    ],
    "wagtailadmin_pages:type_use": lambda w: [
        (
            {"content_type_app_name": k["app_label"], "content_type_model_name": k["model_name"]},
            k["model_name"],
        )
        for k in _page_types(w)
    ],
    "wagtailadmin_pages:type_use_results": lambda w: JOINT["wagtailadmin_pages:type_use"](w),
    "wagtailadmin_api:pages:action": lambda w: [
        ({"pk": w.pages["module"].pk, "action_name": "copy"}, "module")
    ],
    "wagtailadmin_pages:convert_alias": lambda w: [({"page_id": w.alias.pk}, "alias")],
    "wagtailadmin_pages:move_confirm": lambda w: [
        ({"page_to_move_id": w.pages["module"].pk, "destination_id": w.course.pk}, "module"),
        ({"page_to_move_id": w.course.pk, "destination_id": w.pages["index"].pk}, "course"),
    ],
    "wagtailadmin_pages:revisions_view": lambda w: list(_revisions(w)),
    "wagtailadmin_pages:revisions_revert": lambda w: list(_revisions(w)),
    "wagtailadmin_pages:revisions_unschedule": lambda w: [
        ({"page_id": w.course.pk, "revision_id": w.scheduled.pk}, "course")
    ],
    "wagtailadmin_pages:revisions_compare": lambda w: [
        ({"pk": w.pages[tag].pk, "revision_id_a": "earliest", "revision_id_b": "latest"}, tag)
        for tag in CONTENT_PAGES
    ],
    "wagtailadmin_pages:workflow_action": lambda w: list(_task_state_kwargs(w)),
    "wagtailadmin_pages:collect_workflow_action_data": lambda w: list(_task_state_kwargs(w)),
    "wagtailadmin_pages:confirm_workflow_cancellation": lambda w: [
        ({"page_id": w.moderated.pk}, "moderated")
    ],
    "wagtailadmin_pages:workflow_preview": lambda w: [
        ({"page_id": w.moderated.pk, "task_id": w.task.pk}, "moderated")
    ],
    "wagtailadmin_pages:workflow_history": lambda w: [({"page_id": w.moderated.pk}, "moderated")],
    "wagtailadmin_pages:workflow_history_detail": lambda w: [
        ({"page_id": w.moderated.pk, "workflow_state_id": w.workflow_state.pk}, "moderated")
    ],
    "wagtailadmin_pages:unlock": lambda w: [({"page_id": w.locked.pk}, "locked")],
    "wagtailadmin_workflows:remove": lambda w: [
        ({"page_pk": w.pages["root"].pk}, "root"),
        ({"page_pk": w.pages["root"].pk, "workflow_pk": w.workflow.pk}, "root"),
    ],
    "wagtailadmin_workflows:add_task": lambda w: [
        ({"app_label": "wagtailcore", "model_name": "groupapprovaltask"}, "")
    ],
    "wagtailadmin_tag_model_autocomplete": lambda w: [
        ({"app_name": "taggit", "model_name": "tag"}, "")
    ],
    "wagtailadmin_editing_sessions:ping": lambda w: [
        (
            {
                "app_label": "wagtailcore",
                "model_name": "page",
                "object_id": w.editing_session.object_id,
                "session_id": w.editing_session.pk,
            },
            "",
        )
    ],
    "wagtailadmin_editing_sessions:release": lambda w: [({"session_id": w.editing_session.pk}, "")],
    "wagtailsettings:edit": lambda w: [*_settings(w, False), *_settings(w, True)],
    "wagtailsettings:preview_on_edit": lambda w: list(_settings(w, True)),
}

# url name -> world -> the query a screen needs to show something, or [(tag, query)] to open it
# several times.
QUERIES = {
    "wagtailadmin_tag_autocomplete": lambda w: {"term": "imha"},
    "wagtailadmin_tag_model_autocomplete": lambda w: {"term": "imha"},
    "wagtailadmin_choose_page_search": lambda w: {"q": "imha"},
    "wagtailadmin_pages:search": lambda w: {"q": "imha"},
    "wagtailadmin_pages:search_results": lambda w: {"q": "imha"},
    "wagtailadmin_choose_page_chosen_multiple": lambda w: {"id": w.pages["module"].pk},
    "wagtailadmin_api:pages:listing": lambda w: {"child_of": w.course.pk},
    "wagtailadmin_api:pages:find": lambda w: {"html_path": w.pages["module"].url},
    "wagtailadmin_api:documents:find": lambda w: {"id": w.document.pk},
    "wagtailadmin_api:images:find": lambda w: {"id": w.image.pk},
    "wagtailadmin_workflows:task_chooser_create": lambda w: {
        "create_model": "wagtailcore.groupapprovaltask"
    },
    "wagtailadmin_block_preview": lambda w: [
        (name, {"id": block.definition_prefix}) for name, block in stream_blocks()
    ],
}

# Extra visits of screens whose filters are plain forms rather than Wagtail filtersets.
EXTRA = {
    "tracking_admin:dashboard": lambda w: [
        {"unit": w.team.pk},
        {"unit": w.team.pk, "course": w.course.pk},
        {"status": "overdue"},
        {"role": w.profile.role.pk},
        {"completed_from": "2020-01-01", "completed_to": timezone.localdate().isoformat()},
    ],
    "tracking_admin:export": lambda w: [{"unit": w.team.pk, "course": w.course.pk}],
    "certificates_admin:list": lambda w: [{"q": w.certificate.learner_name}, {"p": "2"}],
    # wagtailmedia's list is a function view: its search and collection filter are spelled out.
    "wagtailmedia:index": lambda w: [
        {"q": "imha"},
        {"collection_id": w.collection.pk},
        {"tag": "imha-demo"},
        {"ordering": "-created_at"},
    ],
}


def stream_blocks():
    """Each block that a page type's StreamFields offer, for the block picker's preview."""
    for model in PAGE_MODELS:
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                for name, block in field.stream_block.child_blocks.items():
                    yield f"{model.__name__}.{field.name}.{name}", block


def _with_query(path, query):
    return f"{path}?{urlencode(query, doseq=True)}" if query else path
