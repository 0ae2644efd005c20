"""How the walk builds every admin URL (with real arguments, searches and filters) and opens it."""

import itertools
from urllib.parse import urlsplit

from django import forms
from django.apps import apps
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from .arguments import EXTRA, JOINT, KWARGS, QUERIES, _with_query
from .expectations import (
    ADMIN_HOME,
    LOGIN,
    ONE_VISIT_PER_NAME,
    ROLES,
    SKIP,
    Visit,
    admin_patterns,
    expected,
    known,
    search_term,
)
from .world import World


def plan(w: World) -> list[Visit]:
    """Every admin URL to open, with real arguments."""
    visits = []
    for name, kwarg_names, view in admin_patterns():
        if name in SKIP:
            continue
        model = getattr(view, "view_initkwargs", {}).get("model")
        model = apps.get_model(model) if isinstance(model, str) else model
        queries = QUERIES[name](w) if name in QUERIES else {}
        queries = queries if isinstance(queries, list) else [("", queries)]
        if name in JOINT:
            options = JOINT[name](w)
        else:
            unknown = kwarg_names - set(KWARGS)
            if unknown:
                raise LookupError(f"{name}: teach KWARGS or JOINT about {sorted(unknown)}")
            names = sorted(kwarg_names)
            per_name = [KWARGS[kwarg](w, name, model) for kwarg in names]
            options = [
                (
                    {kwarg: value for kwarg, (value, _tag) in zip(names, combo, strict=True)},
                    ",".join(tag for _value, tag in combo if tag),
                )
                for combo in itertools.product(*per_name)
            ]
        for option, (query_tag, query) in itertools.product(options, queries):
            kwargs, tag, *own_query = option
            query = {**query, **(own_query[0] if own_query else {})}
            path = _with_query(reverse(name, kwargs=kwargs), query)
            visits.append(Visit(name, path, ",".join(filter(None, [tag, query_tag]))))
    # Deduplicate: two patterns with one name (and the same arguments) reverse to one path.
    unique = {}
    for visit in visits:
        unique.setdefault(visit.path, visit)
    return list(unique.values())


# -- answers --------------------------------------------------------------------------------------
def outcome(response) -> str:
    code = response.status_code
    if code in (301, 302):
        # A redirect by design was followed (see fetch): what is left is a refusal. Wagtail sends a
        # user without the permission to the admin home, with a message.
        return "denied"
    if code == 403:
        return "denied"
    if code == 405:
        return "post only"
    context = response.context
    # A bulk action's confirmation lists what the user may not act on, and offers nothing.
    if code == 200 and context and context.get("items_with_no_access") and not context.get("items"):
        return "denied"
    return "ok" if 200 <= code < 300 else str(code)


def _refusal(response) -> bool:
    location = urlsplit(response["Location"])
    return location.path == LOGIN or location.path == ADMIN_HOME


def fetch(client, path):
    """GET a path, following redirects by design (not refusals), in a savepoint so that neither
    an error nor a view that writes (an editing session, an audit line) spoils the next visit.
    Returns (first response, final response, error, requests made)."""
    first = response = None
    gets = 0
    try:
        with transaction.atomic():
            first = response = client.get(path)
            gets += 1
            while response.status_code in (301, 302) and not _refusal(response) and gets < 4:
                location = urlsplit(response["Location"])
                response = client.get(location.path, QueryDict(location.query))
                gets += 1
            transaction.set_rollback(True)
    except Exception as error:  # noqa: BLE001 - each error is reported with the others
        return None, None, f"{type(error).__name__}: {str(error)[:300]}", gets + 1
    return first, response, "", gets


def walk(client, w, role):
    """Open every admin screen as ``role``. Returns (requests, of which searched or filtered,
    URL names opened, KNOWN gaps met, failures)."""
    requests, searched, opened, gaps, failures, varied = 0, 0, set(), set(), [], set()
    for visit in plan(w):
        if role in ONE_VISIT_PER_NAME and visit.name in opened:
            continue
        should = expected(visit, role)
        want = known(visit, role) or should
        todo = [visit]
        while todo:
            current = todo.pop(0)
            first, response, error, gets = fetch(client, current.path)
            requests += gets
            opened.add(current.name)
            got = "500" if error else outcome(response)
            if want != should:
                gaps.add(current.key)
            if got != want:
                detail = error or (response.get("Location", "") if response else "")
                if got == should:
                    detail = f"KNOWN says {want}: it is fixed, so remove its KNOWN entry"
                failures.append(f"{current.path} ({current.key}) as {role}: {got} {detail}")
                continue
            if (
                got == "ok"
                and first.status_code == 200
                and current.name not in varied
                # A list's results view serves the same filters as the list, which opens them.
                and not current.name.endswith("results")
                # A list's filters and search belong to the view, not the user: the first role that
                # may open the list tries them (every role still opens the list itself), which
                # keeps the walk fast.
                and role == next(r for r in ROLES if expected(visit, r) == "ok")
            ):
                varied.add(current.name)
                path = current.path.partition("?")[0]
                queries = variants(first, current.name) + EXTRA.get(current.name, lambda w: [])(w)
                paths = {_with_query(path, query) for query in queries} - {current.path}
                todo += [Visit(current.name, path, current.tag) for path in sorted(paths)]
                searched += len(paths)
    return requests, searched, opened, gaps, failures


# Range filters get a span that holds the demo data, other dates today: (low, high) by field type.
SPANS = {forms.DateField: ("2000-01-01", None), forms.IntegerField: ("0", "100")}


def _field_values(name, field, today):
    """A real value for one filter field, as query parameters (None: nothing to choose)."""
    if isinstance(field, forms.MultiValueField):
        values = {}
        for index, (suffix, sub) in enumerate(
            zip(field.widget.suffixes, field.fields, strict=True)
        ):
            key = f"{name}_{suffix}" if suffix else name
            span = next((span for kind, span in SPANS.items() if isinstance(sub, kind)), None)
            values[key] = (span[index] if span else None) or _field_values(key, sub, today)[key]
        return values
    if isinstance(field, forms.ModelMultipleChoiceField | forms.ModelChoiceField):
        first = field.queryset.first()
        return {name: field.prepare_value(first)} if first is not None else None
    if isinstance(field, forms.NullBooleanField):
        return {name: "true"}
    if isinstance(field, forms.BooleanField):
        return {name: "on"}
    if isinstance(field, forms.ChoiceField):
        values = []
        for value, label in field.choices:
            if isinstance(label, list | tuple):
                values.extend(value for value, _label in label)
            else:
                values.append(value)
        values = [value for value in values if value not in ("", None)]
        return {name: str(values[0])} if values else None
    if isinstance(field, forms.DateTimeField | forms.DateField):
        return {name: today.isoformat()}
    if isinstance(field, forms.IntegerField):
        return {name: "1"}
    if isinstance(field, forms.CharField):
        return {name: "imha"}
    raise TypeError(f"{name}: teach _field_values about {type(field).__name__}")


def variants(response, name: str) -> list[dict]:
    """The same list searched, and with each of its filters set to a real value."""
    context = response.context
    if context is None:
        return []
    view = context.get("view")
    filters = getattr(view, "filters", None)
    searchable = bool(getattr(view, "is_searchable", False))
    queries = []
    today = timezone.localdate()
    for form in filter(None, [filters and filters.form, context.get("filter_form")]):
        for field_name, field in form.fields.items():
            if field_name == "q":
                searchable = True
            elif field_name not in ("p", "ordering"):
                values = _field_values(field_name, field, today)
                if values:
                    queries.append(values)
    return [{"q": search_term(name)}] * searchable + queries
