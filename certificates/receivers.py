from django.db import transaction


def issue_on_completion(sender, completion, **kwargs):
    """A course was completed: issue its certificate once the completion is committed."""
    from .services import certificate_issue

    transaction.on_commit(lambda: certificate_issue(completion=completion))
