from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.admin import PermissionMenuItem

from . import admin_urls, personal_data


@hooks.register("register_admin_urls")
def register_certificate_urls():
    return [
        path(
            "certificates/",
            include((admin_urls, "certificates_admin"), namespace="certificates_admin"),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_certificate_menu_item():
    return PermissionMenuItem(
        _("Certificates"),
        reverse("certificates_admin:list"),
        icon_name="doc-full",
        order=400,
        permission="certificates.view_certificate",
    )


@hooks.register("bridge_personal_data")
def register_personal_data():
    return personal_data.PART
