"""The module completion rule, judged from a progress record alone: no database writes, no services.

Selectors read it to show what is left; services apply it when progress changes.
"""

from __future__ import annotations

from quizzes.models import QuizAttempt

from .models import ModulePage, ModuleProgress


def module_requirements(
    module: ModulePage, progress: ModuleProgress | None
) -> list[tuple[str, bool]]:
    """Each part of the module's completion rule that applies, and whether it is met."""
    parts = []
    if module.require_film and module.films():
        done = bool(progress and progress.film_watched_at) or bool(
            module.allow_transcript and progress and progress.transcript_confirmed_at
        )
        parts.append(("film", done))
    if module.require_quiz and module.knowledge_quiz() is not None:
        parts.append(("quiz", bool(progress and progress.quiz_passed_at)))
    if module.require_reflection:
        parts.append(("reflection", bool(progress and progress.reflection_at)))
    if module.require_attitude_post and module.quiz_blocks(QuizAttempt.Purpose.ATTITUDE_POST):
        parts.append(("attitude_post", bool(progress and progress.attitude_post_at)))
    return parts


def module_rule_met(module: ModulePage, progress: ModuleProgress) -> bool:
    """The module's completion rule, judged from the progress record alone."""
    return all(done for _part, done in module_requirements(module, progress))
