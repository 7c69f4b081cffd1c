from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from tasks_app.demo import demo_seed
from tasks_app.models import Notice
from tasks_app.registry import DATA_DIR
from tasks_app.services import notice_import

DEMO_NOTICE = DATA_DIR / "seeds" / "142-TB-TU.txt"


class Command(BaseCommand):
    help = (
        "Nạp danh mục cơ quan và tạo người dùng mẫu (<mã>_head, <mã>_officer, vptu_office, "
        "vptu_auditor, admin)."
    )

    def handle(self, *args, **options):
        call_command("load_agencies", stdout=self.stdout)
        result = demo_seed(password=settings.DEMO_PASSWORD)
        self.stdout.write(f"Người dùng mẫu mới: {len(result.created_users)}.")
        if result.password:
            self.stdout.write(
                self.style.WARNING(
                    "Mật khẩu chung của người dùng mẫu (chỉ in một lần, hãy ghi lại): "
                    f"{result.password}"
                )
            )
        elif result.created_users:
            self.stdout.write("Mật khẩu: giá trị của biến môi trường DEMO_PASSWORD.")
        else:
            self.stdout.write(
                "Người dùng mẫu đã có từ trước; mật khẩu giữ nguyên như lần in đầu tiên "
                "(đổi bằng: python manage.py changepassword <tên>)."
            )
        if not Notice.objects.exists():
            notice = notice_import(
                content=DEMO_NOTICE.read_bytes(), filename=DEMO_NOTICE.name, by=None
            )
            self.stdout.write(
                f"Đã nhập thông báo mẫu {notice.number} (bản nháp chờ Văn phòng rà soát, ban hành)."
            )
        self.stdout.write(
            "Đăng nhập ví dụ: vptu_office (Văn phòng Tỉnh ủy), btctu_head (Lãnh đạo Ban Tổ chức), "
            "btctu_officer (Chuyên viên), vptu_auditor (Cán bộ kiểm tra), admin (quản trị)."
        )
