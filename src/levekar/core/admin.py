from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from levekar.core.models import Municipality, OrgUnit, User


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "municipality", "active"]
    list_filter = ["kind", "active", "municipality"]
    search_fields = ["name", "code"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Levekår", {"fields": ("org_unit", "title", "phone")}))
    list_display = ["username", "first_name", "last_name", "org_unit", "is_active"]
    list_select_related = ["org_unit"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Users are deactivated ("Active" off), never deleted: the audit log and the
        # privilege changes must keep pointing at the person who did what. The database
        # refuses it too (PrivilegeChange.user is PROTECT).
        return False
