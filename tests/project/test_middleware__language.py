"""Vietnamese first, English second: the catalogs are complete and a user can switch language.

The catalogs are read with a small parser (no third-party dependency); ``msgfmt`` is used as
well when it is installed.
"""

import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from tasks_app.models import Agency, Role
from tests.factories import UserFactory, member

LOCALE = Path(settings.BASE_DIR) / "locale"
ALERTS = "/personal/alerts/"
INBOX = "/workflow/inbox/"
SETLANG = "/i18n/setlang/"

# Letters that only Vietnamese uses; an English translation containing them was not translated.
VIETNAMESE_LETTERS = re.compile(
    r"[ăâđêôơưĂÂĐÊÔƠƯ]|[àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]",
    re.IGNORECASE,
)
# Language names are shown in their own language.
ENDONYMS = {"Tiếng Việt"}


# --- catalogs --------------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), text[1:-1])


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (header included, msgid "")."""
    entries: list[Entry] = []
    entry, target = None, None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.rstrip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, target = None, None
            continue
        if line.startswith("#"):
            if entry is None:
                entry = Entry()
            if line.startswith("#,"):
                entry.flags |= {f.strip() for f in line[2:].split(",")}
            continue
        if entry is None:
            entry = Entry()
        entry.obsolete = entry.obsolete or obsolete
        keyword, _sep, rest = line.partition(" ")
        if line.startswith('"'):
            keyword, rest = None, line
        if keyword == "msgctxt":
            entry.msgctxt, target = _unquote(rest), "msgctxt"
        elif keyword == "msgid":
            entry.msgid, target = _unquote(rest), "msgid"
        elif keyword == "msgid_plural":
            entry.msgid_plural, target = _unquote(rest), "msgid_plural"
        elif keyword and keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if "[" in keyword else 0
            entry.msgstr[index] = _unquote(rest)
            target = index
        elif keyword is None:
            if isinstance(target, int):
                entry.msgstr[target] += _unquote(rest)
            else:
                setattr(entry, target, getattr(entry, target) + _unquote(rest))
        else:
            raise AssertionError(f"{path}: cannot read {raw!r}")
    return entries


def live(entries):
    return [e for e in entries if e.msgid and not e.obsolete]


def placeholders(text: str) -> list[str]:
    percent = re.findall(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]", text)
    braces = re.findall(r"\{[^{}]*\}", text)
    return sorted(percent + braces)


@pytest.fixture(scope="module")
def en_catalog():
    return read_po(LOCALE / "en" / "LC_MESSAGES" / "django.po")


@pytest.fixture(scope="module")
def vi_catalog():
    return read_po(LOCALE / "vi" / "LC_MESSAGES" / "django.po")


def test_english_catalog_translates_every_message(en_catalog):
    entries = live(en_catalog)
    assert len(entries) > 500, "the English catalog looks truncated"
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy entries in locale/en: {fuzzy[:10]}"
    empty = [e.msgid for e in entries if not e.msgstr or not all(e.msgstr.values())]
    assert not empty, f"untranslated in locale/en: {empty[:10]}"


def test_english_translations_are_english_and_keep_their_placeholders(en_catalog):
    for e in live(en_catalog):
        for msgstr in e.msgstr.values():
            assert placeholders(msgstr) == placeholders(e.msgid_plural or e.msgid), e.msgid
            if msgstr not in ENDONYMS:
                assert not VIETNAMESE_LETTERS.search(msgstr), f"{e.msgid!r} -> {msgstr!r}"


def test_vietnamese_catalog_has_no_fuzzy_guess(vi_catalog):
    entries = live(vi_catalog)
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy entries in locale/vi: {fuzzy[:10]}"
    # a Vietnamese source string is shown as written; a msgstr would replace it
    rewritten = [
        (e.msgid, e.msgstr[0])
        for e in entries
        if VIETNAMESE_LETTERS.search(e.msgid) and e.msgstr.get(0) not in ("", e.msgid)
    ]
    assert not rewritten, rewritten[:10]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_compiled_catalog_matches_the_po_file(language):
    """Django reads the .mo: it must be compiled from the current .po."""
    po = live(read_po(LOCALE / language / "LC_MESSAGES" / "django.po"))
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as fp:
        mo = gettext.GNUTranslations(fp)
    stale = []
    for e in po:
        if e.msgid_plural or not e.msgstr.get(0) or "fuzzy" in e.flags:
            continue
        got = mo.pgettext(e.msgctxt, e.msgid) if e.msgctxt else mo.gettext(e.msgid)
        if got != e.msgstr[0]:
            stale.append(e.msgid)
    assert not stale, f"run compilemessages: locale/{language} .mo is stale for {stale[:10]}"


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext is not installed")
@pytest.mark.parametrize("language", ["vi", "en"])
def test_msgfmt_accepts_the_catalog(language, tmp_path):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    done = subprocess.run(
        [shutil.which("msgfmt"), "--check", "--statistics", "-o", str(tmp_path / "mo"), str(po)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "fuzzy" not in done.stderr, done.stderr
    if language == "en":
        assert "untranslated" not in done.stderr, done.stderr
        assert re.match(r"\d+ translated messages\.", done.stderr), done.stderr


# --- pages -----------------------------------------------------------------------------------


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def switch_language(client, language, next_url):
    response = client.post(SETLANG, {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    return client.get(next_url)


@pytest.fixture
def head(client, registry):
    user = member(agency=Agency.objects.get(code="DUK"), role=Role.HEAD)
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_a_new_session_speaks_vietnamese(client, head):
    # No Accept-Language header: LocaleMiddleware honours that header, so a browser asking for
    # English currently gets English; that is left to the product owner and not asserted here.
    landing = client.get("/", follow=True)
    html = html_of(landing)
    assert html_lang(html) == "vi"
    # the user menu offers the other language
    assert 'action="/i18n/setlang/"' in html
    assert 'value="en" lang="en"' in html and ">English<" in html
    inbox = html_of(client.get(INBOX))
    assert "Việc được giao" in inbox
    alerts = html_of(client.get(ALERTS))
    assert "Thông báo của tôi" in alerts and "Đánh dấu tất cả đã đọc" in alerts
    assert "My notifications" not in alerts


@pytest.mark.django_db
def test_switching_to_english_and_back(client, head):
    landing_url = client.get("/", follow=True).redirect_chain[-1][0].lstrip(".")
    landing = html_of(switch_language(client, "en", landing_url))
    assert html_lang(landing) == "en"
    assert ">Tiếng Việt<" in landing and 'value="vi" lang="vi"' in landing
    assert "Đổi mật khẩu" not in landing and "Change password" in landing

    inbox = html_of(client.get(INBOX))
    assert html_lang(inbox) == "en"
    assert "Inbox" in inbox and "Việc được giao" not in inbox

    alerts = html_of(client.get(ALERTS))
    for phrase in ("My notifications", "Mark all as read", "Notification preferences"):
        assert phrase in alerts, phrase
    for phrase in ("Thông báo của tôi", "Đánh dấu tất cả đã đọc", "Tùy chọn nhận thông báo"):
        assert phrase not in alerts, phrase

    alerts = html_of(switch_language(client, "vi", ALERTS))
    assert html_lang(alerts) == "vi"
    assert "Thông báo của tôi" in alerts and "My notifications" not in alerts
    assert ">English<" in alerts
    assert "Việc được giao" in html_of(client.get(INBOX))


@pytest.mark.django_db
def test_the_switch_returns_to_the_page_with_its_query(client, registry):
    client.force_login(UserFactory(username="reader"))
    html = html_of(client.get(f"{ALERTS}?unread=1"))
    assert 'name="next" value="/personal/alerts/?unread=1"' in html
    english = html_of(switch_language(client, "en", f"{ALERTS}?unread=1"))
    assert "My notifications" in english and "All" in english
