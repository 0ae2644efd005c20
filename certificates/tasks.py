from celery import shared_task


@shared_task(bind=True, max_retries=3, default_retry_delay=30, acks_late=True)
def render_certificate(self, certificate_id: int) -> str:
    """Render a certificate's PDF off the request path. Safe to run twice."""
    from .services import certificate_render

    return certificate_render(certificate_id=certificate_id).sha256
