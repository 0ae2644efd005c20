from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet

from core.admin import BridgeSnippetViewSet

from . import personal_data
from .models import Film


class FilmViewSet(BridgeSnippetViewSet):
    """The film library: one form for the video, its captions, audio description and transcript."""

    model = Film
    icon = "media"
    menu_label = _("Films")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", Column("duration", label=_("Length (seconds)")), "updated_at"]
    search_fields = ["title"]
    copy_view_enabled = False
    url_prefix = "films"


register_snippet(FilmViewSet)


@hooks.register("bridge_personal_data")
def register_personal_data():
    return personal_data.PART
