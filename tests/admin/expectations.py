"""Who may open which admin screen: the areas of URL names with the roles a trust lets in, the
screens that answer otherwise on purpose, and the known gaps."""

import fnmatch
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("trainer", "ld_manager", "line_manager", "admin")
EVERYONE = frozenset(ROLES)
# Everyone the admin lets in (access_admin): all but the line manager.
IN_ADMIN = frozenset({"trainer", "ld_manager", "admin"})
TRAINER = frozenset({"trainer", "admin"})
LD = frozenset({"ld_manager", "admin"})
ADMIN = frozenset({"admin"})
NOBODY = frozenset()

# Who may open each admin screen: (glob over "url name@tag", roles), first match wins. The tag
# says which object a visit opens (a page, a bulk action's model) where that decides. Bridge's own
# screens are listed one by one, as each view checks its own permission: a new one is placed on
# purpose rather than inheriting a namespace's roles.
AREAS = [
    # Served to anyone, signed in or not: the admin's icons and translations.
    ("wagtailadmin_sprite", EVERYONE),
    ("wagtailadmin_javascript_catalog", EVERYONE),
    # Bridge's reports. The quiz reports are for trainers and L&D (quizzes.view_quiz); compliance,
    # certificates, assignments and the staff import are L&D's; revoking and erasing are admins'.
    ("quizzes_admin:item_analysis_index", TRAINER | LD),
    ("quizzes_admin:item_analysis", TRAINER | LD),
    ("quizzes_admin:item_analysis_csv", TRAINER | LD),
    ("quizzes_admin:attitude_index", TRAINER | LD),
    ("quizzes_admin:attitude", TRAINER | LD),
    ("certificates_admin:list", LD),
    ("certificates_admin:revoke", ADMIN),
    ("tracking_admin:dashboard", LD),
    ("tracking_admin:export", LD),
    ("teamsessions_admin_export", LD),
    ("xapi_outbox", ADMIN),
    ("scorm_export", ADMIN),
    ("scorm_dispatch", ADMIN),
    # LTI platforms, their deployments and the registration link are the admins'.
    ("lti_registration_link", ADMIN),
    ("wagtailsnippets_lti_tool_*", ADMIN),
    ("wagtailsnippetchoosers_lti_tool_*", ADMIN),
    ("wagtail_bulk_action@lti_tool.*", ADMIN),
    ("tracking_admin:assignments", LD),
    ("tracking_admin:assignment_remove", LD),
    ("tracking_admin:person", LD),
    ("organisation_admin:import", LD),
    ("organisation_admin:history", LD),
    ("organisation_admin:detail", LD),
    ("organisation_admin:held", LD),
    ("organisation_admin:held_csv", LD),
    ("organisation_admin:registrations", LD),
    ("organisation_admin:registration_confirm", LD),
    ("tracking_admin:erase", ADMIN),
    # The question bank and quizzes are the trainers'. L&D read the quiz list (view_quiz, given
    # for the reports) and use the quiz chooser; they change nothing in the bank.
    ("wagtailsnippets_quizzes_quiz:list*", TRAINER | LD),
    ("wagtailsnippetchoosers_quizzes_quiz:cho*", TRAINER | LD),
    ("wagtailsnippets_quizzes_*", TRAINER),
    ("wagtailsnippetchoosers_quizzes_*", TRAINER),
    ("wagtail_bulk_action@quizzes.*", TRAINER),
    # The law register is the trainers'; L&D read it (and the overview of what changed).
    ("law_admin:overview", TRAINER | LD),
    ("law_admin:record_change", TRAINER),
    ("law_admin:retrain", LD),
    ("wagtailsnippets_law_provision:list*", TRAINER | LD),
    ("wagtailsnippets_law_provision:*", TRAINER),
    ("wagtailsnippetchoosers_law_provision:cho*", TRAINER | LD),
    ("wagtailsnippetchoosers_law_provision:*", TRAINER),
    ("wagtail_bulk_action@law.provision*", TRAINER),
    # The film library is the trainers': one form for a film and its captions.
    ("wagtailsnippets_courses_film:*", TRAINER),
    ("wagtailsnippetchoosers_courses_film:*", TRAINER),
    ("wagtail_bulk_action@courses.film*", TRAINER),
    # Staff records are L&D's: they add and change them (an admin deletes), choosing a unit, a job
    # role and a line manager, so they may also read the lists of units and job roles. The rest of
    # the organisation (changing units and roles; groups, L&D scopes) is set up by an admin.
    ("wagtailsnippets_organisation_orgunit:list*", LD),
    ("wagtailsnippets_organisation_jobrole:list*", LD),
    ("wagtailsnippets_organisation_staffprofile:delete", ADMIN),
    ("wagtailsnippets_organisation_staffprofile:*", LD),
    ("wagtailsnippetchoosers_organisation_staffprofile:*", LD),
    # ESR assignments come from the imports; L&D read them, an admin may correct one.
    ("wagtailsnippets_organisation_staffassignment:list*", LD),
    ("wagtailsnippetchoosers_organisation_staffassignment:cho*", LD),
    ("wagtailsnippetchoosers_organisation_orgunit:cho*", LD),
    ("wagtailsnippetchoosers_organisation_jobrole:cho*", LD),
    ("wagtailsnippets_organisation_*", ADMIN),
    ("wagtailsnippetchoosers_organisation_*", ADMIN),
    ("wagtail_bulk_action@organisation.*", ADMIN),
    # Every snippet has a menu of its own, so Wagtail's snippet index lists none and refuses all.
    ("wagtailsnippets:index", NOBODY),
    # Pages are the trainers', beneath the site's home page. The tree's root holds the one home
    # page (HomePage.max_count = 1), so nobody adds there. A module has no subpage types. Trainers
    # have no bulk_delete, so they delete leaf pages (a module), never a course with its modules.
    # A page scheduled to go live (the course) is locked until it is unscheduled, so nobody
    # unpublishes it meanwhile. Approving and rejecting is the Moderators' task (admins): trainers
    # submit pages for it.
    ("wagtailadmin_pages:*@*root", NOBODY),
    ("wagtailadmin_pages:add_subpage@module", NOBODY),
    ("wagtailadmin_pages:unpublish@course", NOBODY),
    ("wagtailadmin_pages:delete@home", ADMIN),
    ("wagtailadmin_pages:delete@index", ADMIN),
    ("wagtailadmin_pages:delete@course", ADMIN),
    ("wagtailadmin_pages:workflow_action@*", ADMIN),
    ("wagtailadmin_pages:collect_workflow_action_data@*", ADMIN),
    ("wagtailadmin_pages:workflow_preview@*", ADMIN),
    # Wagtail asks no permission of these (each changes nothing and names only public pages or a
    # workflow): creating a page offers only parents the user may add beneath (none for L&D); a
    # move's confirmation is shown to anyone, the move itself is refused.
    ("wagtailadmin_pages:choose_parent", IN_ADMIN),
    ("wagtailadmin_pages:move_confirm", IN_ADMIN),
    ("wagtailadmin_pages:confirm_workflow_cancellation", IN_ADMIN),
    ("wagtailadmin_choose_page*", IN_ADMIN),
    ("wagtailadmin_pages:*", TRAINER),
    ("wagtailadmin_explore*", TRAINER),
    ("wagtailadmin_api:pages:*", TRAINER),
    ("wagtail_bulk_action@wagtailcore.*", TRAINER),
    # Images, documents and films are the trainers'. Their choosers list only what the user may
    # choose, so other staff open them and find nothing.
    ("wagtailimages_chooser:choose*", IN_ADMIN),
    ("wagtailimages_chooser:chosen_multiple", IN_ADMIN),
    ("wagtaildocs_chooser:choose*", IN_ADMIN),
    ("wagtaildocs_chooser:chosen_multiple", IN_ADMIN),
    ("wagtailmedia:chooser", IN_ADMIN),
    ("wagtailmedia:chooser_typed", IN_ADMIN),
    ("wagtailimages*", TRAINER),
    ("wagtaildocs*", TRAINER),
    ("wagtailmedia:*", TRAINER),
    ("wagtailadmin_api:images:*", TRAINER),
    ("wagtailadmin_api:documents:*", TRAINER),
    ("wagtail_bulk_action@wagtailimages.*", TRAINER),
    ("wagtail_bulk_action@wagtaildocs.*", TRAINER),
    # Wagtail's content reports, for those who edit pages. Site history lists only entries about
    # what the reader may see (pages and questions for a trainer, staff records for L&D).
    ("wagtailadmin_reports:locked_pages*", TRAINER),
    ("wagtailadmin_reports:workflow*", TRAINER),
    ("wagtailadmin_reports:aging_pages*", TRAINER),
    ("wagtailadmin_reports:page_types_usage*", TRAINER),
    ("wagtailadmin_reports:site_history*", IN_ADMIN),
    ("wagtailforms:index*", TRAINER),
    # Every member of staff in the admin has a home, an account, their dismissed tips, editing
    # sessions, the embed and link forms, tag suggestions and block previews for an editor, and
    # Wagtail's workflow task chooser (it names the tasks; making one needs add_task).
    ("wagtailadmin_home", IN_ADMIN),
    ("wagtailadmin_account", IN_ADMIN),
    ("wagtailadmin_dismissibles", IN_ADMIN),
    ("wagtailadmin_editing_sessions:*", IN_ADMIN),
    ("wagtailembeds:*", IN_ADMIN),
    ("wagtailadmin_tag*autocomplete", IN_ADMIN),
    ("wagtailadmin_block_preview", IN_ADMIN),
    ("wagtailadmin_workflows:task_chooser*", IN_ADMIN),
    ("wagtailadmin_workflows:task_chosen", IN_ADMIN),
    # Running the site is the admins': users, groups, sites, settings, collections, workflows,
    # redirects and the rest of the reports.
    ("wagtail_bulk_action@accounts.*", ADMIN),
    ("wagtailusers_*", ADMIN),
    ("wagtailsites:*", ADMIN),
    ("wagtailsettings:*", ADMIN),
    ("wagtailadmin_collections:*", ADMIN),
    ("wagtailadmin_workflows:*", ADMIN),
    ("wagtailredirects:*", ADMIN),
    ("wagtailadmin_reports:*", ADMIN),
]

# Admin URL names the walk does not open, each with the reason.
SKIP = {
    "wagtailadmin_login": "the public sign-in page (tests/security covers it)",
    "wagtailadmin_logout": "it signs the walking user out (and Django's LogoutView is POST only)",
    "wagtailadmin_password_reset": "a public page for people who cannot sign in",
    "wagtailadmin_password_reset_done": "a public page for people who cannot sign in",
    "wagtailadmin_password_reset_confirm": "a public page, reached by a mailed one-time token",
    "wagtailadmin_password_reset_complete": "a public page for people who cannot sign in",
    "wagtailadmin_error_test": "Wagtail's /admin/failwhale/ raises on purpose to show the 500 page",
    "wagtailforms:list_submissions": "Bridge has no form page type, so no page has submissions",
    "wagtailforms:list_submissions_results": "Bridge has no form page type",
    "wagtailforms:delete_submissions": "Bridge has no form page type",
}

# Screens that answer something other than AREAS says, on purpose: glob -> (answer, roles, why).
BY_DESIGN = {
    "wagtailsnippets_quizzes_question:add": (
        "404",
        IN_ADMIN,
        "a question is added through its own type (a bare base question cannot be answered)",
    ),
    "wagtailimages:url_generator*": (
        "404",
        TRAINER,
        "Bridge does not serve dynamic image renditions (there is no wagtailimages_serve URL)",
    ),
    "wagtailadmin_pages:choose_parent@homepage": (
        "denied",
        ADMIN,
        "the one home page exists (max_count 1), so Wagtail refuses an admin a parent to add"
        " another beneath; other staff get its form with no parent to pick",
    ),
    "wagtailsettings:preview_on_edit": (
        "404",
        ADMIN,
        "no setting model is previewable",
    ),
}

# Answers that differ from what a trust expects today: glob -> (roles, answer, why). Each stays
# until it is fixed; the walk fails when one stops happening, so the entry goes with the fix.
KNOWN = {
    "wagtailadmin_api:images:*": (
        IN_ADMIN,
        "ok",
        "Wagtail's admin API lists every image to anyone in the admin, whatever their collections",
    ),
    "wagtailadmin_api:documents:*": (
        IN_ADMIN,
        "ok",
        "Wagtail's admin API lists every document to anyone in the admin, whatever their"
        " collections",
    ),
}

# Views that only answer POST: glob -> the roles whose GET reaches the view and is refused with 405
# (anyone else is refused first). Opening them proves they are wired up and change nothing.
POST_ONLY = {
    "wagtailadmin_api:pages:action": IN_ADMIN,
    "wagtailadmin_editing_sessions:*": IN_ADMIN,
    "wagtailadmin_pages:set_page_position": IN_ADMIN,
    "wagtailadmin_pages:lock": IN_ADMIN,
    "wagtailadmin_pages:unlock": IN_ADMIN,
    "wagtailadmin_workflows:enable*": IN_ADMIN,
    "wagtailadmin_workflows:remove": IN_ADMIN,
    "wagtaildocs:edit_multiple": IN_ADMIN,
    "wagtaildocs:delete_multiple": IN_ADMIN,
    "wagtaildocs:*_uploaded_document": IN_ADMIN,
    "wagtaildocs:delete_upload_multiple": IN_ADMIN,
    "wagtailimages:edit_multiple": IN_ADMIN,
    "wagtailimages:delete_multiple": IN_ADMIN,
    "wagtailimages:*_uploaded_image": IN_ADMIN,
    "wagtailimages:delete_upload_multiple": IN_ADMIN,
    "wagtailredirects:process_import": ADMIN,
    "tracking_admin:assignment_remove": LD,
    "organisation_admin:registration_confirm": LD,
}

# Views that refuse staff with something other than 403: glob -> answer. They look the object up
# among those the user may see, so to anyone else it does not exist.
REFUSED_AS = {
    "wagtailadmin_collections:delete": "404",
    "wagtailadmin_api:pages:listing": "400",
    "wagtailadmin_api:pages:detail": "404",
    "wagtailadmin_api:pages:find": "404",
}

# The admin turns a user without admin access away at the door (require_admin_access), whatever
# the URL's arguments, so for them one visit per URL name is enough.
ONE_VISIT_PER_NAME = {"line_manager"}

# Search words that find something in each list (the default finds the demo course's content).
SEARCH_TERMS = [
    ("wagtailusers_users:*", "okafor"),
    ("wagtailusers_groups:*", "trainers"),
    ("wagtailsnippet*_organisation_staffprofile:*", "okafor"),
    ("wagtailsnippet*_organisation_orgunit:*", "ward"),
    ("wagtailredirects:*", "old"),
    ("wagtailadmin_workflows:*", "moderators"),
    ("*", "imha"),
]

LOGIN = "/admin/login/"
ADMIN_HOME = "/admin/"


@dataclass
class Visit:
    name: str
    path: str
    tag: str = ""

    @property
    def key(self) -> str:
        return f"{self.name}@{self.tag}"


def admin_patterns():
    """(name, kwarg names, view) for every named URL pattern under /admin/."""
    found = []

    def walk(resolver, prefix, namespace, kwargs):
        for pattern in resolver.url_patterns:
            here = prefix + str(pattern.pattern).lstrip("^")
            names = kwargs | set(pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
                walk(pattern, here, inner, names)
            elif isinstance(pattern, URLPattern) and pattern.name and here.startswith("admin/"):
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append((name, frozenset(names), pattern.callback))

    walk(get_resolver(), "", None, frozenset())
    return found


def admin_url_names() -> set[str]:
    return {name for name, _kwargs, _view in admin_patterns()}


def area(key: str) -> frozenset:
    for pattern, roles in AREAS:
        if _match(key, pattern):
            return roles
    raise LookupError(f"{key}: add it to AREAS (who may open it) or to SKIP (why not walked)")


def search_term(name: str) -> str:
    return next(term for pattern, term in SEARCH_TERMS if fnmatch.fnmatchcase(name, pattern))


def _match(key: str, pattern: str) -> bool:
    """A pattern without "@tag" matches the URL name whatever the tag."""
    return fnmatch.fnmatchcase(key, pattern if "@" in pattern else f"{pattern}@*")


def _first(table: dict, key: str):
    return next((value for pattern, value in table.items() if _match(key, pattern)), None)


def expected(visit: Visit, role: str) -> str:
    """What the role should get: "ok", "denied", "post only" or a status code."""
    by_design = _first(BY_DESIGN, visit.key)
    if by_design and role in by_design[1]:
        return by_design[0]
    post_only = _first(POST_ONLY, visit.key)
    if post_only is not None:
        return "post only" if role in post_only else "denied"
    if role in area(visit.key):
        return "ok"
    refused_as = _first(REFUSED_AS, visit.key)
    return refused_as if refused_as and role in IN_ADMIN else "denied"


def known(visit: Visit, role: str) -> str | None:
    """The answer KNOWN records for this visit, where it differs from the expected one."""
    entry = _first(KNOWN, visit.key)
    if entry and role in entry[0] and entry[1] != expected(visit, role):
        return entry[1]
    return None


# -- the data -----------------------------------------------------------------------------------
