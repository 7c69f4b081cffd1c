"""Sign-in, sign-out and password pages: viewflow's auth pages with the product's wording.

- the password-change page sits in the site (side menu) and states the password rules as
  plain sentences (viewflow shows a help text as plain text, so Django's ``<ul>`` would show
  its markup);
- a failed sign-in and a wrong current password are told in plain Vietnamese;
- signing out says so on the sign-in page it leads to.
"""

from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.translation import gettext_lazy as _
from viewflow.contrib.auth import AuthenticationForm, AuthViewset


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng (phân biệt chữ hoa, chữ thường)."
        ),
    }


def password_rules() -> str:
    """The password validators' rules as plain sentences, one after another."""
    return " ".join(str(text) for text in password_validators_help_texts())


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": _("Mật khẩu cũ không chính xác. Hãy nhập lại lần nữa."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_rules()


class InSiteMixin:
    """A page outside the site's URLs shown with the site's side menu (viewflow's page takes
    the site from the resolved URL)."""

    site = None

    def dispatch(self, request, *args, **kwargs):
        if request.resolver_match is not None and self.site is not None:
            request.resolver_match.site = self.site
        return super().dispatch(request, *args, **kwargs)


class PasswordChangeView(InSiteMixin, auth_views.PasswordChangeView):
    form_class = PasswordChangeForm


class PasswordChangeDoneView(InSiteMixin, auth_views.PasswordChangeDoneView):
    pass


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Bạn đã đăng xuất."), fail_silently=True)
        return response


class SiteAuthViewset(AuthViewset):
    """viewflow's auth pages; the pages of a signed-in user show the site's side menu."""

    logout_view_class = LogoutView
    pass_change_view_class = PasswordChangeView
    pass_change_done_view_class = PasswordChangeDoneView

    def __init__(self, *, site, **kwargs):
        super().__init__(**kwargs)
        self.menu_site = site

    def get_login_view_kwargs(self, **kwargs):
        return super().get_login_view_kwargs(form_class=LoginForm, **kwargs)

    def get_pass_change_view_kwargs(self, **kwargs):
        return super().get_pass_change_view_kwargs(site=self.menu_site, **kwargs)

    def get_pass_change_done_view_kwargs(self, **kwargs):
        return super().get_pass_change_done_view_kwargs(site=self.menu_site, **kwargs)
