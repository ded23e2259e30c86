"""The password form of the administration site goes through the service: policy, history, audit, forced change."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from gongjian.core.services import Actor
from gongjian.org.admin import UserAdmin
from gongjian.org.models import User

from . import services


class SecureUserAdmin(UserAdmin):
    def user_change_password(self, request, id, form_url=""):
        if request.method != "POST":
            return super().user_change_password(request, id, form_url)
        user = self.get_object(request, unquote(id))
        if user is None or not self.has_change_permission(request, user):
            raise PermissionDenied
        form = AdminPasswordChangeForm(user, request.POST)
        if form.is_valid() and form.cleaned_data.get("password1"):
            try:
                services.set_password(Actor.from_request(request), user, form.cleaned_data["password1"], reset=True)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return HttpResponseRedirect(request.get_full_path())
            messages.success(request, _("The password was reset: the user must choose a new one at the next login."))
            return HttpResponseRedirect(reverse(f"{self.admin_site.name}:org_user_change", args=(user.pk,)))
        return super().user_change_password(request, id, form_url)


admin.site.unregister(User)
admin.site.register(User, SecureUserAdmin)
