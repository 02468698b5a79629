"""The reader's language (powermap/i18n.py) and its catalogs.

The catalog tests hold the whole code to its Chinese catalog: a message said anywhere in
powermap without a Chinese text, a translation that drops or invents a field, or a compiled
catalog older than its source fails here, naming the message.
"""

from __future__ import annotations

import io
import pickle
import re
import tomllib
from pathlib import Path

import pytest

from powermap import i18n
from powermap.errors import ExitCode, UsageError
from powermap.i18n import Message, N_p, choose_language, say, say_n, say_np, say_p, text

babel_messages = pytest.importorskip("babel.messages")
from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.frontend import parse_keywords  # noqa: E402
from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

PACKAGE = Path(i18n.__file__).parent
CATALOG = PACKAGE / "locale" / "zh" / "LC_MESSAGES" / "powermap.po"
COMPILED = CATALOG.with_suffix(".mo")
# The keywords of the project's extraction config (pyproject.toml [tool.babel], the one
# `pybabel extract -F pyproject.toml` reads): the functions of powermap/i18n.py that say a message.
with (PACKAGE.parent / "pyproject.toml").open("rb") as _config:
    KEYWORDS = parse_keywords(tomllib.load(_config)["tool"]["babel"]["mappings"][0]["keywords"])
FIELD = re.compile(r"\{(\w+)[^}]*\}")


@pytest.fixture
def catalog(tmp_path, monkeypatch):
    """A catalog of our own, written and compiled here, in place of powermap's."""

    def make(entries: dict) -> None:
        lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
                 '"Plural-Forms: nplurals=1; plural=0;\\n"', ""]
        for msgid, msgstr in entries.items():
            if isinstance(msgid, tuple) and msgid[0] == "msgctxt":
                lines += [f'msgctxt "{msgid[1]}"', f'msgid "{msgid[2]}"', f'msgstr "{msgstr}"', ""]
            elif isinstance(msgid, tuple):
                lines += [f'msgid "{msgid[0]}"', f'msgid_plural "{msgid[1]}"', f'msgstr[0] "{msgstr}"', ""]
            else:
                lines += [f'msgid "{msgid}"', f'msgstr "{msgstr}"', ""]
        folder = tmp_path / "zh" / "LC_MESSAGES"
        folder.mkdir(parents=True)
        with (folder / "powermap.mo").open("wb") as out:
            write_mo(out, read_po(io.StringIO("\n".join(lines))))
        monkeypatch.setattr(i18n, "LOCALE", tmp_path)
        i18n._catalog.cache_clear()

    yield make
    i18n._catalog.cache_clear()


def test_a_message_is_its_english_text():
    message = say("heads {count} people in {department}", count=12, department="Finance")
    assert message == "heads 12 people in Finance"
    assert isinstance(message, str) and message.text("en") == "heads 12 people in Finance"
    assert message.msgid == "heads {count} people in {department}"


def test_a_message_is_said_in_chinese_from_the_catalog(catalog):
    catalog({"heads {count} people in {department}": "领导{department}的{count}人"})
    message = say("heads {count} people in {department}", count=12, department="财务部")
    assert message.text("zh") == "领导财务部的12人"
    assert text(message, "zh") == "领导财务部的12人"
    assert str(message) == "heads 12 people in 财务部"  # the data stays as typed


def test_a_message_missing_from_the_catalog_reads_in_english(catalog):
    catalog({})
    assert say("signs at {stage}", stage="negotiation").text("zh") == "signs at negotiation"


def test_fields_are_said_in_the_same_language(catalog):
    catalog({"decision maker": "决策者", "funder": "出资者", "{name} is {roles}": "{name}是{roles}"})
    roles = [say("decision maker"), say("funder")]
    message = say("{name} is {roles}", name="张伟", roles=roles)
    assert message.text("zh") == "张伟是决策者、出资者"
    assert message == "张伟 is decision maker, funder"


def test_plural_forms(catalog):
    catalog({("sways {count} person", "sways {count} people"): "影响{count}人"})
    assert say_n("sways {count} person", "sways {count} people", count=1) == "sways 1 person"
    assert say_n("sways {count} person", "sways {count} people", count=3) == "sways 3 people"
    assert say_n("sways {count} person", "sways {count} people", count=3).text("zh") == "影响3人"


def test_numbers_keep_their_format():
    assert say("covers {share:.0%} of the committee", share=0.5) == "covers 50% of the committee"


def test_a_message_crosses_processes_with_its_fields(catalog):
    catalog({"{name} is {role}": "{name}是{role}", "funder": "出资者"})
    message = pickle.loads(pickle.dumps(say("{name} is {role}", name="张伟", role=say("funder"))))
    assert message == "张伟 is funder" and message.text("zh") == "张伟是出资者"


def test_the_extraction_config_names_every_function_that_says_a_message():
    assert KEYWORDS == {"say": None, "say_n": (1, 2), "N_": None, "say_p": ((1, "c"), 2),
                        "say_np": ((1, "c"), 2, 3), "N_p": ((1, "c"), 2)}


def test_one_word_in_two_contexts_reads_apart(catalog):
    catalog({"champion": "坚定支持者", ("msgctxt", "buying role", "champion"): "促进者"})
    role, stance = say_p("buying role", "champion"), say("champion")
    assert role == stance == "champion"  # the same English word
    assert role.context == "buying role" and stance.context is None
    assert role.text("zh") == "促进者"
    assert stance.text("zh") == "坚定支持者"


def test_a_word_marked_with_its_context_keeps_it_when_said(catalog):
    catalog({"champion": "坚定支持者", ("msgctxt", "buying role", "champion"): "促进者",
             "{name} is {role}": "{name}是{role}"})
    word = N_p("buying role", "champion")
    assert word == "champion" and word.text("zh") == "促进者"
    assert say(word).text("zh") == "促进者"
    assert say("{name} is {role}", name="张伟", role=word).text("zh") == "张伟是促进者"
    assert say("{name} is {role}", name="张伟", role=say("champion")).text("zh") == "张伟是坚定支持者"
    carried = pickle.loads(pickle.dumps(say("{name} is {role}", name="张伟", role=word)))
    assert carried.text("zh") == "张伟是促进者"


def test_a_context_missing_from_the_catalog_reads_in_english(catalog):
    catalog({"champion": "坚定支持者"})  # the bare word is not the word of another context
    assert say_p("buying role", "champion").text("zh") == "champion"
    assert say_np("buying role", "{count} user", "{count} users", count=2).text("zh") == "2 users"


@pytest.mark.parametrize("option, texts, expected", [
    ("zh", ["Alice"], "zh"),
    ("en", ["张伟"], "en"),
    ("zh-CN", [], "zh"),
    ("auto", ["张伟", "李娜", "Tom"], "zh"),  # two of three written in Chinese
    ("auto", ["张伟", "Tom"], "en"),  # not most
    ("auto", ["Tomás Ruiz", "Ана"], "en"),
    ("auto", ["さくら", "キム"], "en"),  # kana are not Chinese characters
    ("auto", [], "en"),
    (None, ["调度中心副主任", "王志远"], "zh"),
])
def test_the_language_chosen(option, texts, expected, monkeypatch):
    monkeypatch.delenv(i18n.LANGUAGE_VARIABLE, raising=False)
    assert choose_language(option, texts) == expected


def test_the_environment_chooses_when_the_option_is_absent(monkeypatch):
    monkeypatch.setenv(i18n.LANGUAGE_VARIABLE, "zh")
    assert choose_language(None, ["Alice"]) == "zh"
    assert choose_language("en", ["Alice"]) == "en"  # the option wins


def test_an_unknown_language_is_a_usage_error(monkeypatch):
    monkeypatch.delenv(i18n.LANGUAGE_VARIABLE, raising=False)
    with pytest.raises(UsageError) as raised:
        choose_language("fr")
    assert str(raised.value) == "--lang: unknown language 'fr'; use zh, en or auto"
    assert raised.value.exit_code == ExitCode.USAGE
    monkeypatch.setenv(i18n.LANGUAGE_VARIABLE, "klingon")
    with pytest.raises(UsageError, match=r"^POWERMAP_LANG: unknown language 'klingon'"):
        choose_language(None)


# --- the catalog itself -------------------------------------------------------------------

def _chinese():
    with CATALOG.open(encoding="utf-8") as source:
        return read_po(source)


def _said_in_code():
    """Every message of the code, as (context or None, msgid), with where it is first said."""
    found = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault((context, msgid), f"powermap/{filename}:{lineno}")
    return found


def test_every_message_said_in_the_code_has_a_chinese_text():
    chinese = _chinese()
    missing = [f"{where}: {msgid!r}" + (f" (context {context!r})" if context else "")
               for (context, msgid), where in sorted(_said_in_code().items(), key=lambda item: (item[0][1], item[0][0] or ""))
               if not (chinese.get(msgid, context=context) and chinese.get(msgid, context=context).string)]
    assert missing == [], "no Chinese text (add it to " + str(CATALOG.relative_to(PACKAGE.parent)) + ")"


def test_the_code_says_the_buying_role_champion_in_its_context():
    """The words two enumerations share are said in their context, and the catalog holds their
    Chinese under it (the role "champion" is 促进者, the stance 坚定支持者)."""
    said = _said_in_code()
    assert ("buying role", "champion") in said and ("buying role", "user") in said
    chinese = _chinese()
    assert chinese.get("champion", context="buying role").string == "促进者"
    assert chinese.get("champion").string == "坚定支持者"
    assert chinese.get("user", context="buying role").string == "使用者"
    assert chinese.get("procurement", context="buying role").string == "采购者"


def test_every_translation_keeps_the_fields_of_its_message():
    wrong = []
    for entry in _chinese():
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = set(FIELD.findall(ids[-1])) | set(FIELD.findall(ids[0]))
        for string in strings:
            if string and set(FIELD.findall(string)) - wanted:
                wrong.append(f"{ids[0]!r}: {string!r} has fields its message does not")
            if string and not set(FIELD.findall(ids[0])) - {"count"} <= set(FIELD.findall(string)):
                wrong.append(f"{ids[0]!r}: {string!r} drops a field")
    assert wrong == []


def test_the_compiled_catalog_is_the_one_of_the_source():
    """The messages of powermap.mo are those of powermap.po (the header, which names the Babel
    version that compiled it, aside)."""
    import gettext

    compiled = io.BytesIO()
    write_mo(compiled, _chinese())
    compiled.seek(0)
    with COMPILED.open("rb") as shipped:
        ours, expected = gettext.GNUTranslations(shipped), gettext.GNUTranslations(compiled)
    stale = []
    for entry in _chinese():
        if not entry.id:
            continue
        if isinstance(entry.id, tuple) and entry.context:
            said = [(catalog.npgettext(entry.context, *entry.id, n) for catalog in (ours, expected)) for n in (1, 2)]
        elif isinstance(entry.id, tuple):
            said = [(catalog.ngettext(*entry.id, n) for catalog in (ours, expected)) for n in (1, 2)]
        elif entry.context:
            said = [(catalog.pgettext(entry.context, entry.id) for catalog in (ours, expected))]
        else:
            said = [(catalog.gettext(entry.id) for catalog in (ours, expected))]
        stale += [entry.id for shipped, wanted in map(tuple, said) if shipped != wanted]
    assert stale == [], "powermap.mo is stale: run `pybabel compile -d powermap/locale -D powermap`"
