"""Every screen of the Wagtail admin, opened as each staff role with the demo trust loaded.

A question type's list once answered 500 for everyone, because no test opened it (django-filter
cannot build a filter from ``list_filter = ["tags"]`` on a TaggableManager). This walk opens every
URL the resolver has under /admin/ as a trainer, an L&D manager, a line manager and an admin: each
list plain, searched, and with each of its filters set to a real value; each object's screens for
an object that exists. Every answer is checked against AREAS (who a trust lets in), with the few
screens that answer otherwise on purpose in BY_DESIGN and today's known gaps in KNOWN; no other
answer may be a 5xx. It only sends GETs, so nothing is changed (each visit is also rolled back).

It fails when an admin URL name appears that AREAS does not place and SKIP does not list, or whose
URL arguments it cannot build (teach KWARGS or JOINT). ``pytest -s`` prints a line per role.
"""

import datetime
import fnmatch
import io
import itertools
import random
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import pytest
from django import forms
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import transaction
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image as PILImage
from taggit.models import Tag
from wagtail.admin.models import EditingSession
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site, Task, Workflow, get_page_models
from wagtailmedia.models import get_media_model

from accounts.models import User
from accounts.roles import TRAINERS
from certificates import services as certificate_services
from courses.models import CourseCompletion, CourseIndexPage, CoursePage, HomePage, ModulePage
from demo.trust import TRUST
from organisation.models import JobRole, ManagerScope, OrgUnit, StaffGroup, StaffProfile
from quizzes import services as quiz_services
from quizzes.models import (
    QUESTION_TYPES,
    MultipleResponseQuestion,
    Question,
    Quiz,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from tests import builders
from tracking.models import Assignment

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROLES = ("trainer", "ld_manager", "line_manager", "admin")
EVERYONE = frozenset(ROLES)
# Everyone the admin lets in (access_admin): all but the line manager.
IN_ADMIN = frozenset({"trainer", "ld_manager", "admin"})
TRAINER = frozenset({"trainer", "admin"})
LD = frozenset({"ld_manager", "admin"})
ADMIN = frozenset({"admin"})
NOBODY = frozenset()

# Who may open each admin screen: (glob over "url name@tag", roles), first match wins. The tag
# says which object a visit opens (a page, a bulk action's model) where that decides. Bridge's own
# screens are listed one by one, as each view checks its own permission: a new one is placed on
# purpose rather than inheriting a namespace's roles.
AREAS = [
    # Served to anyone, signed in or not: the admin's icons and translations.
    ("wagtailadmin_sprite", EVERYONE),
    ("wagtailadmin_javascript_catalog", EVERYONE),
    # Bridge's reports. The quiz reports are for trainers and L&D (quizzes.view_quiz); compliance,
    # certificates, assignments and the staff import are L&D's; revoking and erasing are admins'.
    ("quizzes_admin:item_analysis_index", TRAINER | LD),
    ("quizzes_admin:item_analysis", TRAINER | LD),
    ("quizzes_admin:item_analysis_csv", TRAINER | LD),
    ("quizzes_admin:attitude_index", TRAINER | LD),
    ("quizzes_admin:attitude", TRAINER | LD),
    ("certificates_admin:list", LD),
    ("certificates_admin:revoke", ADMIN),
    ("tracking_admin:dashboard", LD),
    ("tracking_admin:export", LD),
    ("tracking_admin:assignments", LD),
    ("tracking_admin:assignment_remove", LD),
    ("tracking_admin:person", LD),
    ("organisation_admin:import", LD),
    ("tracking_admin:erase", ADMIN),
    # The question bank and quizzes are the trainers'. L&D read the quiz list (view_quiz, given
    # for the reports) and use the quiz chooser; they change nothing in the bank.
    ("wagtailsnippets_quizzes_quiz:list*", TRAINER | LD),
    ("wagtailsnippetchoosers_quizzes_quiz:cho*", TRAINER | LD),
    ("wagtailsnippets_quizzes_*", TRAINER),
    ("wagtailsnippetchoosers_quizzes_*", TRAINER),
    ("wagtail_bulk_action@quizzes.*", TRAINER),
    # Staff records are L&D's: they add and change them (an admin deletes), choosing a unit, a job
    # role and a line manager, so they may also read the lists of units and job roles. The rest of
    # the organisation (changing units and roles; groups, L&D scopes) is set up by an admin.
    ("wagtailsnippets_organisation_orgunit:list*", LD),
    ("wagtailsnippets_organisation_jobrole:list*", LD),
    ("wagtailsnippets_organisation_staffprofile:delete", ADMIN),
    ("wagtailsnippets_organisation_staffprofile:*", LD),
    ("wagtailsnippetchoosers_organisation_staffprofile:*", LD),
    ("wagtailsnippetchoosers_organisation_orgunit:cho*", LD),
    ("wagtailsnippetchoosers_organisation_jobrole:cho*", LD),
    ("wagtailsnippets_organisation_*", ADMIN),
    ("wagtailsnippetchoosers_organisation_*", ADMIN),
    ("wagtail_bulk_action@organisation.*", ADMIN),
    # Every snippet has a menu of its own, so Wagtail's snippet index lists none and refuses all.
    ("wagtailsnippets:index", NOBODY),
    # Pages are the trainers', beneath the site's home page. The tree's root holds the one home
    # page (HomePage.max_count = 1), so nobody adds there. A module has no subpage types. Trainers
    # have no bulk_delete, so they delete leaf pages (a module), never a course with its modules.
    # A page scheduled to go live (the course) is locked until it is unscheduled, so nobody
    # unpublishes it meanwhile. Approving and rejecting is the Moderators' task (admins): trainers
    # submit pages for it.
    ("wagtailadmin_pages:*@*root", NOBODY),
    ("wagtailadmin_pages:add_subpage@module", NOBODY),
    ("wagtailadmin_pages:unpublish@course", NOBODY),
    ("wagtailadmin_pages:delete@home", ADMIN),
    ("wagtailadmin_pages:delete@index", ADMIN),
    ("wagtailadmin_pages:delete@course", ADMIN),
    ("wagtailadmin_pages:workflow_action@*", ADMIN),
    ("wagtailadmin_pages:collect_workflow_action_data@*", ADMIN),
    ("wagtailadmin_pages:workflow_preview@*", ADMIN),
    # Wagtail asks no permission of these (each changes nothing and names only public pages or a
    # workflow): creating a page offers only parents the user may add beneath (none for L&D); a
    # move's confirmation is shown to anyone, the move itself is refused.
    ("wagtailadmin_pages:choose_parent", IN_ADMIN),
    ("wagtailadmin_pages:move_confirm", IN_ADMIN),
    ("wagtailadmin_pages:confirm_workflow_cancellation", IN_ADMIN),
    ("wagtailadmin_choose_page*", IN_ADMIN),
    ("wagtailadmin_pages:*", TRAINER),
    ("wagtailadmin_explore*", TRAINER),
    ("wagtailadmin_api:pages:*", TRAINER),
    ("wagtail_bulk_action@wagtailcore.*", TRAINER),
    # Images, documents and films are the trainers'. Their choosers list only what the user may
    # choose, so other staff open them and find nothing.
    ("wagtailimages_chooser:choose*", IN_ADMIN),
    ("wagtailimages_chooser:chosen_multiple", IN_ADMIN),
    ("wagtaildocs_chooser:choose*", IN_ADMIN),
    ("wagtaildocs_chooser:chosen_multiple", IN_ADMIN),
    ("wagtailmedia:chooser", IN_ADMIN),
    ("wagtailmedia:chooser_typed", IN_ADMIN),
    ("wagtailimages*", TRAINER),
    ("wagtaildocs*", TRAINER),
    ("wagtailmedia:*", TRAINER),
    ("wagtailadmin_api:images:*", TRAINER),
    ("wagtailadmin_api:documents:*", TRAINER),
    ("wagtail_bulk_action@wagtailimages.*", TRAINER),
    ("wagtail_bulk_action@wagtaildocs.*", TRAINER),
    # Wagtail's content reports, for those who edit pages. Site history lists only entries about
    # what the reader may see (pages and questions for a trainer, staff records for L&D).
    ("wagtailadmin_reports:locked_pages*", TRAINER),
    ("wagtailadmin_reports:workflow*", TRAINER),
    ("wagtailadmin_reports:aging_pages*", TRAINER),
    ("wagtailadmin_reports:page_types_usage*", TRAINER),
    ("wagtailadmin_reports:site_history*", IN_ADMIN),
    ("wagtailforms:index*", TRAINER),
    # Every member of staff in the admin has a home, an account, their dismissed tips, editing
    # sessions, the embed and link forms, tag suggestions and block previews for an editor, and
    # Wagtail's workflow task chooser (it names the tasks; making one needs add_task).
    ("wagtailadmin_home", IN_ADMIN),
    ("wagtailadmin_account", IN_ADMIN),
    ("wagtailadmin_dismissibles", IN_ADMIN),
    ("wagtailadmin_editing_sessions:*", IN_ADMIN),
    ("wagtailembeds:*", IN_ADMIN),
    ("wagtailadmin_tag*autocomplete", IN_ADMIN),
    ("wagtailadmin_block_preview", IN_ADMIN),
    ("wagtailadmin_workflows:task_chooser*", IN_ADMIN),
    ("wagtailadmin_workflows:task_chosen", IN_ADMIN),
    # Running the site is the admins': users, groups, sites, settings, collections, workflows,
    # redirects and the rest of the reports.
    ("wagtail_bulk_action@accounts.*", ADMIN),
    ("wagtailusers_*", ADMIN),
    ("wagtailsites:*", ADMIN),
    ("wagtailsettings:*", ADMIN),
    ("wagtailadmin_collections:*", ADMIN),
    ("wagtailadmin_workflows:*", ADMIN),
    ("wagtailredirects:*", ADMIN),
    ("wagtailadmin_reports:*", ADMIN),
]

# Admin URL names the walk does not open, each with the reason.
SKIP = {
    "wagtailadmin_login": "the public sign-in page (tests/security covers it)",
    "wagtailadmin_logout": "it signs the walking user out (and Django's LogoutView is POST only)",
    "wagtailadmin_password_reset": "a public page for people who cannot sign in",
    "wagtailadmin_password_reset_done": "a public page for people who cannot sign in",
    "wagtailadmin_password_reset_confirm": "a public page, reached by a mailed one-time token",
    "wagtailadmin_password_reset_complete": "a public page for people who cannot sign in",
    "wagtailadmin_error_test": "Wagtail's /admin/failwhale/ raises on purpose to show the 500 page",
    "wagtailforms:list_submissions": "Bridge has no form page type, so no page has submissions",
    "wagtailforms:list_submissions_results": "Bridge has no form page type",
    "wagtailforms:delete_submissions": "Bridge has no form page type",
}

# Screens that answer something other than AREAS says, on purpose: glob -> (answer, roles, why).
BY_DESIGN = {
    "wagtailsnippets_quizzes_question:add": (
        "404",
        IN_ADMIN,
        "a question is added through its own type (a bare base question cannot be answered)",
    ),
    "wagtailimages:url_generator*": (
        "404",
        TRAINER,
        "Bridge does not serve dynamic image renditions (there is no wagtailimages_serve URL)",
    ),
    "wagtailadmin_pages:choose_parent@homepage": (
        "denied",
        ADMIN,
        "the one home page exists (max_count 1), so Wagtail refuses an admin a parent to add"
        " another beneath; other staff get its form with no parent to pick",
    ),
    "wagtailsettings:preview_on_edit": (
        "404",
        ADMIN,
        "no setting model is previewable",
    ),
}

# Answers that differ from what a trust expects today: glob -> (roles, answer, why). Each stays
# until it is fixed; the walk fails when one stops happening, so the entry goes with the fix.
KNOWN = {
    "wagtailadmin_api:images:*": (
        IN_ADMIN,
        "ok",
        "Wagtail's admin API lists every image to anyone in the admin, whatever their collections",
    ),
    "wagtailadmin_api:documents:*": (
        IN_ADMIN,
        "ok",
        "Wagtail's admin API lists every document to anyone in the admin, whatever their"
        " collections",
    ),
}

# Views that only answer POST: glob -> the roles whose GET reaches the view and is refused with 405
# (anyone else is refused first). Opening them proves they are wired up and change nothing.
POST_ONLY = {
    "wagtailadmin_api:pages:action": IN_ADMIN,
    "wagtailadmin_editing_sessions:*": IN_ADMIN,
    "wagtailadmin_pages:set_page_position": IN_ADMIN,
    "wagtailadmin_pages:lock": IN_ADMIN,
    "wagtailadmin_pages:unlock": IN_ADMIN,
    "wagtailadmin_workflows:enable*": IN_ADMIN,
    "wagtailadmin_workflows:remove": IN_ADMIN,
    "wagtaildocs:edit_multiple": IN_ADMIN,
    "wagtaildocs:delete_multiple": IN_ADMIN,
    "wagtaildocs:*_uploaded_document": IN_ADMIN,
    "wagtaildocs:delete_upload_multiple": IN_ADMIN,
    "wagtailimages:edit_multiple": IN_ADMIN,
    "wagtailimages:delete_multiple": IN_ADMIN,
    "wagtailimages:*_uploaded_image": IN_ADMIN,
    "wagtailimages:delete_upload_multiple": IN_ADMIN,
    "wagtailredirects:process_import": ADMIN,
    "tracking_admin:assignment_remove": LD,
}

# Views that refuse staff with something other than 403: glob -> answer. They look the object up
# among those the user may see, so to anyone else it does not exist.
REFUSED_AS = {
    "wagtailadmin_collections:delete": "404",
    "wagtailadmin_api:pages:listing": "400",
    "wagtailadmin_api:pages:detail": "404",
    "wagtailadmin_api:pages:find": "404",
}

# The admin turns a user without admin access away at the door (require_admin_access), whatever
# the URL's arguments, so for them one visit per URL name is enough.
ONE_VISIT_PER_NAME = {"line_manager"}

# Search words that find something in each list (the default finds the demo course's content).
SEARCH_TERMS = [
    ("wagtailusers_users:*", "okafor"),
    ("wagtailusers_groups:*", "trainers"),
    ("wagtailsnippet*_organisation_staffprofile:*", "okafor"),
    ("wagtailsnippet*_organisation_orgunit:*", "ward"),
    ("wagtailredirects:*", "old"),
    ("wagtailadmin_workflows:*", "moderators"),
    ("*", "imha"),
]

LOGIN = "/admin/login/"
ADMIN_HOME = "/admin/"


@dataclass
class Visit:
    name: str
    path: str
    tag: str = ""

    @property
    def key(self) -> str:
        return f"{self.name}@{self.tag}"


def admin_patterns():
    """(name, kwarg names, view) for every named URL pattern under /admin/."""
    found = []

    def walk(resolver, prefix, namespace, kwargs):
        for pattern in resolver.url_patterns:
            here = prefix + str(pattern.pattern).lstrip("^")
            names = kwargs | set(pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
                walk(pattern, here, inner, names)
            elif isinstance(pattern, URLPattern) and pattern.name and here.startswith("admin/"):
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append((name, frozenset(names), pattern.callback))

    walk(get_resolver(), "", None, frozenset())
    return found


def admin_url_names() -> set[str]:
    return {name for name, _kwargs, _view in admin_patterns()}


def area(key: str) -> frozenset:
    for pattern, roles in AREAS:
        if _match(key, pattern):
            return roles
    raise LookupError(f"{key}: add it to AREAS (who may open it) or to SKIP (why not walked)")


def search_term(name: str) -> str:
    return next(term for pattern, term in SEARCH_TERMS if fnmatch.fnmatchcase(name, pattern))


def _match(key: str, pattern: str) -> bool:
    """A pattern without "@tag" matches the URL name whatever the tag."""
    return fnmatch.fnmatchcase(key, pattern if "@" in pattern else f"{pattern}@*")


def _first(table: dict, key: str):
    return next((value for pattern, value in table.items() if _match(key, pattern)), None)


def expected(visit: Visit, role: str) -> str:
    """What the role should get: "ok", "denied", "post only" or a status code."""
    by_design = _first(BY_DESIGN, visit.key)
    if by_design and role in by_design[1]:
        return by_design[0]
    post_only = _first(POST_ONLY, visit.key)
    if post_only is not None:
        return "post only" if role in post_only else "denied"
    if role in area(visit.key):
        return "ok"
    refused_as = _first(REFUSED_AS, visit.key)
    return refused_as if refused_as and role in IN_ADMIN else "denied"


def known(visit: Visit, role: str) -> str | None:
    """The answer KNOWN records for this visit, where it differs from the expected one."""
    entry = _first(KNOWN, visit.key)
    if entry and role in entry[0] and entry[1] != expected(visit, role):
        return entry[1]
    return None


# -- the data -----------------------------------------------------------------------------------
class World:
    """The demo trust and course, and one of everything else an admin screen can open."""

    def __init__(self):
        self.users = {
            "trainer": User.objects.get(email="trainer@example.nhs.uk"),
            "ld_manager": User.objects.get(email="ld.manager@example.nhs.uk"),
            "admin": User.objects.get(email="admin@example.nhs.uk"),
            "line_manager": self._line_manager(),
        }
        self.learner = User.objects.get(email="learner@example.nhs.uk")
        home = HomePage.objects.get()
        index = CourseIndexPage.objects.get()
        self.course = CoursePage.objects.get(slug="working-with-imhas")
        modules = list(ModulePage.objects.child_of(self.course).order_by("path"))
        self.pages = {
            "root": Page.get_first_root_node(),
            "home": home,
            "index": index,
            "course": self.course,
            "module": modules[0],
        }
        self.moderated, self.locked = modules[1], modules[2]
        self.alias = modules[0].create_alias(
            parent=self.course, update_slug="module-alias", user=self.users["admin"]
        )
        admin, trainer = self.users["admin"], self.users["trainer"]
        # A draft revision, a revision scheduled to go live, a page in moderation, a locked page.
        self.course.title = "Working with IMHAs (draft)"
        self.course.save_revision(user=trainer)
        self.scheduled = self.course.save_revision(
            user=admin, approved_go_live_at=timezone.now() + datetime.timedelta(days=7)
        )
        self.moderated.save_revision(user=trainer)
        self.workflow = self.moderated.get_workflow()
        self.workflow_state = self.workflow.start(self.moderated, trainer)
        self.task_state = self.workflow_state.current_task_state
        self.task = self.task_state.task
        ModulePage.objects.filter(pk=self.locked.pk).update(
            locked=True, locked_by=admin, locked_at=timezone.now()
        )
        self.collection = Collection.objects.get(name="Demo course")
        self.image = self._image()
        self.document = get_document_model().objects.get()
        self.media = get_media_model().objects.get()
        self.media.tags.add("imha-demo")
        self.redirect = Redirect.objects.create(
            old_path="/old-imha-course", redirect_page=self.course, site=Site.objects.get()
        )
        self.editing_session = EditingSession.objects.create(
            user=trainer,
            content_type=ContentType.objects.get_for_model(Page),
            object_id=str(self.pages["module"].pk),
            last_seen_at=timezone.now(),
        )
        self.knowledge_quiz = Quiz.objects.filter(kind=Quiz.Kind.KNOWLEDGE).order_by("pk").first()
        self.attitude_quiz = Quiz.objects.get(kind=Quiz.Kind.ATTITUDE)
        self._attempts()
        completion = CourseCompletion.objects.filter(user__staff_profile__isnull=False).first()
        self.certificate = certificate_services.certificate_issue(completion=completion)
        self.assignment = Assignment.objects.get()
        self.profile = StaffProfile.objects.get(user=self.learner)
        self.team = self.profile.unit
        self.tag = Tag.objects.get(name="imha-demo")
        self.objects = {
            User: self.learner,
            Group: Group.objects.get(name=TRAINERS),
            Site: Site.objects.get(),
            Collection: self.collection,
            Workflow: self.workflow,
            Task: self.task,
            OrgUnit: OrgUnit.objects.get(name=TRUST),
            StaffProfile: self.profile,
            JobRole: self.profile.role,
            StaffGroup: self.profile.role.staff_group,
            ManagerScope: ManagerScope.objects.get(user=self.users["ld_manager"]),
            Quiz: self.knowledge_quiz,
            Page: self.pages["module"],
            get_image_model(): self.image,
            get_document_model(): self.document,
            get_media_model(): self.media,
        }

    def _line_manager(self) -> User:
        """A charge nurse with direct reports: a line manager, with no admin access."""
        manager = StaffProfile.objects.filter(reports__isnull=False).distinct().first()
        if manager.user is None:
            manager.user = builders.make_user(email=manager.email)
            manager.save(update_fields=["user"])
        assert not manager.user.has_perm("wagtailadmin.access_admin")
        return manager.user

    def _image(self):
        data = io.BytesIO()
        PILImage.new("RGB", (640, 360), "#005eb8").save(data, "PNG")
        image = get_image_model()(title="IMHA poster", collection=self.collection)
        image.file = ImageFile(data, name="imha-poster.png")
        image.save()
        image.tags.add("imha-demo")
        return image

    def _attempts(self):
        """Knowledge-check attempts by a dozen of the demo staff, so item analysis has numbers."""
        rng = random.Random(7)
        users = User.objects.filter(staff_profile__isnull=False).order_by("pk")[:12]
        for user in users:
            attempt = quiz_services.attempt_start(user=user, quiz=self.knowledge_quiz)
            answers = {}
            for question in attempt.questions():
                right = rng.random() < 0.7
                answers[question.pk] = builders.right_raw(question) if right else wrong(question)
            quiz_services.attempt_submit(attempt=attempt, answers=answers)

    def object_of(self, model):
        if model in self.objects:
            return self.objects[model]
        if issubclass(model, Question):
            # A tagged one, so its usage, history and filters have something to show.
            return (
                model.objects.filter(tags__isnull=False).order_by("pk").first()
                or model.objects.order_by("pk").first()
            )
        raise LookupError(f"Add an object of {model.__name__} to World.objects")


def wrong(question):
    """A valid answer that loses marks where the type has one, else the right one."""
    if isinstance(question, TrueFalseQuestion):
        return ["false" if question.correct_answer else "true"]
    if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion):
        return [next(c.id for c in question.options if not c.value["correct"])]
    return builders.right_raw(question)


# -- URL arguments --------------------------------------------------------------------------------
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
JOINT = {
    "wagtail_bulk_action": lambda w: list(_bulk_actions(w)),
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


def plan(w: World) -> list[Visit]:
    """Every admin URL to open, with real arguments."""
    visits = []
    for name, kwarg_names, view in admin_patterns():
        if name in SKIP:
            continue
        model = getattr(view, "view_initkwargs", {}).get("model")
        model = apps.get_model(model) if isinstance(model, str) else model
        queries = QUERIES[name](w) if name in QUERIES else {}
        queries = queries if isinstance(queries, list) else [("", queries)]
        if name in JOINT:
            options = JOINT[name](w)
        else:
            unknown = kwarg_names - set(KWARGS)
            if unknown:
                raise LookupError(f"{name}: teach KWARGS or JOINT about {sorted(unknown)}")
            names = sorted(kwarg_names)
            per_name = [KWARGS[kwarg](w, name, model) for kwarg in names]
            options = [
                (
                    {kwarg: value for kwarg, (value, _tag) in zip(names, combo, strict=True)},
                    ",".join(tag for _value, tag in combo if tag),
                )
                for combo in itertools.product(*per_name)
            ]
        for option, (query_tag, query) in itertools.product(options, queries):
            kwargs, tag, *own_query = option
            query = {**query, **(own_query[0] if own_query else {})}
            path = _with_query(reverse(name, kwargs=kwargs), query)
            visits.append(Visit(name, path, ",".join(filter(None, [tag, query_tag]))))
    # Deduplicate: two patterns with one name (and the same arguments) reverse to one path.
    unique = {}
    for visit in visits:
        unique.setdefault(visit.path, visit)
    return list(unique.values())


# -- answers --------------------------------------------------------------------------------------
def outcome(response) -> str:
    code = response.status_code
    if code in (301, 302):
        # A redirect by design was followed (see fetch): what is left is a refusal. Wagtail sends a
        # user without the permission to the admin home, with a message.
        return "denied"
    if code == 403:
        return "denied"
    if code == 405:
        return "post only"
    context = response.context
    # A bulk action's confirmation lists what the user may not act on, and offers nothing.
    if code == 200 and context and context.get("items_with_no_access") and not context.get("items"):
        return "denied"
    return "ok" if 200 <= code < 300 else str(code)


def _refusal(response) -> bool:
    location = urlsplit(response["Location"])
    return location.path == LOGIN or location.path == ADMIN_HOME


def fetch(client, path):
    """GET a path, following redirects by design (not refusals), in a savepoint so that neither
    an error nor a view that writes (an editing session, an audit line) spoils the next visit.
    Returns (first response, final response, error, requests made)."""
    first = response = None
    gets = 0
    try:
        with transaction.atomic():
            first = response = client.get(path)
            gets += 1
            while response.status_code in (301, 302) and not _refusal(response) and gets < 4:
                location = urlsplit(response["Location"])
                response = client.get(location.path, QueryDict(location.query))
                gets += 1
            transaction.set_rollback(True)
    except Exception as error:  # noqa: BLE001 - each error is reported with the others
        return None, None, f"{type(error).__name__}: {str(error)[:300]}", gets + 1
    return first, response, "", gets


def walk(client, w, role):
    """Open every admin screen as ``role``. Returns (requests, of which searched or filtered,
    URL names opened, KNOWN gaps met, failures)."""
    requests, searched, opened, gaps, failures, varied = 0, 0, set(), set(), [], set()
    for visit in plan(w):
        if role in ONE_VISIT_PER_NAME and visit.name in opened:
            continue
        should = expected(visit, role)
        want = known(visit, role) or should
        todo = [visit]
        while todo:
            current = todo.pop(0)
            first, response, error, gets = fetch(client, current.path)
            requests += gets
            opened.add(current.name)
            got = "500" if error else outcome(response)
            if want != should:
                gaps.add(current.key)
            if got != want:
                detail = error or (response.get("Location", "") if response else "")
                if got == should:
                    detail = f"KNOWN says {want}: it is fixed, so remove its KNOWN entry"
                failures.append(f"{current.path} ({current.key}) as {role}: {got} {detail}")
                continue
            if (
                got == "ok"
                and first.status_code == 200
                and current.name not in varied
                # A list's results view serves the same filters as the list, which opens them.
                and not current.name.endswith("results")
                # A list's filters and search belong to the view, not the user: the first role that
                # may open the list tries them (every role still opens the list itself), which
                # keeps the walk fast.
                and role == next(r for r in ROLES if expected(visit, r) == "ok")
            ):
                varied.add(current.name)
                path = current.path.partition("?")[0]
                queries = variants(first, current.name) + EXTRA.get(current.name, lambda w: [])(w)
                paths = {_with_query(path, query) for query in queries} - {current.path}
                todo += [Visit(current.name, path, current.tag) for path in sorted(paths)]
                searched += len(paths)
    return requests, searched, opened, gaps, failures


# Range filters get a span that holds the demo data, other dates today: (low, high) by field type.
SPANS = {forms.DateField: ("2000-01-01", None), forms.IntegerField: ("0", "100")}


def _field_values(name, field, today):
    """A real value for one filter field, as query parameters (None: nothing to choose)."""
    if isinstance(field, forms.MultiValueField):
        values = {}
        for index, (suffix, sub) in enumerate(
            zip(field.widget.suffixes, field.fields, strict=True)
        ):
            key = f"{name}_{suffix}" if suffix else name
            span = next((span for kind, span in SPANS.items() if isinstance(sub, kind)), None)
            values[key] = (span[index] if span else None) or _field_values(key, sub, today)[key]
        return values
    if isinstance(field, forms.ModelMultipleChoiceField | forms.ModelChoiceField):
        first = field.queryset.first()
        return {name: field.prepare_value(first)} if first is not None else None
    if isinstance(field, forms.NullBooleanField):
        return {name: "true"}
    if isinstance(field, forms.BooleanField):
        return {name: "on"}
    if isinstance(field, forms.ChoiceField):
        values = []
        for value, label in field.choices:
            if isinstance(label, list | tuple):
                values.extend(value for value, _label in label)
            else:
                values.append(value)
        values = [value for value in values if value not in ("", None)]
        return {name: str(values[0])} if values else None
    if isinstance(field, forms.DateTimeField | forms.DateField):
        return {name: today.isoformat()}
    if isinstance(field, forms.IntegerField):
        return {name: "1"}
    if isinstance(field, forms.CharField):
        return {name: "imha"}
    raise TypeError(f"{name}: teach _field_values about {type(field).__name__}")


def variants(response, name: str) -> list[dict]:
    """The same list searched, and with each of its filters set to a real value."""
    context = response.context
    if context is None:
        return []
    view = context.get("view")
    filters = getattr(view, "filters", None)
    searchable = bool(getattr(view, "is_searchable", False))
    queries = []
    today = timezone.localdate()
    for form in filter(None, [filters and filters.form, context.get("filter_form")]):
        for field_name, field in form.fields.items():
            if field_name == "q":
                searchable = True
            elif field_name not in ("p", "ordering"):
                values = _field_values(field_name, field, today)
                if values:
                    queries.append(values)
    return [{"q": search_term(name)}] * searchable + queries


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo data, loaded once for this module in a transaction rolled back after it, so none
    of it is left for other test modules."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            started = time.monotonic()
            call_command("load_demo", stdout=io.StringIO())
            w = World()
            print(f"\nadmin walk: demo data in {time.monotonic() - started:.1f}s")
            yield w
            transaction.set_rollback(True)
        assert not OrgUnit.objects.filter(name=TRUST).exists()


def test_every_admin_url_name_is_walked_or_skipped(world):
    names = admin_url_names()
    visits = plan(world)
    planned = {visit.name for visit in visits}
    assert not SKIP.keys() - names, f"SKIP lists URLs that no longer exist: {SKIP.keys() - names}"
    assert not SKIP.keys() & planned
    missing = names - planned - SKIP.keys()
    assert not missing, f"Walk these admin URLs or SKIP them with a reason: {sorted(missing)}"
    for visit in visits:
        area(visit.key)  # raises for a URL nobody has placed
    tables = {"AREAS": dict(AREAS), "BY_DESIGN": BY_DESIGN, "KNOWN": KNOWN}
    tables |= {"POST_ONLY": POST_ONLY, "REFUSED_AS": REFUSED_AS}
    for table_name, table in tables.items():
        stale = [p for p in table if not any(_match(visit.key, p) for visit in visits)]
        assert not stale, f"{table_name} has entries that match no admin URL: {stale}"


def test_question_type_lists_filter_by_tag(client, world):
    """The fix for the 500: each type's list filters by tag (and searches) and shows just the
    questions of that type that carry the tag."""
    client.force_login(world.users["trainer"])
    for model in QUESTION_TYPES:
        url = reverse(f"wagtailsnippets_quizzes_{model._meta.model_name}:list")
        tagged = set(model.objects.filter(tags=world.tag))
        for query in ({"tags": world.tag.pk}, {"tags": world.tag.pk, "q": "imha"}):
            response = client.get(url, query)
            assert response.status_code == 200, (url, query)
            shown = set(response.context["object_list"])
            if "q" in query:
                assert shown <= tagged, (url, query)
            else:
                assert shown == tagged, (url, query)
    # Most types have tagged demo questions: a filter that showed nothing would pass above.
    assert sum(model.objects.filter(tags=world.tag).exists() for model in QUESTION_TYPES) >= 6


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_screen(client, world, role):
    client.force_login(world.users[role])
    started = time.monotonic()
    requests, searched, opened, gaps, failures = walk(client, world, role)
    print(
        f"admin walk: {role}: {len(opened)} URLs, {requests} requests ({searched} searched or"
        f" filtered), {len(gaps)} known gaps, {time.monotonic() - started:.1f}s"
    )
    assert not failures, f"{len(failures)} unexpected answers:\n" + "\n".join(failures)
    assert opened == admin_url_names() - SKIP.keys()
