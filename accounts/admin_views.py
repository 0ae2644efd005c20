"""Shared by Bridge's own pages in the Wagtail admin."""

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class BridgeAdminTemplateMixin(WagtailAdminTemplateMixin):
    """Wagtail's admin page frame, with the page's own title as the last breadcrumb."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]
