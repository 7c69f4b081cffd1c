"""Recognise agencies, agency groups and other bodies named in Vietnamese text.

The variant table is generated from the registry names with abbreviation rules, so an agency
added to the registry is recognised by its name, its usual abbreviations and its acronym.
Matching is done on folded tokens (lower case, canonical tone placement); the longest
variant starting at the leftmost position wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .registry import Registry
from .text import fold, strip_diacritics

TOKEN_RE = re.compile(r"\w+|[^\w\s]")

# (long form, short form): applied in both directions when generating variants.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("ủy ban nhân dân", "ubnd"),
    ("hội đồng nhân dân", "hđnd"),
    ("ban cán sự đảng", "bcs đảng"),
    ("ban cán sự đảng", "bcsđ"),
    ("liên đoàn lao động", "lđlđ"),
    ("mặt trận tổ quốc việt nam", "mặt trận tổ quốc"),
    ("ủy ban mặt trận tổ quốc", "mặt trận tổ quốc"),
    ("mặt trận tổ quốc", "mttq"),
    ("ủy ban mttq", "ubmttq"),
    ("mttq việt nam", "mttqvn"),
    ("khu công nghiệp", "kcn"),
    ("ban quản lý", "bql"),
    ("đảng ủy khối", "đuk"),
    ("đảng ủy", "đu"),
    ("văn phòng tỉnh ủy", "vptu"),
    ("tỉnh ủy", "tu"),
    ("ban thường vụ", "btv"),
    ("đảng đoàn", "đđ"),
    ("hội liên hiệp phụ nữ", "hội lhpn"),
    ("cựu chiến binh", "ccb"),
    ("thông tin và truyền thông", "tt&tt"),
    ("lao động - thương binh và xã hội", "lđ-tb&xh"),
    ("kế hoạch và đầu tư", "kh&đt"),
)

# A short head stands for the one registry agency whose name starts with it.
UNIQUE_SHORT_HEADS: tuple[str, ...] = ("đảng ủy khối",)

_ACRONYM_SKIP = {"và", "các", "-", "&", ",", "(", ")"}
_ACRONYM_SUFFIXES = (tuple(fold("tỉnh ủy").split()), ("tỉnh",))

# Everyday phrases for the registry groups (group codes are fixed vocabulary of the genre).
GROUP_PHRASES: dict[str, tuple[str, ...]] = {
    "CAP_UY_HUYEN": (
        "cấp ủy huyện (tương đương)",
        "cấp ủy huyện và tương đương",
        "cấp ủy cấp huyện (tương đương)",
        "cấp ủy cấp huyện và tương đương",
        "cấp ủy cấp huyện",
        "cấp ủy huyện",
        "cấp ủy huyện, thị, thành (tương đương)",
        "cấp ủy huyện, thị, thành",
        "cấp ủy các huyện, thị xã, thành phố",
        "các huyện ủy, thị ủy, thành ủy và đảng ủy trực thuộc tỉnh ủy",
        "các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc tỉnh ủy",
        "các huyện ủy, thị ủy, thành ủy và đảng ủy trực thuộc",
        "các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc",
        "các huyện ủy, thị ủy, thành ủy",
        "các huyện, thị, thành ủy và đảng ủy trực thuộc tỉnh ủy",
        "các huyện, thị, thành ủy và đảng ủy trực thuộc",
        "các huyện, thị, thành ủy, đảng ủy trực thuộc tỉnh ủy",
        "các huyện, thị, thành ủy",
    ),
    "CAC_CAP_UY": ("các cấp ủy", "cấp ủy các cấp", "các cấp ủy đảng", "cấp ủy đảng các cấp"),
    "BCS_DANG_DOAN": (
        "các ban cán sự đảng, đảng đoàn",
        "các ban cán sự đảng và đảng đoàn",
        "các đảng đoàn, ban cán sự đảng",
        "các ban cán sự đảng",
        "các đảng đoàn",
    ),
    "CO_QUAN_THAM_MUU": (
        "các cơ quan tham mưu của tỉnh ủy",
        "các cơ quan tham mưu, giúp việc tỉnh ủy",
        "các cơ quan tham mưu, giúp việc của tỉnh ủy",
        "các cơ quan tham mưu giúp việc tỉnh ủy",
        "các cơ quan tham mưu, giúp việc",
        "các cơ quan tham mưu",
        "các ban đảng tỉnh ủy",
        "các ban đảng",
        "các ban xây dựng đảng tỉnh ủy",
        "các ban xây dựng đảng",
    ),
    "DOAN_THE_TINH": (
        "ủy ban mặt trận tổ quốc và các đoàn thể tỉnh",
        "ủy ban mặt trận tổ quốc việt nam và các đoàn thể chính trị - xã hội tỉnh",
        "ủy ban mặt trận tổ quốc và các đoàn thể chính trị - xã hội tỉnh",
        "ủy ban mặt trận tổ quốc, các đoàn thể tỉnh",
        "mặt trận và các đoàn thể tỉnh",
        "các đoàn thể chính trị - xã hội tỉnh",
        "các đoàn thể tỉnh",
    ),
}

# Bodies that are named in notices but never receive an assignment (the issuer and the centre).
BODY_PHRASES: tuple[str, ...] = (
    "tỉnh ủy",
    "ban thường vụ tỉnh ủy",
    "tập thể ban thường vụ tỉnh ủy",
    "btv tỉnh ủy",
    "thường trực tỉnh ủy",
    "ban chấp hành đảng bộ tỉnh",
    "ban chấp hành đảng bộ",
    "bch đảng bộ tỉnh",
    "đảng bộ tỉnh",
    "ban chấp hành trung ương",
    "ban chấp hành trung ương đảng",
    "trung ương",
    "trung ương đảng",
    "bộ chính trị",
    "ban bí thư",
    "quốc hội",
    "chính phủ",
    "thủ tướng chính phủ",
)

_PREFIXES = (
    ("tập", "thể", "ban", "thường", "vụ"),
    ("ban", "thường", "vụ"),
    ("btv",),
    ("thường", "trực"),
)
_DETERMINERS = (("các",), ("những",))
_LOCAL_SCOPE = {"huyện", "xã", "phường", "thị", "thành", "cơ", "quận"}


@dataclass(frozen=True)
class Mention:
    """A named agency (kind "agency"), group ("group"), non-assignable body ("body") or an
    agency-like phrase missing from the registry ("unknown"); offsets into the analysed text."""

    start: int
    end: int
    code: str | None
    kind: str
    text: str

    @property
    def assignable(self) -> bool:
        return self.kind in ("agency", "group")


@dataclass(frozen=True)
class _Entry:
    code: str | None
    kind: str
    priority: int
    scope_dropped: bool = False


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(TOKEN_RE.findall(fold(text)))


def _rule_patterns() -> list[tuple[re.Pattern, str]]:
    pairs: list[tuple[str, str]] = []
    for long, short in ABBREVIATIONS:
        long, short = fold(long), fold(short)
        pairs.append((long, short))
        if short not in long:
            pairs.append((short, long))
    return [(re.compile(r"(?<!\w)" + re.escape(a) + r"(?!\w)"), b) for a, b in pairs]


_RULES = _rule_patterns()


def _apply_rules(seeds: set[str], limit: int = 256) -> set[str]:
    """Closure of ``seeds`` under the abbreviation rules."""
    seen = set(seeds)
    queue = list(seeds)
    while queue and len(seen) < limit:
        variant = queue.pop()
        for pattern, replacement in _RULES:
            if pattern.search(variant):
                new = pattern.sub(replacement, variant)
                if new not in seen:
                    seen.add(new)
                    queue.append(new)
    return seen


def _acronym(tokens: tuple[str, ...]) -> str:
    """Initials without marks but with "đ": "ủy ban kiểm tra tỉnh ủy" → "ubkttu"."""
    return "".join(strip_diacritics(t[0]) for t in tokens if t not in _ACRONYM_SKIP)


def _acronyms(name: str) -> set[str]:
    """Acronyms of a name: "btctu" and "btc tỉnh ủy" for "Ban Tổ chức Tỉnh ủy"."""
    tokens = tuple(fold(name).split())
    found: set[str] = set()
    if len(tokens) >= 3:
        found.add(_acronym(tokens))
    for suffix in _ACRONYM_SUFFIXES:
        prefix = tokens[: -len(suffix)]
        if tokens[-len(suffix) :] == suffix and len(prefix) >= 2:
            found.add(_acronym(prefix) + " " + " ".join(suffix))
    return {a for a in found if len(a.split()[0]) >= 3 and a.split()[0].isalpha()}


def name_variants(name: str, *, acronyms: bool = True) -> dict[str, bool]:
    """Folded variants of ``name`` → whether the trailing "tỉnh" was dropped."""
    base = " ".join(fold(name).split())
    seeds = {base, re.sub(r"(?:^|(?<=\s))các\s+", "", base)}
    if acronyms:
        seeds |= _acronyms(base)
    variants = {v: False for v in _apply_rules(seeds)}
    for variant in list(variants):
        if variant.endswith(" tỉnh"):
            variants.setdefault(variant[: -len(" tỉnh")], True)
    return variants


class AgencyMatcher:
    """Finds mentions of registry agencies, groups and known bodies in text."""

    def __init__(self, registry: Registry):
        self._table: dict[tuple[str, ...], _Entry] = {}
        self._build(registry)
        lengths: dict[str, set[int]] = {}
        for key in self._table:
            lengths.setdefault(key[0], set()).add(len(key))
        self._lengths = {first: sorted(ls, reverse=True) for first, ls in lengths.items()}

    def _add(self, phrase: str, entry: _Entry) -> None:
        key = _tokens(phrase)
        if not key:
            return
        old = self._table.get(key)
        if old is None or entry.priority > old.priority:
            self._table[key] = entry
        elif entry.priority == old.priority and (old.code, old.kind) != (entry.code, entry.kind):
            self._table[key] = _Entry(None, "ambiguous", entry.priority)

    def _build(self, registry: Registry) -> None:
        for agency in registry.agencies.values():
            self._add(agency.name, _Entry(agency.code, "agency", 4))
            for variant, dropped in name_variants(agency.name).items():
                self._add(variant, _Entry(agency.code, "agency", 1, dropped))
        for head in UNIQUE_SHORT_HEADS:
            self._add_unique_head(registry, fold(head))
        for group in registry.groups.values():
            self._add(group.name, _Entry(group.code, "group", 4))
            phrases = (group.name, *GROUP_PHRASES.get(group.code, ()))
            for phrase in phrases:
                for variant, dropped in name_variants(phrase, acronyms=False).items():
                    self._add(variant, _Entry(group.code, "group", 2, dropped))
        for phrase in BODY_PHRASES:
            self._add(phrase, _Entry(None, "body", 3))

    def _add_unique_head(self, registry: Registry, head: str) -> None:
        owners = [a for a in registry.agencies.values() if fold(a.name).startswith(head + " ")]
        if len(owners) == 1:
            for variant in _apply_rules({head}):
                self._add(variant, _Entry(owners[0].code, "agency", 1))

    def find(self, text: str) -> list[Mention]:
        """Known mentions plus unknown agency-like phrases, in text order."""
        folded = fold(text)
        spans = [(m.start(), m.end()) for m in TOKEN_RE.finditer(folded)]
        words = [folded[s:e] for s, e in spans]
        found: list[Mention] = []
        i, floor = 0, 0
        memo: dict[int, tuple[int, _Entry] | None] = {}
        while i < len(words):
            hit = self._best_from(words, i, memo)
            if hit is None:
                i += 1
                continue
            i, length, entry = hit
            first = i if entry.kind == "body" else _extend_prefix(words, i, floor)
            start, end = spans[first][0], spans[i + length - 1][1]
            found.append(Mention(start, end, entry.code, entry.kind, text[start:end]))
            i += length
            floor = i
        unknown = [m for m in find_unknown(text, found) if _tokens(m.text) not in self._table]
        return sorted(found + unknown, key=lambda m: (m.start, m.end))

    def _best_from(self, words: list[str], i: int, memo: dict) -> tuple[int, int, _Entry] | None:
        """Leftmost match at or after ``i``, replaced by an overlapping one reaching further
        ("các cấp ủy huyện (tương đương)" is one group, not "các cấp ủy" + rest)."""
        hit = self._longest(words, i, memo)
        if hit is None:
            return None
        best = (i, *hit)
        j = i + 1
        while j < best[0] + best[1]:
            other = self._longest(words, j, memo)
            if other and j + other[0] > best[0] + best[1]:
                best = (j, *other)
            j += 1
        return best

    def _longest(self, words: list[str], i: int, memo: dict) -> tuple[int, _Entry] | None:
        if i not in memo:
            memo[i] = self._longest_at(words, i)
        return memo[i]

    def _longest_at(self, words: list[str], i: int) -> tuple[int, _Entry] | None:
        for length in self._lengths.get(words[i], ()):
            if i + length > len(words):
                continue
            entry = self._table.get(tuple(words[i : i + length]))
            if entry is None or entry.kind == "ambiguous":
                continue
            if entry.scope_dropped and _local_scope_follows(words, i + length):
                continue
            return length, entry
        return None


def _extend_prefix(words: list[str], i: int, floor: int) -> int:
    """Include a leading "các" and a "Ban Thường vụ"/"Thường trực" prefix in the mention."""
    for options in (_DETERMINERS, _PREFIXES):
        for prefix in options:
            j = i - len(prefix)
            if j >= floor and tuple(words[j:i]) == prefix:
                i = j
                break
    return i


def _local_scope_follows(words: list[str], j: int) -> bool:
    nxt = words[j : j + 2]
    if not nxt:
        return False
    if nxt[0] in _LOCAL_SCOPE:
        return True
    return nxt[0] in ("cấp", "các") and (len(nxt) < 2 or nxt[1] != "tỉnh")


# --- agency-like phrases that the registry does not know -------------------------------------

_SIMPLE_HEADS = (
    "Ban", "Sở", "Cục", "Chi cục", "Phòng", "Hội", "Trường", "Viện", "Trung tâm", "Văn phòng",
    "Liên đoàn", "Công an", "Ngân hàng", "Kho bạc", "Thanh tra", "Bộ Chỉ huy", "Báo", "Đài",
    "Công ty", "Tổng công ty",
)  # fmt: skip
_QUALIFIED_HEADS = (
    "Ủy ban nhân dân", "Uỷ ban nhân dân", "Hội đồng nhân dân", "Ban cán sự đảng",
    "Ban Cán sự đảng", "Đảng đoàn", "Đảng ủy", "Đảng uỷ", "Huyện ủy", "Huyện uỷ", "Thị ủy",
    "Thị uỷ", "Thành ủy", "Thành uỷ", "Ủy ban", "Uỷ ban",
)  # fmt: skip
_HEAD_RE = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(h) for h in sorted(_SIMPLE_HEADS + _QUALIFIED_HEADS, key=len)[::-1])
    + r")(?!\w)"
)
_NEXT_WORD_RE = re.compile(r"[ \t]+(\w+(?:-\w+)*)")
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
    """Agency-like phrases ("Ban Xyz", "Sở Y tế") not covered by a known mention."""
    found: list[Mention] = []
    for match in _HEAD_RE.finditer(text):
        start = match.start()
        if found and start < found[-1].end:
            continue
        end = _unknown_end(text, match.end(), match.group(1) in _QUALIFIED_HEADS)
        if end is None or any(m.start < end and start < m.end for m in known):
            continue
        found.append(Mention(start, end, None, "unknown", text[start:end]))
    return found


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


def get_matcher(registry: Registry) -> AgencyMatcher:
    """The matcher of ``registry``, built once and kept in the registry's cache."""
    matcher = registry.cache.get("agency_matcher")
    if matcher is None:
        matcher = registry.cache["agency_matcher"] = AgencyMatcher(registry)
    return matcher


def find_mentions(text: str, registry: Registry) -> list[Mention]:
    return get_matcher(registry).find(text)
