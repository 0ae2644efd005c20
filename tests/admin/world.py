"""The data the walk opens: the demo trust, plus one of everything an admin screen can show."""

import datetime
import io
import random

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.utils import timezone
from lti_tool.models import LtiDeployment, LtiRegistration
from PIL import Image as PILImage
from taggit.models import Tag
from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site, Task, Workflow
from wagtailmedia.models import get_media_model

from accounts.models import User
from accounts.roles import TRAINERS
from certificates import services as certificate_services
from courses.models import CourseCompletion, CourseIndexPage, CoursePage, Film, HomePage, ModulePage
from demo.trust import TRUST
from law.models import Provision
from organisation.models import (
    JobRole,
    ManagerScope,
    OrgUnit,
    StaffAssignment,
    StaffGroup,
    StaffImport,
    StaffProfile,
)
from quizzes import services as quiz_services
from quizzes.models import (
    MultipleResponseQuestion,
    Question,
    Quiz,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from tests import builders
from tracking.models import Assignment


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
        self.document = get_document_model().objects.get(title__endswith=": captions")
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
        self.staff_import = StaffImport.objects.get()  # the demo's ESR file
        self.tag = Tag.objects.get(name="imha-demo")
        self.lti_registration = LtiRegistration.objects.create(
            name="Trust Moodle",
            issuer="https://moodle.trust.example",
            client_id="bridge",
            auth_url="https://moodle.trust.example/mod/lti/auth.php",
            token_url="https://moodle.trust.example/mod/lti/token.php",
            keyset_url="https://moodle.trust.example/mod/lti/certs.php",
        )
        self.objects = {
            LtiRegistration: self.lti_registration,
            LtiDeployment: LtiDeployment.objects.create(
                registration=self.lti_registration, deployment_id="1"
            ),
            User: self.learner,
            Group: Group.objects.get(name=TRAINERS),
            Site: Site.objects.get(),
            Collection: self.collection,
            Workflow: self.workflow,
            Task: self.task,
            OrgUnit: OrgUnit.objects.get(name=TRUST),
            StaffProfile: self.profile,
            StaffAssignment: self.profile.posts.get(),
            JobRole: self.profile.role,
            StaffGroup: self.profile.role.staff_group,
            ManagerScope: ManagerScope.objects.get(user=self.users["ld_manager"]),
            Quiz: self.knowledge_quiz,
            Page: self.pages["module"],
            get_image_model(): self.image,
            get_document_model(): self.document,
            get_media_model(): self.media,
            Film: Film.objects.get(),
            Provision: Provision.objects.order_by("pk").first(),
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
