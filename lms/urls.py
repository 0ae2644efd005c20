from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as documents_serve
from wagtail.urls import serve_pattern as wagtail_serve_pattern

from core import published
from core.http import personal_download

# Every error page is the service's own (NHS.UK layout, a message, a way back; JSON for JSON).
handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document view (its restriction checks and all), with nothing kept by a browser
    # or proxy: a restricted handout must not stay on a ward's shared computer.
    path(
        "documents/<int:document_id>/<path:document_filename>",
        personal_download(documents_serve.serve),
        name="wagtaildocs_serve",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("accounts.urls")),
    path("", include("courses.urls")),
    path("", include("quizzes.urls")),
    path("", include("certificates.urls")),
    path("", include("cpd.urls")),
    path("", include("tracking.urls")),
    path("", include("law.urls")),
    path("", include("followups.urls")),
    path("", include("teamsessions.urls")),
    path("", include("scorm.urls")),
    path("", include("credentials.urls")),
    path("", include("lti.urls")),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    # Local development and the browser tests only: in production the web server serves media.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

# Wagtail's page serving catches everything else, so it comes last: its own view, with the site and
# the route read from what is published (core.published) rather than asked of the database.
urlpatterns += [
    re_path(wagtail_serve_pattern, published.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]
