"""The Django admin for people and the audit record.

People are kept here by superusers, each change audited like any other write; nobody
is deleted, since the audit record names them.
The audit record can be read but never added to, changed or deleted by hand: the
database refuses it anyway (migration 0002), so the admin does not offer it.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest

from .models import AuditEvent, User
from .people import acting_person
from .services import audit_record, snapshot

# What an audit event records of a person: never the password hash.
AUDITED_USER_FIELDS = ("email", "full_name", "job_title", "is_active", "is_staff", "is_superuser")


class UserAddForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserEditForm(UserChangeForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    form = UserEditForm
    add_form = UserAddForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("email", "full_name", "job_title", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active")
    search_fields = ("email", "full_name")
    ordering = ("full_name",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The audit record names people; someone who leaves is made inactive instead.
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The admin runs this inside the transaction of the change, as audit_record needs.
        before = None
        if change:
            before = snapshot(User.objects.get(pk=obj.pk), AUDITED_USER_FIELDS)
        super().save_model(request, obj, form, change)
        after = snapshot(obj, AUDITED_USER_FIELDS)
        if before != after:
            audit_record(
                actor=acting_person(request),
                action="update" if change else "create",
                obj=obj,
                before=before,
                after=after,
            )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("at", "actor_label", "action", "object_type", "object_id", "object_label")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "object_label", "object_id")
    ordering = ("-id",)
    list_per_page = 50

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
