"""The course pages a learner reads (``pages``), and the records of their progress."""

from .pages import CourseIndexPage, CoursePage, HomePage, ModulePage, ModulePageQuerySet
from .progress import (
    CheckpointAnswer,
    CourseCompletion,
    Enrolment,
    ModuleProgress,
    ModuleReflection,
)

__all__ = [
    "CheckpointAnswer",
    "CourseCompletion",
    "CourseIndexPage",
    "CoursePage",
    "Enrolment",
    "HomePage",
    "ModulePage",
    "ModulePageQuerySet",
    "ModuleProgress",
    "ModuleReflection",
]
