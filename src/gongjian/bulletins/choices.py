from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["BulletinAction", "BulletinState", "FileFormat"]


class BulletinState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    ISSUED = "issued", _("Issued (签发)")


class FileFormat(models.TextChoices):
    DOCX = "docx", _("Word (.docx)")
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Excel (.xlsx)")


class BulletinAction(models.TextChoices):
    """Audit actions of the bulletins module (``bulletin.<value>``)."""

    DRAFT = "draft", _("drafted the bulletin")
    EDIT = "edit", _("edited the bulletin")
    REFRESH = "refresh", _("regenerated the bulletin's tables")
    SUBMIT = "submit", _("submitted the bulletin for review")
    RETURN = "return", _("returned the bulletin to draft")
    ISSUE = "issue", _("signed and issued the bulletin")
    REFUSED = "refused", _("was refused a change of the bulletin")
    LETTER = "letter", _("issued a supervision letter")
