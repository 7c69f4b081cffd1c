"""Agency-like phrases that the registry does not know: "Ban Xyz tỉnh", "Sở Y tế",
"Ủy ban nhân dân quận, huyện", "UBND huyện Hoàng Su Phì", "các sở, ban, ngành".

They are found so that a passage whose subject is such a body is flagged for review instead
of being given to the wrong agency."""

from __future__ import annotations

import re

from .mentions import Mention
from .text import fold
from .vocabulary import LOCAL_LEVELS

_SIMPLE_HEADS = (
    "Ban", "Sở", "Cục", "Chi cục", "Phòng", "Hội", "Trường", "Viện", "Trung tâm", "Văn phòng",
    "Liên đoàn", "Công an", "Ngân hàng", "Kho bạc", "Thanh tra", "Bộ Chỉ huy", "Báo", "Đài",
    "Công ty", "Tổng công ty",
)  # fmt: skip
_QUALIFIED_HEADS = (
    "Ủy ban nhân dân", "Uỷ ban nhân dân", "Hội đồng nhân dân", "Ban cán sự đảng",
    "Ban Cán sự đảng", "Đảng đoàn", "Đảng ủy", "Đảng uỷ", "Huyện ủy", "Huyện uỷ", "Thị ủy",
    "Thị uỷ", "Thành ủy", "Thành uỷ", "Ủy ban", "Uỷ ban", "UBND", "HĐND",
)  # fmt: skip
_HEAD_RE = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(h) for h in sorted(_SIMPLE_HEADS + _QUALIFIED_HEADS, key=len)[::-1])
    + r")(?!\w)"
)
_LEVEL = "|".join(sorted(LOCAL_LEVELS, key=len, reverse=True))
# "quận, huyện", "các huyện, thành phố", "xã, phường, thị trấn", then maybe a place name.
_LOCAL_RUN_RE = re.compile(
    rf"[ \t]+(?:các[ \t]+)?(?:cấp[ \t]+)?(?:{_LEVEL})(?:[ \t]*,[ \t]*(?:{_LEVEL}))*(?!\w)",
    re.IGNORECASE,
)
_PLURAL_BODIES_RE = re.compile(r"(?<!\w)các sở,? ban,? ngành(?:,? đoàn thể)?(?!\w)", re.IGNORECASE)
_NEXT_WORD_RE = re.compile(r"[ \t]+(?:[-–][ \t]+)?(\w+(?:-\w+)*)")
_STOP_WORDS = frozenset(
    fold(w)
    for w in str.split(
        "phối chủ tiếp thực triển tổ chỉ lãnh hướng báo tham xây nghiên rà khẩn tăng chịu làm "
        "có được cần phải theo kiểm đôn giám quán tập nâng đẩy sớm thường kịp quan chú đề hoàn "
        "trình gửi giao bổ cập đánh phát duy đảm xem tiến là đã sẽ đang với trong tại của cho "
        "về các những khi để nhằm thì mà cùng hỗ ban hành"
    )
)


def find_unknown(text: str, known: list[Mention]) -> list[Mention]:
    """Agency-like phrases not covered by a known mention."""
    found: list[Mention] = []
    for match in _HEAD_RE.finditer(text):
        start = match.start()
        if found and start < found[-1].end:
            continue
        qualified = match.group(1) in _QUALIFIED_HEADS
        local = _LOCAL_RUN_RE.match(text, match.end()) if qualified else None
        end = _place_end(text, local.end()) if local else _unknown_end(text, match.end(), qualified)
        if end is None or any(m.start < end and start < m.end for m in known):
            continue
        found.append(Mention(start, end, None, "unknown", text[start:end]))
    for match in _PLURAL_BODIES_RE.finditer(text):
        start, end = match.span()
        if not any(m.start < end and start < m.end for m in known + found):
            found.append(Mention(start, end, None, "unknown", text[start:end]))
    return found


def _place_end(text: str, pos: int) -> int:
    """After "UBND huyện", the place name: capitalised words or a number ("Quận 1")."""
    for _ in range(4):
        word = _NEXT_WORD_RE.match(text, pos)
        if not word or not (word.group(1)[0].isupper() or word.group(1).isdigit()):
            break
        pos = word.end()
    return pos


def _unknown_end(text: str, pos: int, qualified: bool) -> int | None:
    """End of the agency-like phrase after a head word, or None if it is not one.

    A proper name must follow ("Ban Xyz", "Sở Y tế"); heads that take a lower-case qualifier
    ("Ủy ban nhân dân huyện X", "Hội đồng nhân dân tỉnh") may reach it after a few words."""
    end, proper, lower_run = pos, False, 0
    match = _NEXT_WORD_RE.match(text, pos)
    for _ in range(10):
        if not match:
            break
        word, folded = match.group(1), fold(match.group(1))
        following = _NEXT_WORD_RE.match(text, match.end())
        if word[0].isupper() or word[0].isdigit():
            proper, lower_run, end = True, 0, match.end()
        elif folded == "và" and proper and following and following.group(1)[0].isupper():
            end = match.end()
        elif folded in _STOP_WORDS or not (proper or qualified):
            break
        elif folded == "tỉnh":
            return match.end()
        else:
            lower_run += 1
            if lower_run > 3:
                break
            if proper:
                end = match.end()
        match = following
    return end if proper else None
