from django.apps import AppConfig


class CpdConfig(AppConfig):
    """The learner's CPD record for NMC revalidation, above certificates (a certificate adds an
    entry through ``certificates.signals.certificate_issued``)."""

    name = "cpd"
    verbose_name = "CPD record"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from certificates.models import Certificate
        from certificates.signals import certificate_issued

        from .services import cpd_entry_for_certificate

        def add_entry(sender, certificate, **kwargs):
            cpd_entry_for_certificate(certificate=certificate)

        certificate_issued.connect(add_entry, sender=Certificate, weak=False, dispatch_uid="cpd")
