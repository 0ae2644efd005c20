"""The learner's CPD record: entries, reflective accounts, and exports for NMC revalidation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.http import personal_download
from core.spreadsheets import DATE, NUMBER, Column, Table

from . import privacy, selectors, services
from .forms import CpdEntryForm, ReflectiveAccountForm
from .models import CpdEntry, ReflectiveAccount


def _mine(model, pk, user):
    record = model.objects.filter(pk=pk, user=user).first()
    if record is None:
        raise Http404("Not found")
    return record


@require_GET
@login_required
def cpd_record(request):
    return render(request, "cpd/record.html", {"record": selectors.cpd_record(user=request.user)})


@require_http_methods(["GET", "POST"])
@login_required
def cpd_entry_form(request, entry_id=None):
    entry = _mine(CpdEntry, entry_id, request.user) if entry_id else None
    if entry is not None and entry.is_automatic:
        messages.info(request, _("Entries made from a Bridge certificate are kept as issued."))
        return redirect("cpd:record")
    form = CpdEntryForm(request.POST if request.method == "POST" else None, instance=entry)
    if request.method == "POST" and form.is_valid():
        services.cpd_entry_save(user=request.user, data=form.cleaned_data, entry=entry)
        messages.success(request, _("Your CPD record is updated."))
        return redirect("cpd:record")
    status = 400 if request.method == "POST" else 200
    return render(request, "cpd/entry_form.html", {"form": form, "entry": entry}, status=status)


@require_POST
@login_required
def cpd_entry_delete(request, entry_id):
    entry = _mine(CpdEntry, entry_id, request.user)
    try:
        services.cpd_entry_delete(user=request.user, entry=entry)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The entry is deleted."))
    return redirect("cpd:record")


def _from_followup(user, followup_id) -> dict:
    """A reflective account started from the learner's own answered follow-up."""
    from followups.selectors import followup_of

    followup = followup_of(user, followup_id)
    if followup is None or followup.status != followup.Status.ANSWERED:
        return {}
    done = "\n".join([*followup.behaviour_labels(), followup.changes]).strip()
    return {
        "title": _("Follow-up to the e-learning course %(title)s")
        % {"title": followup.course.title},
        "how_changed": done,
    }


@require_http_methods(["GET", "POST"])
@login_required
def reflective_account_form(request, account_id=None):
    account = _mine(ReflectiveAccount, account_id, request.user) if account_id else None
    initial = {}
    if account is None and _an_id(request.GET.get("entry", "")):
        initial["cpd_entry"] = CpdEntry.objects.filter(
            pk=request.GET["entry"], user=request.user
        ).first()
    if account is None and request.GET.getlist("reflection"):
        initial.update(_drawn_from(request.user, request.GET.getlist("reflection")))
    if account is None and _an_id(request.GET.get("followup", "")):
        initial.update(_from_followup(request.user, request.GET["followup"]))
    form = ReflectiveAccountForm(
        request.POST if request.method == "POST" else None,
        instance=account,
        user=request.user,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        services.reflective_account_save(user=request.user, data=form.cleaned_data, account=account)
        messages.success(request, _("Your reflective account is saved."))
        return redirect("cpd:record")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "cpd/reflective_account_form.html",
        {"form": form, "account": account},
        status=status,
    )


def _an_id(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 9


def _drawn_from(user, ids) -> dict:
    """A new account started from module reflections: the learner's own ones among the ids (a
    forged or foreign id is left out), their modules as the title and their words as a draft."""
    wanted = [int(pk) for pk in ids if _an_id(pk)][:50]
    chosen = list(selectors.module_reflections(user=user).filter(pk__in=wanted))
    if not chosen:
        return {}
    chosen.reverse()  # oldest first, as they were written
    return {
        "module_reflections": chosen,
        "title": "; ".join(reflection.module.title for reflection in chosen)[:255],
        "what_learned": "\n\n".join(reflection.text for reflection in chosen)[:4000],
    }


@require_POST
@login_required
def reflective_account_delete(request, account_id):
    account = _mine(ReflectiveAccount, account_id, request.user)
    services.reflective_account_delete(user=request.user, account=account)
    messages.success(request, _("The reflective account is deleted."))
    return redirect("cpd:record")


CPD_RECORD = Table(
    [
        Column("record", "record"),
        Column("date", "date", kind=DATE),
        Column("method", "method"),
        Column("topic", "topic"),
        Column("how it relates to practice", "relevance"),
        Column("hours", "hours", kind=NUMBER),
        Column("participatory hours", "participatory_hours", kind=NUMBER),
        Column("Code themes", lambda row: "; ".join(row.get("themes", []))),
        Column("evidence", "evidence"),
    ]
)


def cpd_rows(record):
    """The record as export rows: each CPD entry, each module reflection, each reflective
    account, then the totals."""
    for entry in record.entries:
        yield {
            "record": "CPD",
            "date": entry.date,
            "method": entry.get_method_display(),
            "topic": entry.topic,
            "relevance": entry.relevance,
            "hours": entry.hours,
            "participatory_hours": entry.participatory_hours,
            "themes": entry.theme_labels(),
            "evidence": entry.evidence,
        }
    for reflection in record.reflections:
        yield {
            "record": "Module reflection",
            "date": reflection.updated_at,
            "topic": reflection.module.title,
            "relevance": reflection.text,
            "evidence": reflection.module.full_url or "",
        }
    for account in record.accounts:
        yield {
            "record": "Reflective account",
            "date": account.created_at,
            "topic": account.title,
            "relevance": (
                f"Learned: {account.what_learned} | Changed: {account.how_changed} | "
                f"Code: {account.code_relation}"
            ),
            "themes": account.theme_labels(),
            "evidence": "; ".join(
                f"Module reflection: {source.module.title}" for source in account.sources
            ),
        }
    yield {
        "record": "Total (last 3 years)",
        "hours": record.hours,
        "participatory_hours": record.participatory_hours,
    }


@require_GET
@login_required
@personal_download
def cpd_export(request, export_format: str):
    """CSV or PDF of the record. Possible patient identifiers are shown first, for a decision."""
    if export_format not in ("csv", "pdf"):
        raise Http404("Unknown format")
    record = selectors.cpd_record(user=request.user)
    findings = [
        (where, finding)
        for where, text in selectors.cpd_texts(record)
        for finding in privacy.scan(text)
    ]
    if findings and request.GET.get("confirm") != "1":
        return render(
            request,
            "cpd/export_check.html",
            {"findings": findings, "export_format": export_format},
        )
    services.cpd_export_record(
        user=request.user, export_format=export_format, confirmed_warnings=len(findings)
    )
    if export_format == "pdf":
        response = HttpResponse(
            services.cpd_record_pdf(user=request.user, record=record),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = 'attachment; filename="cpd-record.pdf"'
        return response
    return CPD_RECORD.csv_response(cpd_rows(record), "cpd-record")
