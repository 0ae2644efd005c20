from celery import shared_task


@shared_task
def apply_law_changes() -> dict:
    """Daily: changes in the law whose day has come are applied, once each."""
    from .services import law_changes_apply

    return law_changes_apply()
