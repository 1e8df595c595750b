"""The public catalogue: no login, Norwegian and English, light enough for a phone."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from levekar.lending import selectors
from levekar.lending.forms import CatalogueSearchForm

PAGE_SIZE = 20


@require_GET
def catalogue(request):
    cats = selectors.categories()
    form = CatalogueSearchForm(request.GET or None, categories=cats)
    criteria = form.cleaned_data if form.is_valid() else {}
    items = selectors.catalogue_search(
        q=criteria.get("q", ""), category=criteria.get("category", ""),
        size=criteria.get("size", ""), age=criteria.get("age"))
    page = selectors.catalogue_page(items, request.GET.get("side"), PAGE_SIZE)
    points = selectors.lending_points()
    availability = selectors.availability([item.pk for item in page], points=points)
    query = request.GET.copy()
    query.pop("side", None)
    return render(request, "lending/public/catalogue.html", {
        "form": form,
        "page": page,
        "rows": [(item, availability.get(item.pk, [])) for item in page],
        "searched": bool(criteria and any(criteria.values())),
        "hours": selectors.opening_hours(points),
        "query": query.urlencode(),
    })


@require_GET
def item_detail(request, pk: int):
    item = selectors.item_get_public(pk)
    points = selectors.lending_points()
    return render(request, "lending/public/item.html", {
        "item": item,
        "availability": selectors.availability([item.pk], points=points).get(item.pk, []),
        "hours": selectors.opening_hours(points),
    })


@require_GET
@cache_control(public=True, max_age=24 * 3600)
def item_photo(request, pk: int):
    item = selectors.item_get_public(pk)
    if not item.photo:
        raise Http404
    try:
        handle = item.photo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, content_type=item.photo_content_type)


@require_GET
def how_to_borrow(request):
    points = selectors.lending_points()
    return render(request, "lending/public/how_to_borrow.html", {
        "hours": selectors.opening_hours(points),
        "categories": selectors.categories(),
    })
