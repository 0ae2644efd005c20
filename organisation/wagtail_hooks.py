"""The trust's structure and staff in the Wagtail admin, for L&D and admins."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from core.admin import BridgeSnippetViewSet, PermissionMenuItem

from . import admin_urls, personal_data
from .forms import OrgUnitForm
from .models import JobRole, ManagerScope, OrgUnit, StaffAssignment, StaffGroup, StaffProfile


class OrgUnitViewSet(BridgeSnippetViewSet):
    model = OrgUnit
    icon = "site"
    menu_label = _("Units")
    list_display = ["name", "kind", "esr_name"]
    list_filter = ["kind"]
    ordering = ["path"]
    search_fields = ["name"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return OrgUnitForm


class StaffViewSet(BridgeSnippetViewSet):
    model = StaffProfile
    icon = "group"
    menu_label = _("Staff")
    list_display = ["__str__", "unit", "role", "status", "line_manager"]
    list_filter = ["status", "role"]
    search_fields = ["first_name", "last_name", "employee_number", "email"]
    copy_view_enabled = False
    panels = [
        FieldPanel("employee_number"),
        FieldPanel("first_name"),
        FieldPanel("last_name"),
        FieldPanel("email"),
        FieldPanel("nmc_pin"),
        FieldPanel("role"),
        FieldPanel("unit"),
        FieldPanel("line_manager"),
        FieldPanel("status"),
        FieldPanel("joined_on"),
    ]


class StaffAssignmentViewSet(BridgeSnippetViewSet):
    """Each person's ESR assignments, as the imports keep them (ESR is where they change)."""

    model = StaffAssignment
    icon = "list-ul"
    menu_label = _("ESR assignments")
    list_display = ["profile", "number", "unit", "role", "category", "status", "primary"]
    list_filter = ["status", "primary"]
    search_fields = ["number", "profile__employee_number", "profile__last_name"]
    copy_view_enabled = False
    panels = [
        FieldPanel("profile"),
        FieldPanel("number"),
        FieldPanel("unit"),
        FieldPanel("role"),
        FieldPanel("category"),
        FieldPanel("status"),
        FieldPanel("primary"),
        FieldPanel("started_on"),
    ]


class RoleViewSet(BridgeSnippetViewSet):
    model = JobRole
    icon = "user"
    menu_label = _("Job roles")
    list_display = ["name", "staff_group"]


class StaffGroupViewSet(BridgeSnippetViewSet):
    model = StaffGroup
    icon = "group"
    menu_label = _("Staff groups")


class ScopeViewSet(BridgeSnippetViewSet):
    model = ManagerScope
    icon = "lock"
    menu_label = _("L&D scopes")
    list_display = ["user", "unit"]


class OrganisationGroup(SnippetViewSetGroup):
    menu_label = _("Organisation")
    menu_icon = "site"
    menu_order = 305
    items = (
        OrgUnitViewSet,
        StaffViewSet,
        StaffAssignmentViewSet,
        RoleViewSet,
        StaffGroupViewSet,
        ScopeViewSet,
    )


register_snippet(OrganisationGroup)


@hooks.register("bridge_personal_data")
def register_personal_data():
    return personal_data.PART


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path(
            "staff-import/",
            include((admin_urls, "organisation_admin"), namespace="organisation_admin"),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return PermissionMenuItem(
        _("Import staff"),
        reverse("organisation_admin:import"),
        icon_name="upload",
        order=302,
        permission="organisation.add_staffprofile",
    )


@hooks.register("register_admin_menu_item")
def register_registrations_menu_item():
    return PermissionMenuItem(
        _("Registration numbers"),
        reverse("organisation_admin:registrations"),
        icon_name="user",
        order=303,
        permission="organisation.change_staffprofile",
    )
