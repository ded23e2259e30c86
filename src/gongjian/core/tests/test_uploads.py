"""Uploaded files: allowed types, size, content matching the extension, and server-made storage names."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from gongjian.core.uploads import ALLOWED_EXTENSIONS, safe_storage_name, validate_upload


@pytest.fixture(autouse=True)
def _english():
    """These tests read the messages; their Chinese is checked with the catalogue (test_translations)."""
    with translation.override("en"):
        yield


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00"
ZIP = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 24
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"


def f(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("立项批复.pdf", PDF),
        ("SCAN.PDF", PDF),  # the extension's case does not matter
        ("现场照片.png", PNG),
        ("现场照片.jpg", JPEG),
        ("现场照片.jpeg", JPEG),
        ("动图.gif", GIF),
        ("GIF87.gif", b"GIF87a" + GIF[6:]),
        ("台账.xlsx", ZIP),
        ("汇报.docx", ZIP),
        ("汇报.pptx", ZIP),
        ("材料.zip", ZIP),
        ("公文.ofd", ZIP),
        ("旧台账.xls", OLE),
        ("旧汇报.doc", OLE),
        ("旧幻灯.ppt", OLE),
        ("说明.txt", "一、项目进展情况\r\n\t已完成立项。\n".encode()),
        ("说明-gbk.txt", "一、项目进展情况\r\n已完成立项。\n".encode("gb18030")),
        ("ascii.txt", b"plain ascii\n"),
    ],
)
def test_allowed_files_pass(name, content):
    upload = f(name, content)
    validate_upload(upload)
    assert upload.read() == content  # the position is back at the start for storage


def test_every_allowed_extension_is_tested():
    assert set(ALLOWED_EXTENSIONS) == {
        ".pdf", ".png", ".jpg", ".jpeg", ".gif", ".xlsx", ".docx", ".pptx", ".zip", ".ofd", ".xls", ".doc", ".ppt",
        ".txt",
    }  # fmt: skip


@pytest.mark.parametrize(
    "name",
    ["setup.exe", "page.html", "logo.svg", "run.sh", "macro.docm", "archive.rar", "README", ".pdf", "a.pdf.exe"],
)
def test_other_types_are_refused(name):
    with pytest.raises(ValidationError, match="not allowed"):
        validate_upload(f(name, PDF))


def test_empty_file_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        validate_upload(f("空.pdf", b""))


@override_settings(UPLOAD_MAX_BYTES=2 * 1024 * 1024)
def test_size_limit():
    limit = 2 * 1024 * 1024
    validate_upload(f("刚好.pdf", PDF + b"0" * (limit - len(PDF))))
    with pytest.raises(ValidationError, match="larger than 2 MB"):
        validate_upload(f("太大.pdf", PDF + b"0" * (limit - len(PDF) + 1)))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", PNG),  # a PNG dressed as a PDF
        ("photo.png", PDF),
        ("photo.jpg", PNG),
        ("sheet.xlsx", OLE),
        ("old.xls", ZIP),
        ("tool.pdf", EXE),
        ("note.pdf", b"%PD"),  # too short to be a PDF
        ("page.gif", b"GIF90a......"),
    ],
)
def test_content_must_match_the_extension(name, content):
    with pytest.raises(ValidationError, match="does not contain what its extension"):
        validate_upload(f(name, content))


@pytest.mark.parametrize(
    "content",
    [PNG, EXE, PDF + b"\x00\x01\x02", b"\xff\xfe\xfd\xfc" * 10, b"abc\x00def"],
    ids=["png", "exe", "pdf-with-nul", "bytes", "nul"],
)
def test_binary_content_is_not_text(content):
    with pytest.raises(ValidationError, match="not a text file"):
        validate_upload(f("notes.txt", content))


@pytest.mark.parametrize("prefix", ["", "1", "1. ", "第1条:", "ab"])
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_long_chinese_text_is_text_wherever_the_first_block_ends(prefix, encoding):
    """Only the first 2 KB are read: a character cut in two at that boundary is still text."""
    content = (prefix + "一、重大技改项目进展情况。" * 400).encode(encoding)
    assert len(content) > 4096
    validate_upload(f("进展.txt", content))


def test_a_short_text_cut_in_the_middle_of_a_character_is_refused():
    with pytest.raises(ValidationError, match="not a text file"):
        validate_upload(f("cut.txt", "进展".encode()[:-1] + b"\xff"))


# --- storage names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "ext"),
    [
        ("立项批复.pdf", ".pdf"),
        ("../../etc/passwd.pdf", ".pdf"),
        ("..\\..\\windows\\win.ini.txt", ".txt"),
        ("/var/www/evil.PNG", ".png"),
        ("report.pdf.exe", ""),
        ("photo.php", ""),
        ("noextension", ""),
        ("a/b/c.", ""),
        ("x.pdf\x00.exe", ""),
    ],
)
def test_storage_names_are_made_by_the_server(original, ext):
    name = safe_storage_name(original)
    assert re.fullmatch(r"[0-9a-f]{32}" + re.escape(ext), name)
    assert "/" not in name and "\\" not in name and ".." not in name
    for part in re.split(r"[\\/.]", original):
        if len(part) > 2 and part.lower() not in {"pdf", "txt", "png"}:
            assert part.lower() not in name


def test_storage_names_never_repeat():
    names = {safe_storage_name("同名.pdf") for _ in range(200)}
    assert len(names) == 200
