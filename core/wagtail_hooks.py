from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def accessible_rich_text():
    """Names the admin's rich text boxes for screen readers (see bridge_admin/a11y.js)."""
    return format_html('<script src="{}"></script>', static("bridge_admin/a11y.js"))


@hooks.register("insert_global_admin_css")
def accessible_targets():
    return format_html('<link rel="stylesheet" href="{}">', static("bridge_admin/a11y.css"))
