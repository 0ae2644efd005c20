"""The permission matrix's table: for each of Bridge's URLs, how to call it and which roles may."""

ROLES = ["anonymous", "other", "trainer", "line_manager", "ld_out", "ld_in", "learner", "admin"]
OWN_NAMESPACES = {
    "accounts",
    "cpd",
    "courses",
    "quizzes",
    "certificates",
    "tracking",
    "quizzes_admin",
    "certificates_admin",
    "tracking_admin",
    "organisation_admin",
    "teamsessions",
    "followups",
    "law",
    "scorm",
    "credentials",
    "lti",
}
THIRD_PARTY = {
    "wagtaildocs_serve": "Wagtail's document server: covered by the upload tests",
    "wagtaildocs_authenticate_with_password": "Wagtail: documents have no passwords in Bridge",
    "wagtailcore_authenticate_with_password": "Wagtail: pages have no passwords in Bridge",
    "wagtailcore_login": "Wagtail's front-end login redirect",
    "wagtail_serve": "Wagtail page serving: module pages are checked in the courses tests",
}


# Wagtail's own admin views: each refuses anonymous visitors (test_admin_urls_refuse_anonymous).
WAGTAIL_ADMIN_PREFIXES = ("wagtailadmin_", "wagtail_bulk_action")


def everyone(**_):
    return set(ROLES)


def signed_in():
    return set(ROLES) - {"anonymous"}


def only(*roles):
    return set(roles)


REPORTS = only("trainer", "ld_in", "ld_out", "admin")
LD = only("ld_in", "ld_out", "admin")

# name: (method, path builder, data builder, roles allowed)
MATRIX = {
    # Signed in already, trainers and admins are sent on to their work at /admin/ (which this
    # matrix reads as Wagtail's redirect); everyone else sees the page or their own landing.
    "accounts:login": (
        "get",
        lambda w: "/accounts/sign-in/",
        None,
        everyone() - {"trainer", "admin"},
    ),
    "accounts:logout": ("post", lambda w: "/accounts/sign-out/", None, everyone()),
    "accounts:register": ("get", lambda w: "/accounts/register/", None, everyone()),
    "accounts:check_email": (
        "get",
        lambda w: "/accounts/register/check-your-email/",
        None,
        everyone(),
    ),
    "accounts:verify_resend": (
        "get",
        lambda w: "/accounts/confirm-email/resend/",
        None,
        everyone(),
    ),
    "accounts:verify": ("get", lambda w: "/accounts/confirm-email/not-a-token/", None, everyone()),
    "accounts:password_reset": ("get", lambda w: "/accounts/password-reset/", None, everyone()),
    "accounts:password_reset_done": (
        "get",
        lambda w: "/accounts/password-reset/sent/",
        None,
        everyone(),
    ),
    "accounts:password_reset_confirm": (
        "get",
        lambda w: "/accounts/password-reset/MQ/set-password/",
        None,
        everyone(),
    ),
    "accounts:password_reset_complete": (
        "get",
        lambda w: "/accounts/password-reset/done/",
        None,
        everyone(),
    ),
    "courses:my_training": ("get", lambda w: "/my-training/", None, signed_in()),
    "courses:film_progress": (
        "json",
        lambda w: f"/modules/{w['module'].pk}/film/progress/",
        lambda w: {},
        signed_in(),
    ),
    "courses:transcript_confirm": (
        "post",
        lambda w: f"/modules/{w['module'].pk}/film/transcript-read/",
        None,
        signed_in(),
    ),
    "courses:film_captions": (
        "get",
        lambda w: f"/modules/{w['module'].pk}/films/{w['film']}/captions.vtt",
        None,
        everyone(),
    ),
    "courses:film_descriptions": (
        "get",
        lambda w: f"/modules/{w['module'].pk}/films/{w['film']}/descriptions.vtt",
        None,
        everyone(),
    ),
    "courses:checkpoint_answer": (
        "json",
        lambda w: f"/modules/{w['module'].pk}/film/checkpoint/",
        lambda w: {"block": w["film"], "question": 1, "answer": ["x"]},
        signed_in(),
    ),
    "courses:reflection_save": (
        "post",
        lambda w: f"/modules/{w['module'].pk}/reflection/",
        lambda w: {"text": "A reflection long enough to be kept by Bridge."},
        signed_in(),
    ),
    "courses:course_retake": (
        "post",
        lambda w: f"/courses/{w['course'].pk}/retake/",
        None,
        signed_in(),
    ),
    "courses:quiz_start": (
        "post",
        lambda w: f"/modules/{w['module'].pk}/quiz/start/",
        lambda w: {"quiz": w["quiz"].pk, "purpose": "knowledge"},
        signed_in(),
    ),
    "courses:quiz_submit": (
        "post",
        lambda w: f"/modules/{w['module'].pk}/quiz/submit/",
        lambda w: {"attempt": w["attempt"].pk},
        only("learner"),
    ),
    "quizzes:answer_save": (
        "json",
        lambda w: f"/quiz/attempts/{w['attempt'].pk}/answer/",
        lambda w: {"question": w["attempt"].snapshot[0]["id"], "answer": ["true"]},
        only("learner"),
    ),
    "quizzes:attempt_result": (
        "get",
        lambda w: f"/quiz/attempts/{w['attempt'].pk}/",
        None,
        only("learner"),
    ),
    "quizzes:attitude_change": (
        "get",
        lambda w: f"/quiz/attitudes/{w['attitude'].pk}/",
        None,
        signed_in(),
    ),
    "certificates:for_completion": (
        "get",
        lambda w: f"/certificates/completion/{w['completion'].pk}/",
        None,
        only("learner"),
    ),
    "certificates:download": (
        "get",
        lambda w: f"/certificates/{w['certificate'].code}/download/",
        None,
        only("learner", "ld_in", "admin"),
    ),
    "certificates:verify": ("get", lambda w: "/verify/", None, everyone()),
    # A certificate's Open Badge goes to whoever may have its PDF; the issuer's DID document,
    # its revocation lists and the check of a credential file are for everyone.
    "credentials:credential": (
        "get",
        lambda w: f"/certificates/{w['certificate'].code}/open-badge.jwt",
        None,
        only("learner", "ld_in", "admin"),
    ),
    "credentials:for_completion": (
        "get",
        lambda w: f"/certificates/completion/{w['completion'].pk}/open-badge/",
        None,
        only("learner"),
    ),
    "credentials:did_document": ("get", lambda w: "/.well-known/did.json", None, everyone()),
    "credentials:status_list": ("get", lambda w: "/credentials/status/0/", None, everyone()),
    "credentials:verify_file": ("post", lambda w: "/credentials/verify/", None, everyone()),
    "certificates:verify_code": (
        "get",
        lambda w: f"/verify/{w['certificate'].code}/",
        None,
        everyone(),
    ),
    "cpd:record": ("get", lambda w: "/cpd/", None, signed_in()),
    "cpd:entry_add": ("get", lambda w: "/cpd/entries/add/", None, signed_in()),
    "cpd:entry_edit": (
        "get",
        lambda w: f"/cpd/entries/{w['entry']().pk}/edit/",
        None,
        only("learner"),
    ),
    "cpd:entry_delete": (
        "post",
        lambda w: f"/cpd/entries/{w['entry']().pk}/delete/",
        None,
        only("learner"),
    ),
    "cpd:reflective_account_add": (
        "get",
        lambda w: "/cpd/reflections/add/",
        None,
        signed_in(),
    ),
    "cpd:reflective_account_edit": (
        "get",
        lambda w: f"/cpd/reflections/{w['account']().pk}/edit/",
        None,
        only("learner"),
    ),
    "cpd:reflective_account_delete": (
        "post",
        lambda w: f"/cpd/reflections/{w['account']().pk}/delete/",
        None,
        only("learner"),
    ),
    "cpd:export": ("get", lambda w: "/cpd/export.csv", None, signed_in()),
    "tracking:my_team": ("get", lambda w: "/my-team/", None, only("line_manager")),
    "tracking:my_data": ("get", lambda w: "/my-data/", None, signed_in()),
    "tracking:my_data_export": ("get", lambda w: "/my-data/export.json", None, signed_in()),
    "quizzes_admin:item_analysis_index": (
        "get",
        lambda w: "/admin/reports/quizzes/item-analysis/",
        None,
        REPORTS,
    ),
    "quizzes_admin:item_analysis": (
        "get",
        lambda w: f"/admin/reports/quizzes/item-analysis/{w['quiz'].pk}/",
        None,
        REPORTS,
    ),
    "quizzes_admin:item_analysis_csv": (
        "get",
        lambda w: f"/admin/reports/quizzes/item-analysis/{w['quiz'].pk}/csv/",
        None,
        REPORTS,
    ),
    "quizzes_admin:attitude_index": (
        "get",
        lambda w: "/admin/reports/quizzes/attitudes/",
        None,
        REPORTS,
    ),
    "quizzes_admin:attitude": (
        "get",
        lambda w: f"/admin/reports/quizzes/attitudes/{w['attitude'].pk}/",
        None,
        REPORTS,
    ),
    "certificates_admin:list": ("get", lambda w: "/admin/certificates/", None, LD),
    "certificates_admin:revoke": (
        "get",
        lambda w: f"/admin/certificates/{w['certificate'].pk}/revoke/",
        None,
        only("admin"),
    ),
    "tracking_admin:dashboard": ("get", lambda w: "/admin/compliance/", None, LD),
    "tracking_admin:export": ("get", lambda w: "/admin/compliance/export.csv", None, LD),
    "teamsessions_admin_export": ("get", lambda w: "/admin/team-sessions/export.csv", None, LD),
    "xapi_outbox": ("get", lambda w: "/admin/learning-records/", None, only("admin")),
    # A SCORM package's launch opens only for the account its LMS record is linked to; its status
    # is read by the package's token alone (no cookie), from the LMS's page.
    "scorm:launch": (
        "get",
        lambda w: f"/scorm/launch/{w['dispatch'].pk}/?r={w['scorm_token']}&learner=ESR-1",
        None,
        only("learner"),
    ),
    "scorm:status": ("get", lambda w: f"/scorm/status/{w['scorm_token']}/", None, everyone()),
    # The LTI doors open by a platform's signed launch, not by role: without one each answers
    # 400 to everyone (tests/lti runs the launches against a platform on loopback).
    "lti:jwks": ("get", lambda w: "/lti/jwks/", None, everyone()),
    "lti:login": ("get", lambda w: "/lti/login/", None, everyone()),
    "lti:login_for": (
        "get",
        lambda w: "/lti/login/00000000-0000-0000-0000-000000000000/",
        None,
        everyone(),
    ),
    "lti:launch": ("post", lambda w: "/lti/launch/", None, everyone()),
    "lti:continue": ("get", lambda w: "/lti/continue/not-a-launch/", None, everyone()),
    "lti:pick": ("get", lambda w: "/lti/pick/not-a-launch/", None, everyone()),
    "lti:roster": ("get", lambda w: "/lti/roster/not-a-launch/", None, everyone()),
    "lti:register": ("get", lambda w: "/lti/register/not-a-link/", None, everyone()),
    "lti_registration_link": ("get", lambda w: "/admin/lti/register-link/", None, only("admin")),
    "scorm_export": (
        "get",
        lambda w: f"/admin/scorm/courses/{w['course'].pk}/",
        None,
        only("admin"),
    ),
    "scorm_dispatch": (
        "get",
        lambda w: f"/admin/scorm/courses/{w['course'].pk}/{w['dispatch'].pk}/",
        None,
        only("admin"),
    ),
    "tracking_admin:assignments": ("get", lambda w: "/admin/compliance/assignments/", None, LD),
    "tracking_admin:assignment_remove": (
        "post",
        lambda w: f"/admin/compliance/assignments/{w['assignment']().pk}/remove/",
        None,
        only("ld_in", "admin"),
    ),
    "tracking_admin:person": (
        "get",
        lambda w: f"/admin/compliance/people/{w['learner_profile'].pk}/",
        None,
        only("ld_in", "admin"),
    ),
    "organisation_admin:import": ("get", lambda w: "/admin/staff-import/", None, LD),
    "organisation_admin:history": ("get", lambda w: "/admin/staff-import/history/", None, LD),
    "organisation_admin:detail": (
        "get",
        lambda w: f"/admin/staff-import/history/{w['staff_import'].pk}/",
        None,
        only("ld_in", "admin"),
    ),
    "organisation_admin:held": ("get", lambda w: "/admin/staff-import/held/", None, LD),
    "organisation_admin:held_csv": (
        "get",
        lambda w: "/admin/staff-import/held/held-rows.csv",
        None,
        LD,
    ),
    "organisation_admin:registrations": (
        "get",
        lambda w: "/admin/staff-import/registrations/",
        None,
        LD,
    ),
    "organisation_admin:registration_confirm": (
        "post",
        lambda w: f"/admin/staff-import/registrations/{w['learner_profile'].pk}/confirm/",
        None,
        only("ld_in", "admin"),
    ),
    "tracking_admin:erase": (
        "get",
        lambda w: f"/admin/compliance/people/{w['other_user'].pk}/erase/",
        None,
        only("admin"),
    ),
}

# Team sessions: planning is for trainers, line managers (their own team), L&D and admins; a
# session's own screens for its facilitator (and admins); the attendee's page and certificate for
# those on the register; checking a certificate for anyone.
FACILITATORS = only("trainer", "line_manager", "ld_in", "ld_out", "admin")
RUNS_IT = only("trainer", "admin")


def _session(w, tail=""):
    return f"/sessions/{w['team_session'].pk}/{tail}"


def _fresh(w, tail):
    """A session of its own for a call that ends it (close, cancel): each role tries a new one."""
    return f"/sessions/{w['new_team_session']().pk}/{tail}"


MATRIX.update(
    {
        "teamsessions:index": ("get", lambda w: "/sessions/", None, FACILITATORS),
        "teamsessions:new": ("get", lambda w: "/sessions/new/", None, FACILITATORS),
        "teamsessions:join": ("get", lambda w: "/sessions/join/", None, signed_in()),
        "teamsessions:join_code": (
            "get",
            lambda w: f"/sessions/join/{w['team_session'].short_code}/",
            None,
            signed_in(),
        ),
        "teamsessions:detail": ("get", lambda w: _session(w), None, RUNS_IT),
        "teamsessions:present": ("get", lambda w: _session(w, "present/"), None, RUNS_IT),
        "teamsessions:present_step": (
            "post",
            lambda w: _session(w, "present/step/"),
            lambda w: {"prompt": "1"},
            RUNS_IT,
        ),
        "teamsessions:poll_json": (
            "get",
            lambda w: _session(w, "present/poll.json"),
            None,
            RUNS_IT,
        ),
        "teamsessions:tick": (
            "post",
            lambda w: _session(w, "register/tick/"),
            lambda w: {"user": w["users"]["learner"].pk},
            RUNS_IT,
        ),
        "teamsessions:times": (
            "post",
            lambda w: _session(w, "register/times/"),
            lambda w: {"attendance": w["open_attendance"].pk, "arrived": "25:99"},
            RUNS_IT,
        ),
        "teamsessions:left_now": (
            "post",
            lambda w: _session(w, "register/left/"),
            lambda w: {"attendance": w["open_attendance"].pk},
            RUNS_IT,
        ),
        # Each try takes someone off: a newcomer signed in for it, so the learner stays on.
        "teamsessions:remove": (
            "post",
            lambda w: _session(w, "register/remove/"),
            lambda w: {"attendance": w["new_attendance"]().pk},
            RUNS_IT,
        ),
        "teamsessions:close": ("post", lambda w: _fresh(w, "close/"), None, RUNS_IT),
        "teamsessions:cancel": ("post", lambda w: _fresh(w, "cancel/"), None, RUNS_IT),
        "teamsessions:here": ("get", lambda w: _session(w, "here/"), None, only("learner")),
        "teamsessions:certificate": (
            "get",
            lambda w: f"/attendance/{w['attended'].pk}/certificate.pdf",
            None,
            only("learner", "trainer", "ld_in", "admin"),  # theirs, its facilitator, their L&D
        ),
        "teamsessions:verify": (
            "get",
            lambda w: f"/attendance/verify/{w['attended'].certificate_code}/",
            None,
            everyone(),
        ),
    }
)

# What the learner is asked and told later: their own follow-up, their own notice of the law.
MATRIX.update(
    {
        "followups:answer": (
            "get",
            lambda w: f"/follow-up/{w['followup'].pk}/",
            None,
            only("learner"),
        ),
        "followups:decline": (
            "post",
            lambda w: f"/follow-up/{w['followup'].pk}/decline/",
            None,
            only("learner"),
        ),
        "law:notice_dismiss": (
            "post",
            lambda w: f"/law-notices/{w['notice'].pk}/dismiss/",
            None,
            only("learner"),
        ),
    }
)

# Single sign-on, not configured here (tests/accounts/test_sso.py runs it against a provider):
# its start and callback are not there, and the link page only for a sign-in waiting on proof.
MATRIX.update(
    {
        "accounts:sso_start": ("get", lambda w: "/accounts/nhs/start/", None, only()),
        "accounts:sso_callback": (
            "get",
            lambda w: "/accounts/nhs/callback/?code=x&state=y",
            None,
            only(),
        ),
        "accounts:sso_link": ("get", lambda w: "/accounts/nhs/link/", None, only()),
    }
)
