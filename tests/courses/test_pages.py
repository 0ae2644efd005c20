import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from courses.models import CourseIndexPage, CoursePage, HomePage, ModulePage
from tests import builders


class PageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = builders.make_course(modules=1)
        cls.admin = builders.make_user(is_staff=True, is_superuser=True)

    def setUp(self):
        self.client.force_login(self.admin)

    def test_the_tree_is_strict(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {CourseIndexPage})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage})
        self.assertAllowedSubpageTypes(ModulePage, set())
        self.assertCanNotCreateAt(CourseIndexPage, ModulePage)
        self.assertCanNotCreateAt(HomePage, CoursePage)

    def test_every_page_renders_and_is_editable(self):
        course = self.tree["course"]
        module = self.tree["modules"][0]
        for page in (course.get_parent().get_parent().specific, course.get_parent().specific):
            self.assertPageIsRenderable(page)
            self.assertPageIsEditable(page)
        self.assertPageIsRenderable(course)
        self.assertPageIsEditable(course, post_data=builders.course_form_data(course))
        self.assertPageIsEditable(module, post_data=builders.module_form_data(module))

    def test_module_page_needs_sign_in(self):
        self.client.logout()
        response = self.client.get(self.tree["modules"][0].url)
        assert response.status_code == 302
        assert "/accounts/sign-in/" in response["Location"]


@pytest.mark.django_db
def test_page_tree_check_passes():
    from courses.checks import page_tree_declared

    assert page_tree_declared() == []
