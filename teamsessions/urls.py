from django.urls import path

from . import views

app_name = "teamsessions"

urlpatterns = [
    path("sessions/", views.index, name="index"),
    path("sessions/new/", views.new, name="new"),
    path("sessions/join/", views.join, name="join"),
    path("sessions/join/<str:code>/", views.join_code, name="join_code"),
    path("sessions/<id:session_id>/", views.detail, name="detail"),
    path("sessions/<id:session_id>/present/", views.present, name="present"),
    path("sessions/<id:session_id>/present/step/", views.present_step, name="present_step"),
    path("sessions/<id:session_id>/present/poll.json", views.poll_json, name="poll_json"),
    path("sessions/<id:session_id>/register/tick/", views.tick, name="tick"),
    path("sessions/<id:session_id>/register/times/", views.times, name="times"),
    path("sessions/<id:session_id>/register/left/", views.left_now, name="left_now"),
    path("sessions/<id:session_id>/register/remove/", views.remove, name="remove"),
    path("sessions/<id:session_id>/close/", views.close, name="close"),
    path("sessions/<id:session_id>/cancel/", views.cancel, name="cancel"),
    path("sessions/<id:session_id>/here/", views.here, name="here"),
    path("attendance/<id:attendance_id>/certificate.pdf", views.certificate, name="certificate"),
    path("attendance/verify/<str:code>/", views.verify, name="verify"),
]
