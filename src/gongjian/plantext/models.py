from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanDraft(models.Model):
    """A draft plan read from a text, kept until a person has reviewed it and created the areas and items."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.CASCADE, related_name="plan_drafts"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    document_date = models.DateField(_("document date"))
    source_name = models.CharField(_("source"), max_length=255, blank=True)
    original = models.TextField(_("original text"))
    normalised = models.TextField(_("normalised text"))
    offsets = models.JSONField(_("offset map"), default=list)
    data = models.JSONField(_("draft"), default=dict)
    created_objects = models.JSONField(_("created areas and items"), default=dict, blank=True)

    class Meta:
        verbose_name = _("plan draft")
        verbose_name_plural = _("plan drafts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.source_name or str(self.document_date)
