"""Bulletins (督查通报), supervision letters (督办函), their 文号 series and stored files, and the public page's
opt-in per campaign.

An issued bulletin never changes: its files are stored here byte for byte, their SHA-256 goes into the audit
record, and the services refuse every change (a correction is a new bulletin that names the one it corrects).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongjian.core.models import BaseModel, RestrictedQuerySet

from .choices import BulletinState, FileFormat

__all__ = ["Bulletin", "Issuer", "Letter", "NumberCounter", "PublicCampaign", "StoredFile"]


class Issuer(BaseModel):
    """An issuing organisation (发文机关) and its 文号 series: ``{code}〔{year}〕{n}号``.

    ``code`` is the 机关代字 (e.g. 德城攻坚督); ``mark`` the red 发文机关标志 printed in the 版头; ``copy_to`` the
    抄送 line and ``printer`` the 印发机关 of the 版记.
    """

    name = models.CharField(_("issuing organisation"), max_length=100, unique=True)
    mark = models.CharField(_("issuer mark (发文机关标志)"), max_length=60)
    code = models.CharField(_("document code (机关代字)"), max_length=20, unique=True)
    copy_to = models.CharField(_("copy to (抄送)"), max_length=300, blank=True)
    printer = models.CharField(_("printed by (印发机关)"), max_length=100)
    recipients = models.CharField(_("addressed to (主送)"), max_length=300)

    class Meta:
        verbose_name = _("issuing organisation")
        verbose_name_plural = _("issuing organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def number(self, year: int, n: int) -> str:
        return f"{self.code}〔{year}〕{n}号"


class NumberCounter(models.Model):
    """The last 文号 handed out per issuer and year. Issuing locks this row (select_for_update), so two people
    issuing at once get consecutive numbers, never the same one and never a gap (the number is taken in the same
    transaction that stores the document: a failed issue rolls its number back)."""

    issuer = models.ForeignKey(Issuer, verbose_name=_("issuing organisation"), on_delete=models.PROTECT)
    year = models.PositiveIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("document number counter")
        verbose_name_plural = _("document number counters")
        constraints = [models.UniqueConstraint(fields=["issuer", "year"], name="bulletins_one_counter_a_year")]

    def __str__(self) -> str:
        return f"{self.issuer} {self.year}: {self.last}"


class Bulletin(BaseModel):
    """A monthly 督查通报 of one campaign, built from the data as of ``cutoff``.

    ``content`` holds the tables as computed (plain JSON, see content.py); ``highlights`` and ``requirements``
    are the editable paragraphs (one paragraph per line). Draft → review → issued (签发 by a leader).
    """

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.ForeignKey(Issuer, verbose_name=_("issuing organisation"), on_delete=models.PROTECT)
    year = models.PositiveIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    cutoff = models.DateField(_("data as of"))
    state = models.CharField(
        _("state"), max_length=10, choices=BulletinState.choices, default=BulletinState.DRAFT, db_index=True
    )
    title = models.CharField(_("title"), max_length=200)
    highlights = models.TextField(_("good practice (工作亮点)"), blank=True)
    requirements = models.TextField(_("requirements (工作要求)"), blank=True)
    content = models.JSONField(_("tables"), default=dict, blank=True)
    is_public = models.BooleanField(_("published on the public page"), default=False)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    number = models.PositiveIntegerField(_("sequence number"), null=True, blank=True, editable=False)
    doc_number = models.CharField(_("document number (文号)"), max_length=60, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulletin (督查通报)")
        verbose_name_plural = _("bulletins (督查通报)")
        ordering = ["-year", "-month", "-id"]
        permissions = [
            ("submit_bulletin", _("Can submit a bulletin for review")),
            ("sign_bulletin", _("Can sign and issue a bulletin (签发)")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number"], condition=Q(number__isnull=False), name="bulletin_unique_number"
            )
        ]

    def __str__(self) -> str:
        return self.doc_number or self.title

    def get_absolute_url(self) -> str:
        return reverse("bulletins:bulletin_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        """Without the whole-campaign scope a user reads issued bulletins only (drafts stay in the office)."""
        return Q(state=BulletinState.ISSUED)

    @property
    def is_issued(self) -> bool:
        return self.state == BulletinState.ISSUED

    @property
    def month_label(self) -> str:
        return f"{self.year}年{self.month}月"


class Letter(BaseModel):
    """A 督办函: the numbered letter of one or more existing 督办 (supervision.Supervision) of one unit.

    The 督办 keeps its own workflow (签收, 反馈, escalation) in the supervision module; the letter is the paper
    the unit receives, stored once as issued.
    """

    issuer = models.ForeignKey(Issuer, verbose_name=_("issuing organisation"), on_delete=models.PROTECT)
    unit = models.ForeignKey("org.Unit", verbose_name=_("addressed to"), on_delete=models.PROTECT, related_name="+")
    supervisions = models.ManyToManyField(
        "supervision.Supervision", verbose_name=_("supervisions (督办)"), related_name="letters"
    )
    year = models.PositiveIntegerField(_("year"))
    number = models.PositiveIntegerField(_("sequence number"), editable=False)
    doc_number = models.CharField(_("document number (文号)"), max_length=60, editable=False)
    reply_by = models.DateField(_("reply by"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        verbose_name = _("supervision letter (督办函)")
        verbose_name_plural = _("supervision letters (督办函)")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "number"], name="letter_unique_number"),
        ]

    def __str__(self) -> str:
        return self.doc_number

    def get_absolute_url(self) -> str:
        return reverse("bulletins:letter_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        if user.unit_id is None:
            return Q(pk__in=[])
        return Q(unit__path__startswith=user.unit.path)


class StoredFileQuerySet(RestrictedQuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("Stored documents never change.")


class StoredFile(models.Model):
    """A generated file of an issued bulletin or letter, kept byte for byte with its SHA-256. Never changed."""

    bulletin = models.ForeignKey(
        Bulletin, verbose_name=_("bulletin"), null=True, blank=True, on_delete=models.PROTECT, related_name="files"
    )
    letter = models.ForeignKey(
        Letter, verbose_name=_("letter"), null=True, blank=True, on_delete=models.PROTECT, related_name="files"
    )
    format = models.CharField(_("format"), max_length=5, choices=FileFormat.choices)
    name = models.CharField(_("file name"), max_length=200)
    data = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StoredFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bulletin", "format"], condition=Q(bulletin__isnull=False), name="stored_one_format"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Stored documents never change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Stored documents never change.")


class PublicCampaign(BaseModel):
    """A campaign's opt-in to the public page (/public/), and whether people's names may be shown there."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    show_names = models.BooleanField(_("show responsible leaders' names"), default=False)

    class Meta:
        verbose_name = _("public campaign")
        verbose_name_plural = _("public campaigns")
        ordering = ["campaign"]

    def __str__(self) -> str:
        return str(self.campaign)
