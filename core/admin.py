"""Shared by Bridge's own screens in the Wagtail admin: the page frame, a menu item shown only to
those with a permission, and snippet viewsets whose choosers ask for a permission.
"""

from __future__ import annotations

import functools

from django.core.exceptions import PermissionDenied
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

CHOOSER_ACTIONS = ("add", "change", "delete", "view", "choose")


class AdminPageMixin(WagtailAdminTemplateMixin):
    """Wagtail's admin page frame, with the page's own title as the last breadcrumb."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class PermissionMenuItem(MenuItem):
    """A menu item shown only to users with ``permission`` (the view checks it again)."""

    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


def _require_model_permission(model, view):
    policy = ModelPermissionPolicy(model)

    @functools.wraps(view)  # keeps view_class and view_initkwargs for whoever inspects the URL
    def guarded(request, *args, **kwargs):
        if not policy.user_has_any_permission(request.user, CHOOSER_ACTIONS):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


class PermissionChooserViewSet(SnippetChooserViewSet):
    """Wagtail's snippet chooser lists every row to anyone in the admin. This one answers only to
    users who hold some permission on the model (so a trainer cannot list the trust's staff)."""

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = _require_model_permission(self.model, pattern.callback)
        return patterns


class BridgeSnippetViewSet(SnippetViewSet):
    """Every Bridge snippet: its chooser asks for a permission on the model."""

    chooser_viewset_class = PermissionChooserViewSet
