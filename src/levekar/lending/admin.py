"""Lending points, their opening hours and the categories are kept by the administrator in
Django's admin (rarely changed). Borrowers are not here: their data is read and changed at
the desk, where every read and change is audited."""

from django.contrib import admin

from levekar.lending.models import Category, LendingPoint, OpeningHours


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 1


@admin.register(LendingPoint)
class LendingPointAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "address", "zone", "hold_days", "active", "order")
    list_editable = ("active", "order")
    prepopulated_fields = {"code": ("name",)}
    inlines = [OpeningHoursInline]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "code", "loan_days", "max_renewals", "buffer_days",
                    "order")
    list_editable = ("loan_days", "max_renewals", "buffer_days", "order")
    prepopulated_fields = {"code": ("name",)}
