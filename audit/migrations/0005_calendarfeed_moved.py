"""The calendar feed model now lives in notifications_app (which renamed its table)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_event_type_process_completed"),
        ("notifications_app", "0003_calendarfeed"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CalendarFeed")],
            database_operations=[],
        ),
    ]
