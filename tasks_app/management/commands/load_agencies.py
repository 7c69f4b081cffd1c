from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tasks_app.registry import DATA_DIR, RegistryError, registry_load


class Command(BaseCommand):
    help = "Nạp danh mục cơ quan và nhóm cơ quan từ tệp CSV (chạy lại không thay đổi gì)."

    def add_arguments(self, parser):
        parser.add_argument("--agencies", type=Path, default=DATA_DIR / "agencies.csv")
        parser.add_argument("--groups", type=Path, default=DATA_DIR / "groups.csv")

    def handle(self, *args, agencies: Path, groups: Path, **options):
        for path in (agencies, groups):
            if not path.is_file():
                raise CommandError(f"Không tìm thấy tệp {path}.")
        try:
            result = registry_load(agencies_path=agencies, groups_path=groups)
        except RegistryError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Danh mục cơ quan: thêm mới {result.created}, cập nhật {result.updated}, "
            f"không đổi {result.unchanged}."
            + (
                f" Giữ nguyên {result.kept} mục Văn phòng đã sửa trong ứng dụng."
                if result.kept
                else ""
            )
        )
