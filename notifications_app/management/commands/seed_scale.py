import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from notifications_app.scale import SCALE_MARK, scale_seed, scaled_notices
from tasks_app.demo import demo_seed
from tasks_app.models import Agency
from tasks_app.registry import registry_load


def _positive(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Sinh dữ liệu quy mô lớn để đo hiệu năng: --processes quy trình (kèm thông báo, nhiệm vụ, "
        "bước xử lý, nhắc việc, thông báo trong ứng dụng, nhật ký kiểm tra có chuỗi băm hợp lệ) "
        "rải đều trong --years năm gần nhất, ở mọi trạng thái (đang xử lý ở từng bước, quá hạn, "
        "đã hoàn thành, đã hủy). Ghi thẳng vào CSDL đang cấu hình (DATABASE_URL) bằng lệnh ghi "
        "hàng loạt, không qua dịch vụ. Cùng --seed và --today cho cùng dữ liệu. Nạp danh mục cơ "
        "quan và tạo người dùng mẫu (như seed_demo) nếu chưa có. Từ chối chạy khi CSDL đã có dữ "
        f"liệu sinh trước đó (thông báo có tệp gốc “{SCALE_MARK}”), trừ khi có --append (thêm "
        "tiếp, số hiệu tiếp nối). Chỉ dùng cho CSDL thử nghiệm, khi không ai đang dùng hệ thống."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--processes", type=_positive, required=True, help="số quy trình cần sinh"
        )
        parser.add_argument("--years", type=_positive, default=10, help="số năm (mặc định 10)")
        parser.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên")
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="ngày hiện tại giả định YYYY-MM-DD (mặc định hôm nay)",
        )
        parser.add_argument(
            "--append", action="store_true", help="thêm vào dữ liệu đã sinh trước đó"
        )

    def handle(self, *args, **options):
        existing = scaled_notices()
        if existing and not options["append"]:
            raise CommandError(
                f"CSDL đã có dữ liệu sinh bởi seed_scale ({existing} thông báo); không ghi thêm. "
                "Dùng --append để thêm tiếp, hoặc dùng một CSDL trống."
            )
        if not Agency.objects.exists():
            registry_load()
        result = demo_seed(password=settings.DEMO_PASSWORD)
        if result.password:
            self.stdout.write(
                f"Mật khẩu chung của người dùng mẫu (chỉ in một lần): {result.password}"
            )
        self.stdout.write(
            f"Đang sinh {options['processes']} quy trình trong {options['years']} năm "
            f"(hạt giống {options['seed']})…"
        )
        try:
            seeded = scale_seed(
                processes=options["processes"],
                years=options["years"],
                seed=options["seed"],
                today=options["today"],
                progress=self.stdout.write,
            )
        except ValueError as exc:
            raise CommandError(f"Không sinh được dữ liệu: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sinh {seeded.notices} thông báo, {seeded.directives} nhiệm vụ, "
                f"{seeded.processes} quy trình, {seeded.tasks} bước xử lý, "
                f"{seeded.notifications} thông báo trong ứng dụng, {seeded.audit_events} sự kiện "
                f"nhật ký trong {seeded.seconds:.1f} giây."
            )
        )
