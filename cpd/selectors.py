"""What the CPD record page and its exports read: the entries, the module reflections, the accounts
(with the reflections each is drawn from) and the totals over the NMC's three-year revalidation
period, in five queries (six when it holds certificates)."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch, Sum
from django.utils import timezone

from courses.models import ModuleReflection
from law import selectors as law_selectors

from .models import CpdEntry, ReflectiveAccount

REVALIDATION_HOURS = Decimal(35)
REVALIDATION_PARTICIPATORY = Decimal(20)


@dataclasses.dataclass
class CpdRecord:
    entries: list
    reflections: list
    accounts: list
    hours: Decimal
    participatory_hours: Decimal
    since: datetime.date

    @property
    def hours_percent(self) -> int:
        return min(100, int(self.hours * 100 / REVALIDATION_HOURS))

    @property
    def participatory_percent(self) -> int:
        return min(100, int(self.participatory_hours * 100 / REVALIDATION_PARTICIPATORY))

    @property
    def target_hours(self) -> Decimal:
        return REVALIDATION_HOURS

    @property
    def target_participatory(self) -> Decimal:
        return REVALIDATION_PARTICIPATORY


def module_reflections(*, user):
    """The learner's module reflections, newest first, each with its module and course title."""
    return (
        ModuleReflection.objects.filter(user=user)
        .select_related("module")
        .order_by("-updated_at", "-pk")
    )


def cpd_record(*, user, today=None) -> CpdRecord:
    """The learner's CPD entries, module reflections and reflective accounts, with hours over the
    last three years (the NMC revalidation period): five queries, and a sixth for the law
    its certificates describe when it holds any. An entry whose certificate
    describes the law before a change carries the day (``entry.law_before``)."""
    today = today or timezone.localdate()
    since = today - relativedelta(years=3)
    entries = list(CpdEntry.objects.filter(user=user).select_related("certificate"))
    law_before = law_selectors.law_before(e.certificate for e in entries if e.certificate_id)
    for entry in entries:
        entry.law_before = law_before.get(entry.certificate_id)
    reflections = list(module_reflections(user=user))
    by_pk = {reflection.pk: reflection for reflection in reflections}
    accounts = list(
        ReflectiveAccount.objects.filter(user=user)
        .select_related("cpd_entry")
        .prefetch_related(
            Prefetch(
                "module_reflections",
                queryset=ModuleReflection.objects.filter(user=user).only("pk"),
                to_attr="source_refs",
            )
        )
    )
    for account in accounts:
        # The sources are the reflections already loaded: no second fetch of their modules.
        account.sources = [by_pk[ref.pk] for ref in account.source_refs if ref.pk in by_pk]
    totals = CpdEntry.objects.filter(user=user, date__gt=since, date__lte=today).aggregate(
        hours=Sum("hours"), participatory=Sum("participatory_hours")
    )
    return CpdRecord(
        entries=entries,
        reflections=reflections,
        accounts=accounts,
        hours=totals["hours"] or Decimal(0),
        participatory_hours=totals["participatory"] or Decimal(0),
        since=since,
    )


def cpd_texts(record: CpdRecord) -> list[tuple[str, str]]:
    """Every free-text field that would leave in an export, labelled for the warning page."""
    texts = []
    for entry in record.entries:
        texts += [
            (f"CPD entry '{entry.topic}'", f"{entry.topic}\n{entry.relevance}\n{entry.evidence}")
        ]
    for reflection in record.reflections:
        texts.append((f"Module reflection on '{reflection.module.title}'", reflection.text))
    for account in record.accounts:
        texts.append(
            (
                f"Reflective account '{account.title}'",
                "\n".join(
                    [
                        account.title,
                        account.what_learned,
                        account.how_changed,
                        account.code_relation,
                    ]
                ),
            )
        )
    return texts
