from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_verify


class Command(BaseCommand):
    help = "Kiểm tra toàn bộ chuỗi băm của nhật ký kiểm tra; nêu sự kiện đầu tiên bị sửa."

    def add_arguments(self, parser):
        parser.add_argument("--chain", help="Chỉ kiểm tra một chuỗi.")

    def handle(self, *args, chain=None, **options):
        failures = []
        for name, result in audit_verify(chain=chain):
            if result.ok:
                self.stdout.write(f"Chuỗi {name}: {result.checked} sự kiện, nguyên vẹn.")
                continue
            if result.broken is not None:
                event = result.broken
                failures.append(
                    f"Chuỗi {name}: sự kiện số {event.seq} (id {event.pk}, "
                    f"{event.get_event_type_display()}, {event.occurred_at:%d/%m/%Y %H:%M:%S}) "
                    f"không hợp lệ: {result.problem}."
                )
            else:
                failures.append(f"Chuỗi {name}: {result.problem}.")
        if failures:
            raise CommandError(" ".join(failures))
        if not failures and not audit_verify(chain=chain):
            self.stdout.write("Nhật ký kiểm tra chưa có sự kiện nào.")
