"""Recognise agencies, agency groups and other bodies named in Vietnamese text.

The variant table is generated from the registry's names and aliases with the genre's
abbreviation rules (``vocabulary``): "Ban Tuyên giáo Tỉnh ủy" is also "BTG Tỉnh ủy" and
"BTGTU"; "Sở Nông nghiệp và Phát triển nông thôn" is also "Sở NN&PTNT"; a province's body is
also the same body of a centrally-run city ("Hội LHPN Thành phố", "Thành Đoàn"). Matching is
done on folded tokens (lower case, canonical tone placement); the longest variant starting at
the leftmost position wins.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .mentions import Mention
from .registry import Registry
from .text import fold, strip_diacritics
from .unknown import find_unknown
from .vocabulary import (
    ABBREVIATIONS,
    BODY_PHRASES,
    CENTRAL_CITIES,
    CITY_LEVEL,
    FIELD_HEADS,
    GROUP_PHRASES,
    PERSON_TITLES,
    SCOPE_KEPT,
    SCOPE_SUFFIXES,
    UNIQUE_SHORT_HEADS,
)

TOKEN_RE = re.compile(r"\w+|[^\w\s]")

_ACRONYM_SKIP = {"và", "các", "-", "&", ",", "(", ")"}
_ACRONYM_SUFFIXES = (tuple(fold("tỉnh ủy").split()), ("tỉnh",))
_PREFIXES = (
    ("tập", "thể", "ban", "thường", "vụ"),
    ("ban", "thường", "vụ"),
    ("btv",),
    ("thường", "trực"),
)
_DETERMINERS = (("các",), ("những",))
_LOCAL_SCOPE = {"huyện", "xã", "phường", "thị", "thành", "cơ", "quận"}
_CENTRAL = tuple(tuple(fold(city).split()) for city in CENTRAL_CITIES)


@dataclass(frozen=True)
class _Entry:
    code: str | None
    kind: str
    priority: int
    scope_dropped: bool = False
    city: bool = False  # a city-level form: not when a (non-central) place name follows


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
_CITY_RULES = [
    (re.compile(r"(?<!\w)" + re.escape(fold(province)) + r"(?!\w)"), tuple(map(fold, city)))
    for province, city in CITY_LEVEL
]


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


def _initials(words) -> str:
    return "".join(strip_diacritics(w[0]) for w in words if w not in _ACRONYM_SKIP)


def _acronyms(name: str) -> set[str]:
    """Acronyms of a name: "btctu" and "btc tỉnh ủy" for "Ban Tổ chức Tỉnh ủy"."""
    tokens = tuple(fold(name).split())
    found: set[str] = set()
    if len(tokens) >= 3:
        found.add(_initials(tokens))
    for suffix in _ACRONYM_SUFFIXES:
        prefix = tokens[: -len(suffix)]
        if tokens[-len(suffix) :] == suffix and len(prefix) >= 2:
            found.add(_initials(prefix) + " " + " ".join(suffix))
            if suffix != ("tỉnh",) and len(prefix) >= 3:
                found.add(_initials(prefix))  # "UBKT" alone: the scope is dropped
    return {a for a in found if len(a.split()[0]) >= 3 and a.split()[0].isalpha()}


_SEPARATOR_RE = re.compile(r"\s*(,|-|&|(?<!\w)và(?!\w))\s*")


def _field_forms(name: str) -> set[str]:
    """A head word and its field by initials: "sở nn&ptnt", "sở nông nghiệp và ptnt"."""
    head = next((h for h in FIELD_HEADS if name.startswith(h + " ")), None)
    if head is None:
        return set()
    rest = name[len(head) + 1 :]
    scope = next((s for s in SCOPE_SUFFIXES if rest.endswith(" " + s)), "")
    field = rest[: len(rest) - len(scope)].strip() if scope else rest
    pieces = _SEPARATOR_RE.split(field)
    segments, seps = pieces[0::2], pieces[1::2]
    if not all(segments) or len(segments) > 4:
        return set()
    short = [_initials(s.split()) for s in segments]
    if not all(len(s) >= 2 for s in short if s) or min(len(s.split()) for s in segments) < 1:
        return set()
    forms = {"".join(short)}  # "sở nnptnt"
    for joined in itertools.product(*(_JOINERS.get(sep, (sep,)) for sep in seps)):
        forms.add(_join(short, joined))  # "sở nn&ptnt", "sở vh, tt và dl", "sở lđ-tb&xh"
    for k, segment in enumerate(segments):  # one segment by its initials, the others in full
        if len(segments) > 1 and len(segment.split()) >= 2:
            mixed = [short[k] if j == k else s for j, s in enumerate(segments)]
            forms.add(_join(mixed, [_JOINERS.get(sep, (sep,))[0] for sep in seps]))
    tail = f" {scope}" if scope else ""
    return {f"{head} {form}{tail}" for form in forms if form}


_JOINERS = {"và": (" và ", "&"), ",": (", ", "-"), "-": ("-",), "&": ("&",)}


def _join(segments: list[str], joiners) -> str:
    out = segments[0]
    for joiner, segment in zip(joiners, segments[1:], strict=True):
        out += joiner + segment
    return " ".join(out.split())


def name_variants(name: str, *, acronyms: bool = True) -> dict[str, bool]:
    """Folded variants of ``name`` → whether the trailing "tỉnh" was dropped."""
    base = " ".join(fold(name).split())
    seeds = {base, re.sub(r"(?:^|(?<=\s))các\s+", "", base)}
    if acronyms:
        seeds |= _acronyms(base) | _field_forms(base)
    variants = {v: False for v in _apply_rules(seeds)}
    for variant in list(variants):
        if variant.endswith(" tỉnh") and variant[: -len(" tỉnh")] not in SCOPE_KEPT:
            variants.setdefault(variant[: -len(" tỉnh")], True)
    return variants


def city_forms(variant: str) -> set[str]:
    """The same body of a centrally-run city: "hội lhpn tỉnh" → "hội lhpn thành phố"."""
    for pattern, replacements in _CITY_RULES:
        if pattern.search(variant):
            return {pattern.sub(r, variant) for r in replacements}
    return set()


class AgencyMatcher:
    """Finds mentions of registry agencies, groups and known bodies in text."""

    def __init__(self, registry: Registry):
        self._table: dict[tuple[str, ...], _Entry] = {}
        self._build(registry)
        lengths: dict[str, set[int]] = {}
        for key in self._table:
            lengths.setdefault(key[0], set()).add(len(key))
        self._lengths = {first: sorted(ls, reverse=True) for first, ls in lengths.items()}
        by_shape: dict[str, set[str]] = {}
        for key in self._table:
            for token in key:
                by_shape.setdefault(_shape(token), set()).add(token)
        self._vocabulary = {token for tokens in by_shape.values() for token in tokens}
        self._by_shape = {k: next(iter(v)) for k, v in by_shape.items() if len(v) == 1}

    def _add(self, phrase: str, entry: _Entry) -> None:
        key = _tokens(phrase)
        if not key:
            return
        old = self._table.get(key)
        if old is None or entry.priority > old.priority:
            self._table[key] = entry
        elif entry.priority == old.priority and (old.code, old.kind) != (entry.code, entry.kind):
            self._table[key] = _Entry(None, "ambiguous", entry.priority)

    def _add_forms(self, names, entry: _Entry, exact: int, acronyms: bool) -> None:
        """Names at priority ``exact``, their variants at the entry's, city forms one lower."""
        code, kind, priority = entry.code, entry.kind, entry.priority
        for name in names:
            self._add(name, _Entry(code, kind, exact))
            for variant, dropped in name_variants(name, acronyms=acronyms).items():
                self._add(variant, _Entry(code, kind, priority, dropped))
                for city in city_forms(variant):
                    self._add(city, _Entry(code, kind, priority - 1, dropped, city=True))

    def _build(self, registry: Registry) -> None:
        for agency in registry.agencies.values():
            names = (agency.name, *agency.aliases)
            self._add_forms(names, _Entry(agency.code, "agency", 1), 4, acronyms=True)
        for head in UNIQUE_SHORT_HEADS:
            self._add_unique_head(registry, fold(head))
        for group in registry.groups.values():
            self._add(group.name, _Entry(group.code, "group", 4))
            phrases = (group.name, *GROUP_PHRASES.get(group.code, ()))
            self._add_forms(phrases, _Entry(group.code, "group", 2), 2, acronyms=False)
        for phrase in BODY_PHRASES:
            self._add(phrase, _Entry(None, "body", 3))
            for city in city_forms(fold(phrase)):
                self._add(city, _Entry(None, "body", 3, city=True))

    def _add_unique_head(self, registry: Registry, head: str) -> None:
        owners = [a for a in registry.agencies.values() if fold(a.name).startswith(head + " ")]
        if len(owners) == 1:
            for variant in _apply_rules({head}):
                self._add(variant, _Entry(owners[0].code, "agency", 1))

    def find(self, text: str) -> list[Mention]:
        """Known mentions plus unknown agency-like phrases, in text order."""
        folded = fold(text)
        spans = [(m.start(), m.end()) for m in TOKEN_RE.finditer(folded)]
        words = [self._known(folded[s:e]) for s, e in spans]
        capital = [text[s:e][:1].isupper() for s, e in spans]
        found: list[Mention] = []
        i, floor = 0, 0
        memo: dict[int, tuple[int, _Entry] | None] = {}
        context = (words, capital, memo)
        while i < len(words):
            hit = self._best_from(context, i)
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

    def _known(self, word: str) -> str:
        """A word of the names, or the one it is a misreading of: OCR often loses or adds the
        breve, circumflex or horn of a vowel ("đẳng" for "đảng")."""
        if word in self._vocabulary or word.isascii():
            return word
        return self._by_shape.get(_shape(word), word)

    def _best_from(self, context, i: int) -> tuple[int, int, _Entry] | None:
        """Leftmost match at or after ``i``, replaced by an overlapping one reaching further
        ("các cấp ủy huyện (tương đương)" is one group, not "các cấp ủy" + rest)."""
        hit = self._longest(context, i)
        if hit is None:
            return None
        best = (i, *hit)
        j = i + 1
        while j < best[0] + best[1]:
            other = self._longest(context, j)
            if other and j + other[0] > best[0] + best[1]:
                best = (j, *other)
            j += 1
        return best

    def _longest(self, context, i: int) -> tuple[int, _Entry] | None:
        words, capital, memo = context
        if i not in memo:
            memo[i] = self._longest_at(words, capital, i)
        return memo[i]

    def _longest_at(self, words, capital, i: int) -> tuple[int, _Entry] | None:
        for length in self._lengths.get(words[i], ()):
            if i + length > len(words):
                continue
            entry = self._table.get(tuple(words[i : i + length]))
            if entry is None or entry.kind == "ambiguous":
                continue
            if entry.scope_dropped and _local_scope_follows(words, i + length):
                continue
            if entry.city and _place_follows(words, capital, i + length):
                continue
            return length, entry
        return None


_SHAPE_MARKS = dict.fromkeys(map(ord, "\u0306\u0302\u031b"))


@lru_cache(maxsize=4096)
def _shape(word: str) -> str:
    """``word`` without the marks that make ă, â, ê, ô, ơ, ư (tone marks are kept)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", word).translate(_SHAPE_MARKS))


def _extend_prefix(words: list[str], i: int, floor: int) -> int:
    """Include a leading "các", a "Ban Thường vụ"/"Thường trực" prefix and a person's title
    ("Giám đốc", "Chủ tịch") in the mention."""
    for options in (_DETERMINERS, _PREFIXES, PERSON_TITLES):
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


def _place_follows(words: list[str], capital: list[bool], j: int) -> bool:
    """A place name after a city-level form ("UBND thành phố Mỹ Tho"): a local body, unless it
    is a centrally-run city."""
    if j >= len(words) or not capital[j] or not words[j].isalpha():
        return False
    return not any(tuple(words[j : j + len(city)]) == city for city in _CENTRAL)


def get_matcher(registry: Registry) -> AgencyMatcher:
    """The matcher of ``registry``, built once and kept in the registry's cache."""
    matcher = registry.cache.get("agency_matcher")
    if matcher is None:
        matcher = registry.cache["agency_matcher"] = AgencyMatcher(registry)
    return matcher


def find_mentions(text: str, registry: Registry) -> list[Mention]:
    return get_matcher(registry).find(text)
