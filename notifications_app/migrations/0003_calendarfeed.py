"""The calendar feed model moves here from the audit app; its table is renamed, rows kept."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications_app", "0002_default_policy"),
        ("audit", "0004_event_type_process_completed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CalendarFeed",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("token", models.CharField(max_length=64, unique=True, verbose_name="mã bí mật")),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="thời điểm tạo mã"
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="calendar_feed",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="người dùng",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "lịch hạn xử lý",
                        "verbose_name_plural": "lịch hạn xử lý",
                        "db_table": "audit_calendarfeed",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("token", ""), _negated=True),
                                name="calendar_feed_token_not_empty",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="calendarfeed", table=None),
    ]
