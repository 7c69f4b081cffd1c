"""Sign-in events into the audit log (connected by ``ProjectConfig.ready``)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from project.security import lockout_record, login_failure_record


@receiver(user_login_failed, dispatch_uid="project.login_failure_record")
def on_login_failed(sender, credentials=None, request=None, **kwargs):
    login_failure_record(request, credentials)


@receiver(user_locked_out, dispatch_uid="project.lockout_record")
def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    lockout_record(request, str(username or ""), str(ip_address or ""))
