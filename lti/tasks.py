from celery import shared_task


@shared_task(ignore_result=True)
def report_outcomes(user_id: int, course_id: int):
    """Tell the gradebooks of every placement of a course where this learner launched it."""
    from . import selectors, services

    for outcome in selectors.outcomes_to_report(user_id=user_id, course_id=course_id):
        services.outcome_report_safely(outcome)


@shared_task(ignore_result=True)
def report_failed():
    """Try again the results a platform did not take (down, or refusing for a while)."""
    from . import selectors, services

    for outcome in selectors.outcomes_failed():
        services.outcome_report_safely(outcome)
