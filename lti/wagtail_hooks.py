"""LTI platforms in the admin: a platform's registration (what Bridge needs of it, and the
addresses to give it), and its deployments, each opening nothing until an admin turns it on."""

from django.conf import settings
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from lti_tool.models import LtiDeployment, LtiRegistration
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from core.admin import BridgeSnippetViewSet, PermissionMenuItem


def tool_address(name: str, *args) -> str:
    return settings.BASE_URL.rstrip("/") + reverse(name, args=args)


class AddressesPanel(HelpPanel):
    """The tool's addresses, for the platform's side of the registration."""

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["base_url"] = settings.BASE_URL.rstrip("/")
            return context


class RegistrationViewSet(BridgeSnippetViewSet):
    model = LtiRegistration
    icon = "link"
    menu_label = _("Platforms")
    url_prefix = "lti/platforms"
    list_display = [
        "name",
        "issuer",
        "client_id",
        BooleanColumn("is_active", label=_("Active")),
        Column(
            "login",
            label=_("Login address"),
            accessor=lambda r: tool_address("lti:login_for", r.uuid),
        ),
    ]
    search_fields = ["name", "issuer", "client_id"]

    panels = [
        AddressesPanel(template="lti/admin/addresses.html"),
        FieldPanel("name"),
        FieldPanel("issuer"),
        FieldPanel("client_id"),
        FieldPanel("audience"),
        FieldPanel("auth_url"),
        FieldPanel("token_url"),
        FieldPanel("keyset_url"),
        FieldPanel("is_active"),
    ]


class DeploymentViewSet(BridgeSnippetViewSet):
    model = LtiDeployment
    icon = "site"
    menu_label = _("Deployments")
    url_prefix = "lti/deployments"
    list_display = [
        "deployment_id",
        "registration",
        BooleanColumn("is_active", label=_("Turned on")),
        "datetime_created",
    ]
    list_filter = ["is_active", "registration"]
    panels = [FieldPanel("registration"), FieldPanel("deployment_id"), FieldPanel("is_active")]


class LtiGroup(SnippetViewSetGroup):
    items = (RegistrationViewSet, DeploymentViewSet)
    menu_icon = "link"
    menu_label = _("LTI platforms")
    menu_name = "lti"
    menu_order = 275

    def get_submenu_items(self):
        return [
            *super().get_submenu_items(),
            PermissionMenuItem(
                _("Register by link"),
                reverse_lazy("lti_registration_link"),
                icon_name="link",
                order=300,
                permission="lti_tool.add_ltiregistration",
            ),
        ]


register_snippet(LtiGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    from .admin_views import RegistrationLink

    return [
        path("lti/register-link/", RegistrationLink.as_view(), name="lti_registration_link"),
    ]


@hooks.register("bridge_personal_data")
def personal_data():
    from .personal_data import PART

    return PART
