"""Unicode helpers for Vietnamese text: normalisation, folding and casing."""

from __future__ import annotations

import re
import unicodedata

_NEWLINE_RE = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_INVISIBLE_RE = re.compile(r"[\ufeff\u200b\u200c\u200d\u2060\u00ad]")
# A combining mark cut off from its letter by a space (text extracted from some PDFs).
_LOOSE_MARK_RE = re.compile(r"(?<=\w)[ \t]+(?=[\u0300-\u036f])")

_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Old-style tone placement ("hòa", "thủy", "khỏe") → new style ("hoà", "thuỷ", "khoẻ").
_TONE_SWAP = {
    _nfc(first + tone) + second: first + _nfc(second + tone)
    for first, second in (("o", "a"), ("o", "e"), ("u", "y"))
    for tone in _TONES
}
_OLD_TONE_RE = re.compile("(?:" + "|".join(_TONE_SWAP) + r")(?!\w)")
_FOLD_CHARS = {"ð": "đ", "–": "-", "—": "-", "‐": "-", "‑": "-", "\u00a0": " "}


def normalize_text(text: str) -> str:
    """NFC, LF line endings, no BOM or zero-width characters."""
    text = _INVISIBLE_RE.sub("", text)
    text = _NEWLINE_RE.sub("\n", text)
    text = _LOOSE_MARK_RE.sub("", unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFC", text)


def canon_tones(text: str) -> str:
    """Put tone marks of "oa", "oe", "uy" on the second vowel (same length)."""
    return _OLD_TONE_RE.sub(lambda m: _TONE_SWAP[m.group(0)], text)


def fold(text: str) -> str:
    """Lower-case, tone-canonical copy of NFC ``text`` with the same length."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for char, replacement in _FOLD_CHARS.items():
        if char in lowered:
            lowered = lowered.replace(char, replacement)
    return canon_tones(lowered)


def is_upper_line(text: str) -> bool:
    """True when every letter of ``text`` is upper case (at least two letters)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def title_words(text: str) -> str:
    """Each word capitalised: "TIỀN GIANG" → "Tiền Giang"."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


def strip_diacritics(text: str) -> str:
    """Remove tone and vowel marks but keep "đ"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "\0").replace("Đ", "\1"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("\0", "đ").replace("\1", "Đ")


# --- letter-spaced text (PDF extraction): "ỦY B AN NHÂN D Â N", "Ngu y ễn Hữu Tín" ----------

_VOWELS = frozenset("aăâeêioôơuưy")
_WORD_RE = re.compile(r"[^\W\d_]+")


def _has_vowel(fragment: str) -> bool:
    return any(c in _VOWELS for c in strip_diacritics(fragment.lower()))


def vocabulary(lines) -> frozenset[str]:
    """Folded words of well-formed text (those with a vowel), to repair spaced-out lines."""
    return frozenset(
        fold(word) for line in lines for word in _WORD_RE.findall(line) if _has_vowel(word)
    )


def respace(line: str, words: frozenset[str]) -> str:
    """Join the fragments of a letter-spaced line into the words of ``words``.

    Fragments are grouped (at most five to a word) so that as many groups as possible are
    known words; a line whose words are all known comes back unchanged."""
    parts = line.split()
    if len(parts) < 2:
        return line
    n = len(parts)
    best: list[tuple[int, int, int]] = [(0, 0, 0)] + [(10**6, 0, 0)] * n  # (cost, groups, from)
    for end in range(1, n + 1):
        for start in range(max(0, end - 5), end):
            joined = "".join(parts[start:end])
            known = fold(joined) in words or not _WORD_RE.fullmatch(joined)
            if end - start > 1 and not (known and _WORD_RE.fullmatch(joined)):
                continue
            cost = best[start][0] + (0 if known else 1)
            candidate = (cost, best[start][1] + 1, start)
            if candidate[:2] < best[end][:2]:
                best[end] = candidate
    groups, end = [], n
    while end:
        start = best[end][2]
        groups.append("".join(parts[start:end]))
        end = start
    return " ".join(reversed(groups))


def join_name_fragments(line: str) -> str:
    """A person's name has every word capitalised: glue lower-case fragments to the word
    before them ("Ngu y ễn Hữu Tín" → "Nguyễn Hữu Tín")."""
    words: list[str] = []
    for part in line.split():
        if words and part[:1].islower() and _WORD_RE.fullmatch(part):
            words[-1] += part
        else:
            words.append(part)
    return " ".join(words)
