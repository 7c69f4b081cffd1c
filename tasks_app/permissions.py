"""Who may import, edit and review notices (the Office), for pages and for services.

``user_can_<action>`` answers whether a page shows an action; ``require_<action>`` refuses a
service call with :class:`project.exceptions.PermissionRefused`. ``by=None`` is the operator
running a management command, who may do everything the Office may.
"""

from django.utils.translation import gettext as _

from project.exceptions import PermissionRefused
from tasks_app.selectors import UserLike, user_is_office


def user_can_edit_notices(*, user: UserLike) -> bool:
    """Import, review and correct draft notices: Office staff only."""
    return user_is_office(user=user)


def require_notice_editor(*, user: UserLike) -> None:
    if user is not None and not user_can_edit_notices(user=user):
        raise PermissionRefused(
            _("Chỉ chuyên viên Văn phòng Tỉnh ủy mới được nhập, sửa và ban hành thông báo.")
        )


def user_can_edit_registry(*, user: UserLike) -> bool:
    """Keep the agency registry (names, abbreviations, aliases, groups, succession): the
    Office."""
    return user_is_office(user=user)


def require_registry_editor(*, user: UserLike) -> None:
    if user is not None and not user_can_edit_registry(user=user):
        raise PermissionRefused(
            _("Chỉ chuyên viên Văn phòng Tỉnh ủy mới được sửa danh mục cơ quan.")
        )
