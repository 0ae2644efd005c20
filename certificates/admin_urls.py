from django.urls import path

from . import admin_views

urlpatterns = [
    path("", admin_views.CertificateList.as_view(), name="list"),
    path("<id:certificate_id>/revoke/", admin_views.CertificateRevoke.as_view(), name="revoke"),
]
