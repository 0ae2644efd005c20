"""The one fact courses announces upward: a learner completed a course.

Sent by ``courses.services`` inside the completing transaction with ``completion=``; receivers
must defer their own work with ``transaction.on_commit``.
"""

from django.dispatch import Signal

course_completed = Signal()
