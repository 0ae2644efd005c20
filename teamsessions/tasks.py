from celery import shared_task


@shared_task
def close_ended_sessions() -> int:
    """Close the registers left open a while after their session ended (their hours follow)."""
    from . import services

    return services.close_ended()
