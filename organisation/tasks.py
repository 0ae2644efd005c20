from celery import shared_task


@shared_task
def import_drop_folder() -> str:
    """Nightly when BRIDGE_ESR_DROP_FOLDER is set: every new ESR file in it, as ``esr_import``
    does it (good people imported, problems held, L&D e-mailed, files seen before skipped)."""
    import io

    from django.conf import settings
    from django.core.management import call_command

    if not settings.BRIDGE_ESR_DROP_FOLDER:
        return "no drop folder"
    out = io.StringIO()
    call_command("esr_import", settings.BRIDGE_ESR_DROP_FOLDER, stdout=out)
    return out.getvalue()
