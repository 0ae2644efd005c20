"""What the site's navigation needs to know about the signed-in person, asked only when a
template uses it (one small query, on the pages that show the footer)."""

from django.utils.functional import SimpleLazyObject

from organisation.models import StaffProfile


def _manages_someone(user) -> bool:
    if not user.is_authenticated:
        return False
    return StaffProfile.objects.filter(
        line_manager__user=user, status=StaffProfile.Status.ACTIVE
    ).exists()


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"manages_a_team": SimpleLazyObject(lambda: _manages_someone(user))}
