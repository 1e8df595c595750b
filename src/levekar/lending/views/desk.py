"""The lending desk: find or register a borrower, lend, return, renew."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from levekar.core.access import role_required
from levekar.core.audit import Purpose
from levekar.core.errors import DomainError, InvalidInput, Problem
from levekar.core.form_errors import add_problems, form_errors_as_messages
from levekar.core.redirects import safe_next
from levekar.core.roles import Role
from levekar.lending import selectors, services
from levekar.lending.forms import (
    BorrowerForm,
    BorrowerSearchForm,
    ChildForm,
    ClassSetForm,
    LendForm,
    PointForm,
    ReturnForm,
)
from levekar.lending.lib import phone_display
from levekar.lending.models import Condition
from levekar.lending.views._common import (
    SESSION_POINT,
    audit_borrower_read,
    current_point,
    report_error,
)

desk_only = role_required(Role.LENDING)


@desk_only
@require_http_methods(["GET"])
def desk_home(request):
    points = selectors.lending_points()
    point = current_point(request, points)
    form = BorrowerSearchForm(request.GET or None)
    results = None
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    # One letter finds half the register (and the live search asks on every keystroke):
    # search from two characters, or any card number.
    if len(q) >= 2 or q.isdigit():
        results = selectors.borrower_search(request.user, q=q)
        audit_borrower_read(request, detail=f"søk etter låntaker ({len(results)} treff)")
    context = {"form": form, "results": results, "point": point}
    if request.headers.get("HX-Request"):
        return render(request, "lending/desk/home.html#results", context)
    context.update({
        "point_form": PointForm(initial={"point": point}, points=points.values()),
        "many_points": len(points) > 1,
        "counts": selectors.desk_counts(location=point) if point else None,
    })
    return render(request, "lending/desk/home.html", context)


@desk_only
@require_POST
def desk_point(request):
    points = selectors.lending_points()
    form = PointForm(request.POST, points=points.values())
    if form.is_valid():
        request.session[SESSION_POINT] = form.cleaned_data["point"].pk
        messages.success(request, _("You now work at %(point)s.")
                         % {"point": form.cleaned_data["point"].name})
    return redirect(safe_next(request, request.POST.get("next"), reverse("lending:desk")))


@desk_only
@require_http_methods(["GET", "POST"])
def borrower_new(request):
    initial = {}
    q = request.GET.get("q", "").strip()
    if q:
        initial["phone" if any(ch.isdigit() for ch in q) else "name"] = q
    form = BorrowerForm(request.POST or None, initial=initial)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            borrower = services.borrower_register(
                actor=request.user, kind=d["kind"], name=d["name"], phone=d["phone"],
                email=d["email"], birth_year=d["birth_year"],
                institution_kind=d["institution_kind"], contact_person=d["contact_person"],
                language=d["language"], allow_shared_phone=d["shared_phone"])
        except InvalidInput as exc:
            add_problems(form, exc, fields=FIELD_FOR)
        except services.DuplicatePhone as exc:
            form.add_error("phone", exc.message)
            duplicate = exc.existing
        else:
            messages.success(request, _("%(name)s is registered with card number %(number)s.")
                             % {"name": borrower.name, "number": borrower.pk})
            return redirect("lending:borrower", pk=borrower.pk)
    if duplicate is not None:
        audit_borrower_read(request, borrower_id=duplicate.pk,
                            purpose=Purpose.PHONE_TAKEN)
    return render(request, "lending/desk/borrower_form.html",
                  {"form": form, "new": True, "duplicate": duplicate})


FIELD_FOR = {"navn": "name", "mobil": "phone", "e-post": "email", "fødselsår": "birth_year",
             "institusjon": "institution_kind", "eksemplarnummer": "copies",
             "levering": "due_on", "på vegne av": "on_behalf_of", "antall": "count",
             "tilstand": "condition", "skade": "damage"}


NO_POINT = InvalidInput([Problem("Ingen utlånssteder er registrert. Be administratoren legge "
                                 "inn et utlånssted med åpningstider.")])


def _point_or_fail(request):
    point = current_point(request)
    if point is None:
        raise NO_POINT
    return point


@desk_only
@require_http_methods(["GET"])
def borrower_detail(request, pk: int):
    borrower = selectors.borrower_get_for_user(request.user, pk)
    overview = selectors.borrower_overview(borrower)
    audit_borrower_read(request, borrower_id=borrower.pk, purpose=Purpose.BORROWER_PAGE)
    points = selectors.lending_points()
    point = current_point(request, points)
    class_items = selectors.class_set_items(location=point) if point and \
        borrower.is_institution else []
    return render(request, "lending/desk/borrower.html", {
        "borrower": borrower,
        "overview": overview,
        "phone": phone_display(borrower.phone),
        "point": point,
        # No due date filled in: empty means each category's own loan period.
        "lend_form": LendForm(initial={"copies": request.session.pop("lending_last_copies",
                                                                     "")}),
        "child_form": ChildForm(),
        "class_form": ClassSetForm(items=class_items) if class_items else None,
    })


@desk_only
@require_http_methods(["GET", "POST"])
def borrower_edit(request, pk: int):
    borrower = selectors.borrower_get_for_user(request.user, pk)
    initial = {"name": borrower.name, "phone": borrower.phone, "email": borrower.email,
               "birth_year": borrower.birth_year, "contact_person": borrower.contact_person,
               "language": borrower.language}
    form = BorrowerForm(request.POST or None, initial=initial, editing=borrower)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.borrower_update(actor=request.user, borrower=borrower, name=d["name"],
                                     phone=d["phone"], email=d["email"],
                                     birth_year=d["birth_year"],
                                     contact_person=d["contact_person"],
                                     language=d["language"])
        except InvalidInput as exc:
            add_problems(form, exc, fields=FIELD_FOR)
        except DomainError as exc:
            report_error(request, exc)
        else:
            messages.success(request, _("The details are saved."))
            return redirect("lending:borrower", pk=borrower.pk)
    else:
        audit_borrower_read(request, borrower_id=borrower.pk, purpose=Purpose.BORROWER_EDIT_FORM)
    return render(request, "lending/desk/borrower_form.html",
                  {"form": form, "borrower": borrower, "new": False})


@desk_only
@require_POST
def borrower_add_child(request, pk: int):
    guardian = selectors.borrower_get_for_user(request.user, pk)
    form = ChildForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            child = services.borrower_add_child(actor=request.user, guardian=guardian,
                                                name=d["name"], birth_year=d["birth_year"],
                                                phone=d["phone"])
        except DomainError as exc:
            report_error(request, exc)
        else:
            messages.success(request, _("%(name)s is added as co-borrower with card number "
                                        "%(number)s.") % {"name": child.name,
                                                          "number": child.pk})
    else:
        form_errors_as_messages(request, form)
    return redirect("lending:borrower", pk=guardian.pk)


@desk_only
@require_http_methods(["GET", "POST"])
def borrower_delete(request, pk: int):
    borrower = selectors.borrower_get_for_user(request.user, pk)
    if request.method == "POST":
        try:
            ids = services.borrower_delete_on_request(actor=request.user, borrower=borrower)
        except DomainError as exc:
            report_error(request, exc)
            return redirect("lending:borrower", pk=borrower.pk)
        messages.success(request, ngettext(
            "The personal data of %(count)d borrower is deleted. The loans are kept "
            "without name for the statistics.",
            "The personal data of %(count)d borrowers are deleted. The loans are kept "
            "without names for the statistics.", len(ids)) % {"count": len(ids)})
        return redirect("lending:desk")
    overview = selectors.borrower_overview(borrower, history=0)
    audit_borrower_read(request, borrower_id=borrower.pk, purpose=Purpose.BORROWER_ERASE_FORM)
    return render(request, "lending/desk/borrower_delete.html",
                  {"borrower": borrower, "overview": overview})


@desk_only
@require_POST
def lend(request, pk: int):
    borrower = selectors.borrower_get_for_user(request.user, pk)
    form = LendForm(request.POST)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect("lending:borrower", pk=borrower.pk)
    d = form.cleaned_data
    try:
        point = _point_or_fail(request)
        numbers = services.parse_copy_numbers(d["copies"])
        on_behalf_of = None
        if d["on_behalf_of"]:
            on_behalf_of = selectors.borrower_by_card_number(request.user, d["on_behalf_of"])
            if on_behalf_of is None:
                raise InvalidInput([Problem(_("No borrower has card number %(n)s.")
                                            % {"n": d["on_behalf_of"]}, field="på vegne av")])
        checkout = services.loans_lend(actor=request.user, borrower=borrower,
                                       copy_numbers=numbers, location=point,
                                       due_on=d["due_on"], on_behalf_of=on_behalf_of)
    except DomainError as exc:
        report_error(request, exc)
        request.session["lending_last_copies"] = d["copies"]
    else:
        n = len(numbers)
        due = checkout.loans.values_list("due_on", flat=True).first()
        messages.success(request, ngettext(
            "%(count)d copy lent to %(name)s, due %(due)s.",
            "%(count)d copies lent to %(name)s, due %(due)s.", n) % {
            "count": n, "name": borrower.name, "due": due.strftime("%d.%m.%Y")})
        for warning in checkout.warnings:
            messages.warning(request, warning)
    return redirect("lending:borrower", pk=borrower.pk)


@desk_only
@require_POST
def class_set(request, pk: int):
    borrower = selectors.borrower_get_for_user(request.user, pk)
    point = current_point(request)
    form = ClassSetForm(request.POST, items=selectors.class_set_items(location=point)
                        if point else ())
    if form.is_valid():
        d = form.cleaned_data
        try:
            checkout = services.class_set_lend(actor=request.user, borrower=borrower,
                                               item=d["item"], count=d["count"],
                                               location=point, due_on=d["due_on"],
                                               note=d["note"])
        except DomainError as exc:
            report_error(request, exc)
        else:
            numbers = list(checkout.loans.order_by("copy__number")
                           .values_list("copy__number", flat=True))
            messages.success(request, _("Class set lent: %(count)s × %(item)s, copy numbers "
                                        "%(first)s–%(last)s.") % {
                "count": d["count"], "item": d["item"],
                "first": numbers[0], "last": numbers[-1]})
    else:
        form_errors_as_messages(request, form)
    return redirect("lending:borrower", pk=borrower.pk)


@desk_only
@require_POST
def loan_renew(request, pk: int):
    loan = selectors.loan_get_for_user(request.user, pk)
    try:
        loan = services.loan_renew(actor=request.user, loan=loan)
    except DomainError as exc:
        report_error(request, exc)
    else:
        messages.success(request, _("Renewed: %(item)s (no. %(number)s) is now due %(due)s.")
                         % {"item": loan.copy.item, "number": loan.copy.number,
                            "due": loan.due_on.strftime("%d.%m.%Y")})
    return redirect("lending:borrower", pk=loan.borrower_id)


@desk_only
@require_POST
def checkout_return(request, pk: int):
    """Everything still out from one lending (a class set) comes back in good condition."""
    checkout = selectors.checkout_get(request.user, pk)
    try:
        result = services.checkout_return(actor=request.user, checkout=checkout,
                                          location=_point_or_fail(request))
    except DomainError as exc:
        report_error(request, exc)
    else:
        messages.success(request, ngettext("%(count)d copy returned.",
                                           "%(count)d copies returned.",
                                           len(result.loans)) % {"count": len(result.loans)})
    return redirect("lending:borrower", pk=checkout.borrower_id)


@desk_only
@require_http_methods(["GET", "POST"])
def return_desk(request):
    """Scan what comes back; say its condition; damaged things go to the workshop."""
    point = current_point(request)
    form = ReturnForm(request.POST or None,
                      initial={"copies": request.GET.get("nr", ""),
                               "condition": Condition.GOOD})
    preview = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            numbers = services.parse_copy_numbers(d["copies"])
            result = services.loans_return(actor=request.user, copy_numbers=numbers,
                                           location=_point_or_fail(request),
                                           condition=d["condition"],
                                           damage=d["damage"])
        except InvalidInput as exc:
            add_problems(form, exc, fields=FIELD_FOR)
        except DomainError as exc:
            report_error(request, exc)
        else:
            names = sorted({loan.borrower.display_name for loan in result.loans})
            messages.success(request, ngettext(
                "%(count)d copy returned from %(names)s.",
                "%(count)d copies returned from %(names)s.", len(result.loans)) % {
                "count": len(result.loans), "names": ", ".join(names)})
            if result.to_repair:
                messages.warning(request, _("Sent to the workshop: %(copies)s.") % {
                    "copies": ", ".join(f"{c.number} ({c.item})" for c in result.to_repair)})
            if result.in_buffer:
                messages.info(request, _("To be cleaned before the next loan: %(copies)s.")
                              % {"copies": ", ".join(str(c.number) for c in result.in_buffer)})
            if result.holds_ready:
                messages.info(request, ngettext(
                    "%(count)d reservation is ready: put the copy on the pick-up shelf.",
                    "%(count)d reservations are ready: put the copies on the pick-up shelf.",
                    result.holds_ready) % {"count": result.holds_ready})
            return redirect("lending:return")
    elif request.method == "GET" and request.GET.get("nr"):
        try:
            numbers = services.parse_copy_numbers(request.GET["nr"])
        except InvalidInput:
            numbers = []
        preview = selectors.loans_active_for_numbers(numbers)
        if preview:
            audit_borrower_read(request, borrower_id=preview[0].borrower_id,
                                purpose=Purpose.DESK_RETURN)
    return render(request, "lending/desk/return.html",
                  {"form": form, "point": point, "preview": preview})
