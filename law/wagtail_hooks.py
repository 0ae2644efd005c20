from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet

from core.admin import BridgeSnippetViewSet, PermissionMenuItem

from . import admin_urls
from .models import Provision


class ProvisionViewSet(BridgeSnippetViewSet):
    """The register of provisions that modules and questions cite."""

    model = Provision
    icon = "doc-full"
    menu_label = _("Legal provisions")
    menu_order = 260
    add_to_admin_menu = True
    list_display = [
        "citation",
        "title",
        Column("get_status_display", label=_("Status")),
        "status_on",
    ]
    search_fields = ["citation", "title"]
    url_prefix = "law/provisions"


register_snippet(ProvisionViewSet)


@hooks.register("register_admin_urls")
def register_law_urls():
    return [path("law/", include((admin_urls, "law_admin"), namespace="law_admin"))]


@hooks.register("register_admin_menu_item")
def register_law_menu_item():
    return PermissionMenuItem(
        _("The law"),
        reverse("law_admin:overview"),
        icon_name="doc-full",
        order=261,
        permission="law.view_provision",
    )


@hooks.register("bridge_my_training_panels", order=-10)
def law_notices_panel(request):
    """Changes in the law under training the learner holds, until they put each away."""
    from django.template.loader import render_to_string

    from . import selectors

    notices = selectors.notices_for(request.user)
    if not notices:
        return ""
    return render_to_string("law/notices.html", {"notices": notices}, request=request)


@hooks.register("after_edit_page")
def reviewer_back_to_dashboard(request, page):
    """A reviewer acts on a course in review and may have no right to browse the page tree, where
    Wagtail sends them next ("Sorry, you do not have permission"): send them to their dashboard,
    with its list of what awaits their review, instead."""
    from django.shortcuts import redirect
    from wagtail.admin.utils import get_valid_next_url_from_request
    from wagtail.permission_policies.pages import PagePermissionPolicy

    if not request.POST.get("action-workflow-action") or get_valid_next_url_from_request(request):
        return None
    explorable = PagePermissionPolicy().explorable_instances(request.user)
    if explorable.filter(pk=page.get_parent().pk).exists():
        return None
    return redirect("wagtailadmin_home")
