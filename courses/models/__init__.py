"""The course pages a learner reads (``pages``), and the records of their progress."""

from .films import Film
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
    "Film",
    "HomePage",
    "ModulePage",
    "ModulePageQuerySet",
    "ModuleProgress",
    "ModuleReflection",
]
