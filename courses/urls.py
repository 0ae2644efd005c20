from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("my-training/", views.my_training, name="my_training"),
    path("modules/<id:module_id>/film/progress/", views.film_progress, name="film_progress"),
    path(
        "modules/<id:module_id>/film/transcript-read/",
        views.transcript_confirm,
        name="transcript_confirm",
    ),
    path(
        "modules/<id:module_id>/films/<str:block_id>/captions.vtt",
        views.film_captions,
        name="film_captions",
    ),
    path(
        "modules/<id:module_id>/films/<str:block_id>/descriptions.vtt",
        views.film_captions,
        {"kind": "descriptions"},
        name="film_descriptions",
    ),
    path(
        "modules/<id:module_id>/film/checkpoint/",
        views.checkpoint_answer,
        name="checkpoint_answer",
    ),
    path("modules/<id:module_id>/reflection/", views.reflection_save, name="reflection_save"),
    path("courses/<id:course_id>/retake/", views.course_retake, name="course_retake"),
    path("modules/<id:module_id>/quiz/start/", views.quiz_start, name="quiz_start"),
    path("modules/<id:module_id>/quiz/submit/", views.quiz_submit, name="quiz_submit"),
]
