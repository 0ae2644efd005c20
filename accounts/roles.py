"""The named groups that carry each role's permissions, and the one function that sets them up."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

TRAINERS = "Trainers"
LD_MANAGERS = "L&D managers"
# Ward managers and advocates the trust invites to run team sessions: no admin, just that.
FACILITATORS = "Session facilitators"
FACILITATE = ("teamsessions", "add_teamsession")

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
COLLECTION_PERMISSIONS = {
    "wagtaildocs": ("add_document", "change_document", "choose_document"),
    "wagtailimages": ("add_image", "change_image", "choose_image"),
    "wagtailmedia": ("add_media", "change_media", "view_media"),
}
TRAINER_MODEL_PERMISSIONS = {
    "courses": ("film",),
    # The law register: provisions, and the changes to them (recorded through law.services).
    "law": ("provision", "provisionchange"),
    "quizzes": (
        "quiz",
        "question",
        "singlechoicequestion",
        "truefalsequestion",
        "likertquestion",
        "multipleresponsequestion",
        "fillinblanksquestion",
        "orderingquestion",
        "matchingquestion",
        "freetextquestion",
    ),
}
LD_PERMISSIONS = (
    ("certificates", "view_certificate"),
    ("quizzes", "view_quiz"),
    ("law", "view_provision"),
    ("tracking", "view_compliance"),
    ("tracking", "add_assignment"),
    ("tracking", "delete_assignment"),
    ("tracking", "view_assignment"),
    ("organisation", "add_staffprofile"),
    ("organisation", "change_staffprofile"),
    ("organisation", "view_staffprofile"),
    ("organisation", "view_staffassignment"),
    # A staff record names its unit and job role through choosers, which ask for a permission.
    ("organisation", "view_orgunit"),
    ("organisation", "view_jobrole"),
)


def _perm(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def roles_setup(*, content_root) -> dict[str, Group]:
    """Create or top up the role groups. ``content_root`` is the page trainers may edit beneath."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

    access_admin = _perm("wagtailadmin", "access_admin")
    trainers, _ = Group.objects.get_or_create(name=TRAINERS)
    ld, _ = Group.objects.get_or_create(name=LD_MANAGERS)

    trainers.permissions.add(access_admin)
    for model_name_list in TRAINER_MODEL_PERMISSIONS.items():
        app_label, models = model_name_list
        for model in models:
            for action in ("add", "change", "delete", "view"):
                trainers.permissions.add(_perm(app_label, f"{action}_{model}"))
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=trainers, page=content_root, permission=_perm("wagtailcore", codename)
        )
    root_collection = Collection.get_first_root_node()
    for app_label, codenames in COLLECTION_PERMISSIONS.items():
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=trainers, collection=root_collection, permission=_perm(app_label, codename)
            )

    ld.permissions.add(access_admin)
    for app_label, codename in LD_PERMISSIONS:
        ld.permissions.add(_perm(app_label, codename))
    facilitators, _ = Group.objects.get_or_create(name=FACILITATORS)
    for group in (trainers, ld, facilitators):
        group.permissions.add(_perm(*FACILITATE))
    ld.permissions.add(_perm("teamsessions", "view_attendance"))
    return {TRAINERS: trainers, LD_MANAGERS: ld, FACILITATORS: facilitators}


def landing_url(user) -> str:
    """Where a person's work is, for after they sign in: L&D managers to the compliance
    dashboard, trainers and admins to the admin, everyone else to My training."""
    from django.urls import reverse

    if user.is_superuser:
        return reverse("wagtailadmin_home")
    if user.has_perm("tracking.view_compliance"):
        return reverse("tracking_admin:dashboard")
    if user.has_perm("wagtailadmin.access_admin"):
        return reverse("wagtailadmin_home")
    return reverse("courses:my_training")
