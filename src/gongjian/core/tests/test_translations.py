"""The simplified Chinese catalogue: complete, compiled, in step with the code, and what users see by default."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
from pathlib import Path

import openpyxl
import polib
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone, translation

from gongjian.campaigns.imports import COLUMN_HEADERS, item_template_bytes
from gongjian.testing import PASSWORD

PACKAGE_DIR = Path(__file__).resolve().parents[2]
LOCALE_DIR = PACKAGE_DIR / "locale"
PO_PATH = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
#: The extraction the Makefile's ``messages`` target runs (from the package directory).
MAKEMESSAGES_OPTIONS = {"locale": ["zh_Hans"], "no_obsolete": True, "ignore_patterns": ["tests/*", "*/tests/*"]}

# {name}, %(name)s, %s, %d and the like: what the code fills in, which a translation must keep exactly.
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%\([A-Za-z_][A-Za-z0-9_]*\)[sdif]|%[sdif]")


def _catalogue() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


def _key(entry) -> tuple[str | None, str, str | None]:
    return (entry.msgctxt or None, entry.msgid, entry.msgid_plural or None)


def _translations(catalogue) -> dict[tuple, tuple[str, ...]]:
    """(context, msgid, plural) → the translated forms, for every entry but the header."""
    out = {}
    for entry in catalogue:
        if not entry.msgid:
            continue
        forms = (
            tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            if entry.msgid_plural
            else (entry.msgstr,)
        )
        out[_key(entry)] = forms
    return out


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


# --- the catalogue itself ---------------------------------------------------------------------------------


def test_every_entry_is_translated_and_none_is_fuzzy():
    catalogue = _catalogue()
    entries = [e for e in catalogue if e.msgid]
    assert len(entries) > 400  # the whole interface, not a stub
    assert catalogue.metadata["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"
    assert not catalogue.metadata_is_fuzzy
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    assert [e.msgid for e in catalogue.obsolete_entries()] == []
    untranslated = [e.msgid for e in entries if not e.translated()]
    assert untranslated == []
    for entry in entries:
        if entry.msgid_plural:
            assert list(entry.msgstr_plural) == [0], entry.msgid  # Chinese has one form
            assert entry.msgstr_plural[0].strip(), entry.msgid
        else:
            assert entry.msgstr.strip(), entry.msgid


def test_translations_keep_every_placeholder():
    for entry in _catalogue():
        if not entry.msgid:
            continue
        wanted = _placeholders(entry.msgid_plural or entry.msgid)
        for form in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            # A singular may leave out its count (“1 item”), the form shown for every count may not.
            assert _placeholders(form) == wanted, (entry.msgid, form)


def test_translations_are_chinese():
    """Every translation is written in Chinese (characters or full-width punctuation), apart from names that
    Chinese interfaces write in Latin letters."""
    latin_only = {"API"}
    han = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
    for entry in _catalogue():
        if not entry.msgid:
            continue
        text = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
        assert han.search(text) or text in latin_only, (entry.msgid, text)


def test_committed_mo_is_the_compiled_po():
    """The .mo is committed (a machine without gettext cannot compile it) and must say what the .po says."""
    assert MO_PATH.exists(), "run `make messages` and commit django.mo"
    compiled = _translations(polib.mofile(str(MO_PATH)))
    assert compiled == _translations(_catalogue())


def test_catalogue_has_every_translatable_string_of_the_code(tmp_path, monkeypatch, settings):
    """Extract the strings of a copy of the package the way `make messages` does: the sets of msgids match."""
    if shutil.which("xgettext") is None or shutil.which("msguniq") is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext) is required in CI to check the catalogue against the code")
        pytest.skip("GNU gettext is not installed (apt-get install gettext)")
    source = tmp_path / "gongjian"
    shutil.copytree(PACKAGE_DIR, source, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "locale", "var"))
    # The extraction writes to the first of LOCALE_PATHS: point it into the copy, never at the real catalogue.
    settings.LOCALE_PATHS = [str(source / "locale")]
    monkeypatch.chdir(source)
    call_command("makemessages", verbosity=0, **MAKEMESSAGES_OPTIONS)
    extracted = {_key(e) for e in polib.pofile(str(source / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))}
    committed = {_key(e) for e in _catalogue()}
    extracted.discard((None, "", None))
    committed.discard((None, "", None))
    assert sorted(extracted - committed, key=str) == [], "strings missing from django.po: run `make messages`"
    assert sorted(committed - extracted, key=str) == [], "django.po has strings the code no longer uses"


def test_makefile_runs_the_same_extraction():
    path = PACKAGE_DIR.parents[1] / "Makefile"
    if not path.exists():
        pytest.skip("not run from a source checkout")
    makefile = path.read_text()
    assert "makemessages -l zh_Hans --no-obsolete --ignore 'tests/*' --ignore '*/tests/*'" in makefile
    assert "compilemessages" in makefile


# --- what users see ---------------------------------------------------------------------------------------


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def _to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_pages_are_chinese_by_default_and_english_after_switching(world, client):
    _login(client, world.user("supervisor"))
    html = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in html
    for text in "总览 任务清单 我的工作 报送情况 审计日志 清单事项 攻坚领域 责任领导 牵头单位".split():
        assert text in html, text
    assert "2026年1月1日" in html and "2026年12月31日" in html  # the campaign's dates, as Chinese readers write them
    assert "Overview" not in html and "Responsible leader" not in html

    _to_english(client)
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    for text in ("Overview", "Task list", "My work", "Reporting", "Audit log", "Items", "Area", "Responsible leader"):
        assert text in html, text
    assert "2026-01-01" in html and "2026-12-31" in html
    assert "总览" not in html and "责任领导" not in html
    assert world.campaign.name in html  # data stays as it was entered


def test_lists_and_choice_labels_follow_the_language(world, client):
    _login(client, world.user("supervisor"))
    html = client.get("/campaigns/items/").content.decode()
    assert "导出Excel" in html and "从Excel导入" in html and "完成时限" in html
    assert "2026年12月31日" in html
    kinds = client.get(f"/campaigns/items/{world.own_item.pk}/").content.decode()
    assert "任务" in kinds and "Task (任务)" not in kinds

    _to_english(client)
    html = client.get("/campaigns/items/").content.decode()
    assert "Export to Excel" in html and "Import from Excel" in html and "Due date" in html
    assert "2026-12-31" in html
    assert "Task (任务)" in client.get(f"/campaigns/items/{world.own_item.pk}/").content.decode()


def test_reporting_periods_follow_the_language(world, client):
    _login(client, world.user("clerk"))
    url = f"/campaigns/items/{world.own_item.pk}/report/"
    html = client.get(url).content.decode()
    assert '<option value="2026-01-01">2026年1月</option>' in html  # the item runs through 2026: January is open
    _to_english(client)
    html = client.get(url).content.decode()
    assert '<option value="2026-01-01">Jan 2026</option>' in html
    assert "2026年1月" not in html


def test_model_rule_error_comes_back_in_the_language_of_the_user(world, client):
    """The item's date rule (due date before start date) lands on the form in the reader's language."""
    _login(client, world.user("supervisor"))
    item = world.own_item
    data = {
        "area": item.area_id,
        "code": item.code,
        "kind": item.kind,
        "title": item.title,
        "leader": item.leader_id,
        "lead_unit": item.lead_unit_id,
        "start_date": "2026-06-01",
        "due_date": "2026-05-01",
        "weight": "1",
    }
    response = client.post(f"/campaigns/items/{item.pk}/edit/", data)
    assert response.status_code == 400
    assert "完成时限不能早于开始日期。" in response.content.decode()

    _to_english(client)
    response = client.post(f"/campaigns/items/{item.pk}/edit/", data)
    assert response.status_code == 400
    assert "The due date must not be before the start date." in response.content.decode()


@pytest.mark.dates
def test_service_error_comes_back_in_the_language_of_the_user(world, client):
    """A rule only the service checks (no leader action dated in the future) reaches the form translated."""
    _login(client, world.user("supervisor"))
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    data = {"leader": world.user("leader").pk, "date": tomorrow, "kind": "enquire", "note": "过问进度"}
    url = f"/campaigns/items/{world.own_item.pk}/leader-actions/add/"
    response = client.post(url, data)
    assert response.status_code == 400
    assert "领导履职日期不能晚于今天。" in response.content.decode()

    _to_english(client)
    response = client.post(url, data)
    assert response.status_code == 400
    assert "A leader action cannot be dated in the future." in response.content.decode()


def test_messages_with_placeholders_are_filled_in_chinese(world, client):
    _login(client, world.user("supervisor"))
    item = world.own_item
    data = {
        "area": item.area_id,
        "code": item.code,
        "kind": item.kind,
        "title": item.title,
        "leader": item.leader_id,
        "lead_unit": item.lead_unit_id,
        "start_date": "2026-06-01",
        "due_date": "2027-01-31",
        "weight": "1",
    }
    html = client.post(f"/campaigns/items/{item.pk}/edit/", data).content.decode()
    assert "开始日期和完成时限须在攻坚年期限内（2026年1月1日至2026年12月31日）。" in html


def test_import_template_instructions_are_chinese_by_default(world):
    """The 说明 sheet of the task-list template speaks the reader's language; the column headers never change."""
    with translation.override(django_settings.LANGUAGE_CODE):
        workbook = openpyxl.load_workbook(io.BytesIO(item_template_bytes(world.campaign)))
    notes = "\n".join(str(r[0].value) for r in workbook["说明"].iter_rows() if r[0].value)
    assert tuple(c.value for c in workbook["清单"][1]) == COLUMN_HEADERS
    assert notes.startswith("填写说明\n")
    assert "牵头单位（必填）：" in notes and "事项编号（选填）：" in notes
    assert "2026年1月1日至2026年12月31日" in notes
    assert "required" not in notes and "How to fill in" not in notes
