"""The project's URLs plus a bare view, for the baselines of the page benchmark."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("", include("lms.urls"))]
