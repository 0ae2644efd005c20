"""The ESR staff import in the Wagtail admin (upload, a dry run, then all or nothing), and the
registration numbers L&D confirm."""

import hashlib

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from accounts.services import registration_confirm
from core.admin import AdminPageMixin
from core.spreadsheets import Column, Table

from . import esr, selectors
from .forms import StaffImportForm
from .models import StaffImport
from .services import SHOWN_MISSING, staff_import, staff_leavers_confirm


def _counts(report) -> dict[str, int]:
    counts = {action: report.count(action) for action in ("create", "update", "unchanged", "held")}
    counts["good"] = counts["create"] + counts["update"] + counts["unchanged"]
    counts["error_rows"] = len(report.error_rows)
    counts["held_rows"] = len(report.held_rows)
    counts["posts_new"] = report.post_count("new")
    counts["posts_changed"] = report.post_count("changed")
    people = ngettext("%(n)s person", "%(n)s people", counts["good"]) % {"n": counts["good"]}
    rows = ngettext("%(n)s row", "%(n)s rows", counts["held_rows"]) % {"n": counts["held_rows"]}
    counts["hold_label"] = _(
        "Import the %(people)s without problems and hold %(rows)s for review"
    ) % {
        "people": people,
        "rows": rows,
    }
    return counts


def _columns() -> list[dict]:
    return [
        {"name": name, "required": required, "meaning": meaning, "aliases": aliases}
        for name, (required, meaning, aliases) in esr.COLUMNS.items()
    ]


class StaffImportView(PermissionRequiredMixin, AdminPageMixin, View):
    """Upload and check (a dry run); then import all of it, or the good people with the rest held
    for review, and (if L&D say the file is the whole staff in post) mark the leavers. The checked
    file waits in the cache for 30 minutes."""

    permission_required = "organisation.add_staffprofile"
    page_title = _("Import staff from ESR")
    header_icon = "upload"
    template_name = "organisation/admin/import.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            columns=_columns(),
            held_open=selectors.held_rows_open(self.request.user).count(),
            **kwargs,
        )

    def get(self, request):
        return render(request, self.template_name, self.get_context_data(form=StaffImportForm()))

    def post(self, request):
        if "token" in request.POST:
            return self.commit(request)
        form = StaffImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        data = upload.read(esr.MAX_BYTES + 1)
        report = staff_import(data=data, filename=upload.name, actor=request.user, dry_run=True)
        token = ""
        if report.ok or report.importable:
            token = hashlib.sha256(data).hexdigest()
            cache.set(self._key(request, token), (upload.name, data), 30 * 60)
        context = self.get_context_data(
            form=StaffImportForm(),
            report=report,
            token=token,
            counts=_counts(report),
            leavers=report.missing[:SHOWN_MISSING],
        )
        return render(
            request, self.template_name, context, status=400 if report.file_error else 200
        )

    def commit(self, request):
        token = request.POST.get("token", "")[:64]
        stored = cache.get(self._key(request, token))
        if stored is None:
            messages.error(request, _("The checked file has expired. Upload it again."))
            return redirect("organisation_admin:import")
        filename, data = stored
        hold = request.POST.get("mode") == "hold"
        report = staff_import(
            data=data, filename=filename, actor=request.user, dry_run=False, hold_problems=hold
        )
        if not report.committed:
            context = self.get_context_data(
                form=StaffImportForm(),
                report=report,
                counts=_counts(report),
                leavers=report.missing[:SHOWN_MISSING],
                token=token,
                changed=True,
            )
            return render(request, self.template_name, context, status=409)
        cache.delete(self._key(request, token))
        record = report.record
        message = _("Imported: %(c)s new, %(u)s updated, %(n)s unchanged.") % {
            "c": record.created,
            "u": record.updated,
            "n": record.unchanged,
        }
        if record.held:
            message += " " + ngettext(
                "%(n)s row is held for review.", "%(n)s rows are held for review.", record.held
            ) % {"n": record.held}
        if (
            request.POST.get("leavers") == "confirm"
            and (record.missing_people or record.missing_posts)
            and request.user.has_perm("organisation.change_staffprofile")
        ):
            try:
                left = staff_leavers_confirm(actor=request.user, staff_import=record)
            except ValidationError as error:  # another import landed in between
                messages.warning(request, " ".join(error.messages))
            else:
                message += " " + ngettext(
                    "%(n)s person is marked as left.", "%(n)s people are marked as left.", left
                ) % {"n": left}
        messages.success(request, message)
        return redirect("organisation_admin:detail", record.pk)

    def _key(self, request, token: str) -> str:
        return f"staff-import:{request.user.pk}:{token}"


class ImportHistory(PermissionRequiredMixin, AdminPageMixin, View):
    permission_required = "organisation.add_staffprofile"
    page_title = _("ESR imports")
    header_icon = "history"
    template_name = "organisation/admin/history.html"

    def get(self, request):
        imports = Paginator(selectors.imports_visible(request.user), 50).get_page(
            request.GET.get("p")
        )
        return render(request, self.template_name, self.get_context_data(page_obj=imports))


class ImportDetail(PermissionRequiredMixin, AdminPageMixin, View):
    """One import: what it did, the rows it held, and the people it left out, for L&D to mark as
    left if the file was the whole staff in post."""

    permission_required = "organisation.add_staffprofile"
    header_icon = "upload"
    template_name = "organisation/admin/import_detail.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            return self.handle_no_permission()
        self.record = selectors.imports_visible(request.user).filter(pk=kwargs["import_id"]).first()
        if self.record is None:
            raise Http404("No such import")
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Import of %(file)s") % {"file": self.record.filename}

    def get(self, request, import_id: int):
        leaver_count, leavers = selectors.import_leavers(self.record, request.user)
        ended_count, ended = selectors.import_ended_posts(self.record)
        # Any newer import, seen or not: the list of people left out may be stale.
        newer = StaffImport.objects.filter(at__gt=self.record.at).exists()
        context = self.get_context_data(
            record=self.record,
            held=self.record.held_rows.all()[:500],
            leaver_count=leaver_count,
            leavers=leavers,
            ended_count=ended_count,
            ended=ended,
            newer=newer,
        )
        return render(request, self.template_name, context)

    def post(self, request, import_id: int):
        if not request.user.has_perm("organisation.change_staffprofile"):
            raise PermissionDenied
        try:
            left = staff_leavers_confirm(actor=request.user, staff_import=self.record)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("organisation_admin:detail", self.record.pk)
        messages.success(
            request,
            ngettext("%(n)s person is marked as left.", "%(n)s people are marked as left.", left)
            % {"n": left},
        )
        return redirect("organisation_admin:detail", self.record.pk)


class HeldRows(PermissionRequiredMixin, AdminPageMixin, View):
    """Rows held back by imports, to fix in the ESR file (or in ESR) and import again. A row is
    settled when a later file brings its person in cleanly."""

    permission_required = "organisation.add_staffprofile"
    page_title = _("Rows held for review")
    header_icon = "warning"
    template_name = "organisation/admin/held.html"

    def get(self, request):
        rows = Paginator(selectors.held_rows_open(request.user), 100).get_page(request.GET.get("p"))
        return render(request, self.template_name, self.get_context_data(page_obj=rows))


class HeldRowsCsv(PermissionRequiredMixin, View):
    """The held rows as a file in the import's own columns, with a column for the problems: fix
    the cells, delete that column if you like, and import it again."""

    permission_required = "organisation.add_staffprofile"

    def get(self, request):
        columns = list(esr.COLUMNS)
        table = Table(
            [Column("Problem", lambda row: " ".join(row.problems))]
            + [Column(name, _cell_getter(name)) for name in columns]
        )
        return table.csv_response(
            selectors.held_rows_open(request.user).iterator(chunk_size=1000), "held-rows"
        )


def _cell_getter(name):
    return lambda row: row.cells.get(name, "")


class RegistrationList(PermissionRequiredMixin, AdminPageMixin, View):
    """Registration numbers people gave, beside the PIN ESR holds, for L&D to confirm against the
    professional register. Until confirmed, certificates call a number self-declared."""

    permission_required = "organisation.change_staffprofile"
    page_title = _("Registration numbers")
    header_icon = "user"
    template_name = "organisation/admin/registrations.html"

    def get(self, request):
        show = "all" if request.GET.get("show") == "all" else "unconfirmed"
        rows = Paginator(selectors.registrations_to_confirm(request.user, show=show), 50).get_page(
            request.GET.get("p")
        )
        return render(request, self.template_name, self.get_context_data(page_obj=rows, show=show))


class RegistrationConfirm(PermissionRequiredMixin, View):
    permission_required = "organisation.change_staffprofile"
    http_method_names = ["post"]

    def post(self, request, profile_id: int):
        profile = (
            selectors.registrations_to_confirm(request.user, show="all")
            .filter(pk=profile_id)
            .first()
        )
        if profile is None:
            raise Http404("No such person in your units")
        registration_confirm(actor=request.user, user=profile.user)
        messages.success(
            request,
            _("%(name)s's registration number is confirmed. New certificates show it as checked.")
            % {"name": profile.user.get_full_name() or profile.user.email},
        )
        return redirect("organisation_admin:registrations")
