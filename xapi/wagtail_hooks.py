from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class AdminsOnly(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_urls")
def register_admin_urls():
    from .admin_views import Outbox

    return [path("learning-records/", Outbox.as_view(), name="xapi_outbox")]


@hooks.register("register_settings_menu_item")
def register_outbox_menu_item():
    return AdminsOnly(_("Learning record store"), reverse("xapi_outbox"), icon_name="upload")


@hooks.register("bridge_personal_data")
def personal_data():
    from .personal_data import PART

    return PART
