from django.urls import path

from . import views

app_name = "quizzes"
urlpatterns = [
    path("quiz/attempts/<id:attempt_id>/answer/", views.answer_save, name="answer_save"),
    path("quiz/attempts/<id:attempt_id>/", views.attempt_result, name="attempt_result"),
    path("quiz/attitudes/<id:quiz_id>/", views.attitude_change, name="attitude_change"),
]
