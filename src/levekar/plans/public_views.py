"""The public plan pages (no login, Norwegian or English by the browser's language):
like Decidim's accountability pages, with the statistics."""

from django.shortcuts import render

from levekar.plans.selectors.public import public_plan_get, public_plan_page, public_plans


def plan_list(request):
    return render(request, "plans/public/plan_list.html", {"plans": public_plans()})


def plan_detail(request, plan):
    plan = public_plan_get(plan)
    page = public_plan_page(plan)
    return render(request, "plans/public/plan_detail.html", {
        "plan": plan, "matrix": page.matrix, "years": page.years})
