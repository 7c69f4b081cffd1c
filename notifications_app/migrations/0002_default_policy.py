from django.db import migrations

DEFAULT_POLICY = [
    # kind, working days relative to the deadline, hour, audience
    ("before", -2, 8, "responsible"),
    ("due", 0, 8, "responsible"),
    ("overdue", 1, 8, "responsible"),
    ("escalate_head", 3, 8, "agency_heads"),
    ("escalate_office", 5, 8, "office"),
]


def create_policy(apps, schema_editor):
    ReminderRule = apps.get_model("notifications_app", "ReminderRule")
    for kind, offset, hour, audience in DEFAULT_POLICY:
        ReminderRule.objects.get_or_create(
            kind=kind,
            defaults={"offset_working_days": offset, "hour": hour, "audience": audience},
        )


class Migration(migrations.Migration):
    dependencies = [("notifications_app", "0001_initial")]

    operations = [migrations.RunPython(create_policy, migrations.RunPython.noop)]
