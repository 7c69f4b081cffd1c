"""``manage.py api_token issue|rotate|revoke``: tokens for other systems, from the shell."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.models import ApiToken
from api.services.tokens import api_token_issue, api_token_revoke, api_token_rotate
from project.exceptions import ApplicationError
from tasks_app.models import Agency


class Command(BaseCommand):
    help = "Cấp, đổi hoặc thu hồi mã truy cập API (ghi nhật ký kiểm tra)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="Cấp mã mới.")
        issue.add_argument("--name", required=True)
        issue.add_argument("--agency", help="Mã cơ quan (tài khoản hệ thống của cơ quan).")
        issue.add_argument(
            "--role", action="append", default=[], help="Vai trò (lặp lại được): head, officer…"
        )
        issue.add_argument("--user", help="Tên đăng nhập (mã cho một người dùng).")
        issue.add_argument("--read-only", action="store_true")
        for name in ("rotate", "revoke"):
            sub.add_parser(name).add_argument("prefix", help="Mã nhận diện của mã truy cập.")

    def handle(self, *args, action, **options):
        try:
            if action == "issue":
                agency = user = None
                if options.get("agency"):
                    agency = Agency.objects.filter(code=options["agency"]).first()
                    if agency is None:
                        raise CommandError(f"Không có cơ quan {options['agency']}.")
                if options.get("user"):
                    user = get_user_model().objects.filter(username=options["user"]).first()
                    if user is None:
                        raise CommandError(f"Không có người dùng {options['user']}.")
                issued = api_token_issue(
                    by=None,
                    name=options["name"],
                    agency=agency,
                    roles=options["role"],
                    user=user,
                    read_only=options["read_only"],
                )
                self.stdout.write(issued.key)
                return
            token = ApiToken.objects.filter(prefix=options["prefix"]).first()
            if token is None:
                raise CommandError(f"Không có mã truy cập {options['prefix']}.")
            if action == "rotate":
                self.stdout.write(api_token_rotate(token=token, by=None).key)
            else:
                api_token_revoke(token=token, by=None)
                self.stdout.write(f"Đã thu hồi {token.prefix}.")
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
