from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

#: Vietnamese names for what third-party applications show in the admin: app label, and
#: (model, singular, plural). Only the names shown change; migrations read the models' own
#: options (``_meta.original_attrs``), so nothing here alters the database schema.
THIRD_PARTY_NAMES = {
    "authtoken": (
        _("Mã truy cập API"),
        [
            ("token", _("mã truy cập API"), _("mã truy cập API")),
            ("tokenproxy", _("mã truy cập API"), _("mã truy cập API")),
        ],
    ),
    "notifications": (
        _("Thông báo trong ứng dụng"),
        [("notification", _("thông báo"), _("thông báo"))],
    ),
}


def third_party_names_apply() -> None:
    for app_label, (app_name, models) in THIRD_PARTY_NAMES.items():
        config = apps.app_configs.get(app_label)
        if config is None:
            continue
        config.verbose_name = app_name
        for model_name, singular, plural in models:
            try:
                model = config.get_model(model_name)
            except LookupError:
                continue
            model._meta.verbose_name = singular
            model._meta.verbose_name_plural = plural


class ProjectConfig(AppConfig):
    name = "project"
    verbose_name = _("Hệ thống")

    def ready(self):
        from project import receivers  # noqa: F401

        third_party_names_apply()
