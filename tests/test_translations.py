"""The French catalogue is complete: no message of the project's own left untranslated or fuzzy."""

import gettext
import re
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def entries(path):
    """(msgid, [msgstr...], fuzzy) for each entry of a .po file, header excluded."""
    found, current = [], None
    key = None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if current and current["msgid"]:
                found.append((current["msgid"], current["msgstr"], current["fuzzy"]))
            current, key = None, None
            continue
        current = current or {"msgid": "", "msgstr": [], "fuzzy": False}
        if line.startswith("#,") and "fuzzy" in line:
            current["fuzzy"] = True
        elif line.startswith("msgid "):
            key, current["msgid"] = "msgid", line[7:-1]
        elif line.startswith("msgid_plural"):
            key = "plural"
        elif line.startswith("msgstr"):
            key = "msgstr"
            current["msgstr"].append(line.split(" ", 1)[1][1:-1])
        elif line.startswith('"') and key == "msgid":
            current["msgid"] += line[1:-1]
        elif line.startswith('"') and key == "msgstr":
            current["msgstr"][-1] += line[1:-1]
    return found


def test_every_french_message_is_translated_and_not_fuzzy():
    problems = [
        (msgid, "fuzzy" if fuzzy else "empty")
        for msgid, msgstrs, fuzzy in entries(CATALOGUE)
        if fuzzy or not all(msgstrs)
    ]
    assert problems == []


def unescape(text):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def test_the_compiled_catalogue_matches_the_po_file():
    """The .mo Django reads says what the .po says (run `make messages` after editing it)."""
    with CATALOGUE.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [
        msgid
        for msgid, msgstrs, _fuzzy in entries(CATALOGUE)
        if len(msgstrs) == 1 and compiled.gettext(unescape(msgid)) != unescape(msgstrs[0])
    ]
    assert stale == []
