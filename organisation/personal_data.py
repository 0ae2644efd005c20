"""What organisation holds about a person: their staff record from ESR."""

from core.privacy import Part

from .models import StaffProfile


def export(user) -> dict:
    profile = (
        StaffProfile.objects.filter(user=user)
        .select_related("unit", "role", "line_manager")
        .first()
    )
    return {
        "staff_record": None
        if profile is None
        else {
            "employee_number": profile.employee_number,
            "name": profile.name,
            "email": profile.email,
            "nmc_pin": profile.nmc_pin,
            "unit": profile.unit.name,
            "role": profile.role.name,
            "line_manager": profile.line_manager.name if profile.line_manager else None,
            "status": profile.status,
            "joined_on": profile.joined_on.isoformat(),
            "assignments": [
                {
                    "number": post.number,
                    "unit": post.unit.name,
                    "position": post.role.name,
                    "category": post.category,
                    "status": post.status,
                    "primary": post.primary,
                    "started_on": post.started_on.isoformat() if post.started_on else None,
                }
                for post in profile.posts.select_related("unit", "role")
            ],
        }
    }


def erase(user, pseudonym: str) -> None:
    StaffProfile.objects.filter(user=user).update(
        first_name="Erased", last_name="person", email=pseudonym, nmc_pin=""
    )


PART = Part(order=20, export=export, erase=erase)
