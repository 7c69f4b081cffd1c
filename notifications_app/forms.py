from django import forms

from notifications_app.models import NotificationPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["in_app", "email", "daily_digest"]
