from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.errors import error_response

from . import services


@require_POST
@login_required
def notice_dismiss(request, notice_id: int):
    """The learner has read a notice about a change in the law: it leaves My training."""
    if not services.notice_dismiss(user=request.user, notice_id=notice_id):
        return error_response(request, 404)
    messages.success(request, _("Notice put away."))
    return redirect("courses:my_training")
