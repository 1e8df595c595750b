"""The desk's lists and the workshop: overdue loans, reservations, repairs, inventory."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from levekar.core.audit import Purpose
from levekar.core.errors import DomainError
from levekar.core.form_errors import form_errors_as_messages
from levekar.lending import selectors, services
from levekar.lending.forms import (
    CatalogueSearchForm,
    CopiesAddForm,
    CopyForm,
    DamageForm,
    ItemForm,
    RepairResolveForm,
    ReserveForm,
)
from levekar.lending.labels import barcode_svg, qr_svg
from levekar.lending.models import Condition
from levekar.lending.views._common import (
    audit_borrower_read,
    current_point,
    report_error,
)
from levekar.lending.views.desk import desk_only


@desk_only
@require_http_methods(["GET", "POST"])
def overdue(request):
    if request.method == "POST":
        report = services.reminders_send()
        messages.success(request, ngettext(
            "%(count)d reminder sent.", "%(count)d reminders sent.", report.messages)
            % {"count": report.messages})
        if report.failed or report.unreachable:
            messages.warning(request, _("Not sent: %(failed)d failed, %(unreachable)d without "
                                        "phone or e-mail.") % {
                "failed": report.failed, "unreachable": report.unreachable})
        return redirect("lending:overdue")
    today = timezone.localdate()
    page = Paginator(selectors.overdue_loans(today=today), 50).get_page(request.GET.get("side"))
    for loan in page:
        loan.days_late = (today - loan.due_on).days
    audit_borrower_read(request, purpose=Purpose.OVERDUE_LIST)
    return render(request, "lending/desk/overdue.html", {"page": page, "point": None})


@desk_only
@require_http_methods(["GET"])
def holds(request):
    point = current_point(request)
    overview = selectors.holds_overview(location=point) if point else None
    audit_borrower_read(request, purpose=Purpose.RESERVATIONS_PAGE)
    return render(request, "lending/desk/holds.html", {"point": point, "overview": overview})


@desk_only
@require_POST
def reservation_new(request, item_pk: int):
    item = selectors.item_get_for_user(request.user, item_pk)
    form = ReserveForm(request.POST, points=selectors.lending_points().values())
    if form.is_valid():
        borrower = selectors.borrower_by_card_number(request.user, form.cleaned_data["borrower"])
        if borrower is None:
            messages.error(request, _("No borrower has card number %(n)s.")
                           % {"n": form.cleaned_data["borrower"]})
        else:
            try:
                r = services.reservation_create(actor=request.user, borrower=borrower,
                                                item=item,
                                                location=form.cleaned_data["location"])
            except DomainError as exc:
                report_error(request, exc)
            else:
                if r.status == r.Status.READY:
                    messages.success(request, _("Reserved for %(name)s. Copy %(number)s is "
                                                "free: put it on the pick-up shelf.") % {
                        "name": borrower.name, "number": r.copy.number})
                else:
                    messages.success(request, _("%(name)s is in the queue for %(item)s.")
                                     % {"name": borrower.name, "item": item})
    else:
        form_errors_as_messages(request, form)
    return redirect("lending:inventory_item", pk=item.pk)


def _back(request, default: str, **kwargs):
    target = request.POST.get("next", "")
    if target.startswith("/utstyr/utlan/") and "//" not in target:
        return redirect(target)
    return redirect(default, **kwargs)


@desk_only
@require_POST
def reservation_cancel(request, pk: int):
    reservation = selectors.reservation_get_for_user(request.user, pk)
    try:
        services.reservation_cancel(actor=request.user, reservation=reservation)
    except DomainError as exc:
        report_error(request, exc)
    else:
        messages.success(request, _("The reservation is cancelled."))
    return _back(request, "lending:holds")


@desk_only
@require_POST
def reservation_step_back(request, pk: int):
    reservation = selectors.reservation_get_for_user(request.user, pk)
    try:
        services.reservation_step_back(actor=request.user, reservation=reservation)
    except DomainError as exc:
        report_error(request, exc)
    else:
        messages.success(request, _("%(name)s has let the next in the queue go first.")
                         % {"name": reservation.borrower.display_name})
    return _back(request, "lending:holds")


@desk_only
@require_http_methods(["GET"])
def workshop(request):
    point = current_point(request)
    data = selectors.workshop(location=point)
    return render(request, "lending/desk/workshop.html", {
        "point": point, "workshop": data,
        "rows": [(r, RepairResolveForm(prefix=f"r{r.pk}")) for r in data.repairs],
    })


@desk_only
@require_POST
def repair_resolve(request, pk: int):
    report = selectors.repair_get_for_user(request.user, pk)
    form = RepairResolveForm(request.POST, prefix=f"r{report.pk}")
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.repair_resolve(actor=request.user, report=report, outcome=d["outcome"],
                                    condition=d["condition"], note=d["note"])
        except DomainError as exc:
            report_error(request, exc)
        else:
            if d["outcome"] == "repaired":
                messages.success(request, _("Copy %(number)s is repaired and back in use.")
                                 % {"number": report.copy.number})
            else:
                messages.success(request, _("Copy %(number)s is discarded.")
                                 % {"number": report.copy.number})
    return redirect("lending:workshop")


@desk_only
@require_POST
def copy_ready(request, pk: int):
    copy = selectors.copy_get_for_user(request.user, pk)
    try:
        services.copy_release_buffer(actor=request.user, copy=copy)
    except DomainError as exc:
        report_error(request, exc)
    else:
        messages.success(request, _("Copy %(number)s is ready to lend.")
                         % {"number": copy.number})
    return redirect("lending:workshop")


@desk_only
@require_POST
def copy_damage(request, pk: int):
    copy = selectors.copy_get_for_user(request.user, pk)
    form = DamageForm(request.POST, prefix=f"d{copy.pk}")
    if form.is_valid():
        try:
            services.copy_report_damage(actor=request.user, copy=copy,
                                        description=form.cleaned_data["description"])
        except DomainError as exc:
            report_error(request, exc)
        else:
            messages.success(request, _("Copy %(number)s is sent to the workshop.")
                             % {"number": copy.number})
    else:
        messages.error(request, _("Describe the damage."))
    return redirect("lending:inventory_item", pk=copy.item_id)


@desk_only
@require_POST
def copy_edit(request, pk: int):
    copy = selectors.copy_get_for_user(request.user, pk)
    points = selectors.lending_points(active_only=False)
    form = CopyForm(request.POST, prefix=f"c{copy.pk}", points=points.values())
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.copy_update(copy=copy, location=points[d["location"]],
                                 condition=d["condition"], note=d["note"])
        except DomainError as exc:
            report_error(request, exc)
        else:
            messages.success(request, _("Copy %(number)s is saved.") % {"number": copy.number})
    else:
        messages.error(request, _("Check the fields of copy %(number)s.")
                       % {"number": copy.number})
    return redirect("lending:inventory_item", pk=copy.item_id)


@desk_only
@require_http_methods(["GET"])
def inventory(request):
    cats = selectors.categories()
    form = CatalogueSearchForm(request.GET or None, categories=cats)
    criteria = form.cleaned_data if form.is_valid() else {}
    items = selectors.catalogue_search(
        q=criteria.get("q", ""), category=criteria.get("category", ""),
        size=criteria.get("size", ""), age=criteria.get("age"))
    page = selectors.catalogue_page(items, request.GET.get("side"), 30)
    points = selectors.lending_points()
    availability = selectors.availability([i.pk for i in page], points=points)
    query = request.GET.copy()
    query.pop("side", None)
    return render(request, "lending/desk/inventory.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "rows": [(i, availability.get(i.pk, [])) for i in page],
    })


@desk_only
@require_http_methods(["GET"])
def inventory_item(request, pk: int):
    item = selectors.item_get_for_user(request.user, pk)
    data = selectors.item_inventory(item)
    all_points = selectors.lending_points(active_only=False)
    points = {pk: p for pk, p in all_points.items() if p.active}
    point = current_point(request, points)
    if data.queue:
        audit_borrower_read(request, detail=f"kø for utstyr {item.pk}")
    return render(request, "lending/desk/inventory_item.html", {
        "item": item, "data": data, "point": point, "now_": timezone.now(),
        "copy_rows": [(c, CopyForm(prefix=f"c{c.pk}", points=all_points.values(), initial={
            "condition": c.condition, "location": c.location_id, "note": c.note}),
            DamageForm(prefix=f"d{c.pk}")) for c in data.copies],
        "reserve_form": ReserveForm(points=points.values(),
                                    initial={"location": point.pk if point else None}),
        "add_form": CopiesAddForm(initial={"location": point.pk if point else None}),
    })


@desk_only
def copy_labels(request, pk: int):
    """A printable sheet: one label per copy in circulation, with the copy number as a
    Code 128 barcode and a QR code (``lending.labels``)."""
    item = selectors.item_get_for_user(request.user, pk)
    copies = selectors.item_inventory(item).copies
    labels = [(c, barcode_svg(c.number), qr_svg(c.number)) for c in copies
              if c.condition != Condition.DISCARDED]
    return render(request, "lending/desk/labels.html", {"item": item, "labels": labels})


@desk_only
@require_POST
def copies_add(request, pk: int):
    item = selectors.item_get_for_user(request.user, pk)
    form = CopiesAddForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            copies = services.copies_add(item=item, location=d["location"], count=d["count"],
                                         first_number=d["first_number"],
                                         acquired_on=timezone.localdate())
        except DomainError as exc:
            report_error(request, exc)
        else:
            messages.success(request, ngettext(
                "%(count)d copy added: number %(first)s.",
                "%(count)d copies added: numbers %(first)s–%(last)s.", len(copies)) % {
                "count": len(copies), "first": copies[0].number, "last": copies[-1].number})
    else:
        form_errors_as_messages(request, form)
    return redirect("lending:inventory_item", pk=item.pk)


@desk_only
@require_http_methods(["GET", "POST"])
def item_form(request, pk: int | None = None):
    item = selectors.item_get_for_user(request.user, pk) if pk else None
    form = ItemForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        fields = {k: d[k] for k in ItemForm.Meta.fields}
        try:
            if item is None:
                fields.pop("active")
                item = services.item_create(photo=d.get("photo_upload"), **fields)
            else:
                item = services.item_update(item=selectors.item_get_for_user(request.user, pk),
                                            photo=d.get("photo_upload"),
                                            remove_photo=d.get("remove_photo", False),
                                            **fields)
        except DomainError as exc:
            report_error(request, exc)
        else:
            messages.success(request, _("%(item)s is saved.") % {"item": item})
            return redirect("lending:inventory_item", pk=item.pk)
    return render(request, "lending/desk/item_form.html", {"form": form, "item": item})
