import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from project.exceptions import ApplicationError
from tasks_app.services import notice_draft_create, notice_parse


class Command(BaseCommand):
    help = (
        "Đọc một thông báo kết luận (.txt UTF-8, .docx, PDF, hoặc bản quét PDF/PNG/JPEG/TIFF "
        "qua nhận dạng chữ OCR), dựng bản nháp các nhiệm vụ và phân công; lưu bản nháp để Văn "
        "phòng rà soát (trừ khi có --dry-run)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đọc, không lưu gì.")
        parser.add_argument("--json", action="store_true", help="In bản nháp dạng JSON.")

    from_command_line = False

    def run_from_argv(self, argv):
        self.from_command_line = True
        super().run_from_argv(argv)

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            if not self.from_command_line:
                raise
            # One line on stderr, in Vietnamese, without Django's "CommandError:" prefix.
            sys.stderr.write(f"{exc}\n")
            sys.exit(exc.returncode or 1)

    def handle(self, *args, path: Path, dry_run: bool, json: bool, **options):
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp: {path}")
        try:
            parsed = notice_parse(content=path.read_bytes(), filename=path.name)
            notice = None if dry_run else notice_draft_create(parsed=parsed, by=None)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        data = parsed.draft.to_json_dict()
        if json:
            self.stdout.write(_json_dumps(data))
            return
        meta = data["notice"]
        self.stdout.write(f"Thông báo {meta['number']} ngày {meta['date']}: {meta['title']}")
        for item in data["directives"]:
            leads = ", ".join(a["lead"] for a in item["assignments"]) or "(chưa rõ)"
            flag = "  [cần rà soát]" if item["needs_review"] else ""
            self.stdout.write(f"  Mục {item['ref']}: chủ trì {leads}{flag}")
        if notice is not None:
            self.stdout.write(self.style.SUCCESS(f"Đã lưu bản nháp (mã {notice.pk})."))
        else:
            self.stdout.write("Chạy thử: không lưu gì.")


def _json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
