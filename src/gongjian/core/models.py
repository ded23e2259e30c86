"""Shared base models: the permission-aware queryset and the append-only audit log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "SCOPE_ALL_PERMISSION",
    "SYSTEM_ACTOR_NAME",
    "AuditChainHead",
    "AuditLog",
    "BaseModel",
    "RestrictedQuerySet",
]

#: Holding this permission lifts the unit scope: the whole campaign is visible (leaders, 督查, administrators).
SCOPE_ALL_PERMISSION = "org.scope_all"
#: The stored actor name of a change made without a user (a command, the system); shown translated.
SYSTEM_ACTOR_NAME = "system"


class RestrictedQuerySet(models.QuerySet):
    """A queryset that knows how to narrow itself to what a user may do.

    ``restrict(user, action)`` is the one read gate of the platform: every view, list, export, API endpoint,
    search and widget asks it for its rows. ``action`` is a permission verb: the user must hold
    ``<app>.<action>_<model>`` and then sees only the rows inside their scope (``Model.scope_q``).
    """

    def restrict(self, user, action: str = "view") -> RestrictedQuerySet:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        opts = self.model._meta
        if not user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
            return self.none()
        if user.has_perm(SCOPE_ALL_PERMISSION):
            return self
        q = self.model.scope_q(user, action)
        return self.filter(q) if q is not None else self


class BaseModel(models.Model):
    """Every domain model: timestamps and the restricted manager."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q | None:
        """The rows a user without the whole-campaign scope may ``action``; ``None`` means all rows."""
        return None

    def audit_parent(self):
        """The object whose history page shows this object's changes too (an item for its reports)."""
        return None


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("Audit records are append-only.")

    def delete(self):
        raise PermissionDenied("Audit records are append-only.")

    def _raw_delete(self, using):
        raise PermissionDenied("Audit records are append-only.")

    def bulk_create(self, objs, *args, **kwargs):
        """New records are sealed into the hash chain (core.audit) in the same transaction as their insert."""
        from .audit import seal

        objs = list(objs)
        with transaction.atomic(using=self.db):
            seal([o for o in objs if o.seq is None])
            return super().bulk_create(objs, *args, **kwargs)

    def restrict(self, user, action: str = "view") -> AuditQuerySet:
        """Audit browsing: holders of ``core.view_auditlog`` see every record."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if action != "view" or not user.has_perm("core.view_auditlog"):
            return self.none()
        from .registry import audit_filters

        qs = self
        for hidden in audit_filters:
            q = hidden(user)
            if q is not None:
                qs = qs.exclude(q)
        return qs

    def for_object(self, obj) -> AuditQuerySet:
        """The history of one object: its own records and those of the objects it is the parent of."""
        ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        pk = str(obj.pk)
        records = self.filter(Q(content_type=ct, object_id=pk) | Q(parent_type=ct, parent_id=pk))
        return records.select_related("actor", "content_type")  # the sentences read both


#: The words of an audit action that no module registered, by the last part of its code ("x.create").
_GENERIC_ACTIONS = {
    "create": _("created"),
    "add": _("created"),
    "update": _("changed"),
    "save": _("saved"),
    "delete": _("deleted"),
    "import": _("imported"),
    "export": _("exported"),
}


class AuditLog(models.Model):
    """One state change: who did what to which object, when, from where, with the values before and after.

    Rows are written by ``gongjian.core.services.record`` from inside each service function's transaction and
    can never be changed: the ORM refuses update and delete, and database triggers refuse them too. Only
    ``gongjian audit purge`` deletes, archived records past the retention period (``core/audit_archive.py``).
    """

    class Source(models.TextChoices):
        WEB = "web", _("Web")
        API = "api", _("API")
        IMPORT = "import", _("Excel import")
        COMMAND = "command", _("Command")
        SYSTEM = "system", _("System")

    at = models.DateTimeField(_("time"), db_index=True)  # stored in UTC, shown in local time
    # DO_NOTHING, not SET_NULL: a record is never rewritten, so deleting a user keeps the id here (there is no
    # database constraint) and ``actor_name`` keeps the name. SET_NULL made every such delete fail on the trigger.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("source IP"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.WEB)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    parent_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("parent type")
    )
    parent_id = models.CharField(_("parent id"), max_length=64, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    success = models.BooleanField(_("success"), default=True)
    # The hash chain (core.chain): the record's place and its HMAC over the previous value and its content.
    seq = models.BigIntegerField(_("sequence number"), null=True, blank=True, editable=False)
    # null, not "": a nullable column is added without rebuilding the SQLite table (and losing its trigger).
    chain = models.CharField(_("chain value"), max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["parent_type", "parent_id"], name="audit_parent_idx"),
            models.Index(fields=["actor", "at"], name="audit_actor_idx"),
        ]
        constraints = [
            # Partial: adding a plain unique column would make SQLite rebuild the table (and drop its trigger).
            models.UniqueConstraint(fields=["seq"], condition=Q(seq__isnull=False), name="audit_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Audit records are append-only.")
        from .audit import seal

        with transaction.atomic(using=kwargs.get("using")):
            if self.seq is None:
                seal([self])
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Audit records are append-only.")

    @property
    def actor_display(self) -> str:
        """The actor as a reader knows them: the person's name (their login name only when the account is gone),
        or "system" in the reader's language. Lists load ``actor`` with the records (select_related)."""
        if self.actor_id is None and self.actor_name == SYSTEM_ACTOR_NAME and self.action != "auth.login_failed":
            return str(_("system"))
        if self.actor_id is not None:
            try:
                actor = self.actor
            except ObjectDoesNotExist:  # deleted since: the records keep the id, not the row
                actor = None
            if actor is not None:
                return str(actor)
        return self.actor_name

    @property
    def object_words(self) -> str:
        """The object in words: its kind and its name ("进展报告 2-01（2026年10月）"); the kind once only, when the
        action's words already name it ("审核通过了进展报告 2-01（2026年10月）")."""
        model = self.content_type.model_class() if self.content_type_id else None
        kind = str(model._meta.verbose_name) if model is not None else ""
        if kind and kind.lower() in self.action_label.lower():
            kind = ""
        return f"{kind} {self.object_repr}" if kind and self.object_repr else self.object_repr or kind

    @property
    def sentence(self) -> str:
        """The record as a sentence in the reader's language: "张伟 审核通过了进展报告 2-01（2026年10月）"
        — the person's name, what they did, the object in words; never a code."""
        from .formats import is_chinese

        words = self.object_words
        if not words:
            return f"{self.actor_display} {self.action_label}"
        # Chinese names the object right after the verb; English sets it off with a colon
        return f"{self.actor_display} {self.action_label}{' ' if is_chinese() else ': '}{words}"

    @property
    def action_label(self) -> str:
        """The action as shown to a reader ("item.create" → "created the item"), in the reader's language."""
        from .registry import audit_action_labels

        label = audit_action_labels.get(self.action)
        if label is not None:
            return str(label)
        verb = self.action.rsplit(".", 1)[-1]  # an action no module named: its kind of change, never the code
        return str(_GENERIC_ACTIONS.get(verb, _("changed")))

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that differs."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class AuditChainHead(models.Model):
    """The audit chain's last sequence number and value: one row, locked by every append so the chain never forks.

    The same head is also kept outside the database after every committed write (``AUDIT_HEAD_FILE``), so a
    tail deleted from the table together with this row is still detected.
    """

    seq = models.BigIntegerField(default=0)
    value = models.CharField(max_length=64)
    # The anchor: the last record removed by ``gongjian audit purge`` (after it was archived), where the walk of
    # the records still in the table starts; also kept in the head file. The database lets only records at or
    # below it be deleted (migration 0007).
    anchor_seq = models.BigIntegerField(default=0)
    anchor_value = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")

    def __str__(self) -> str:
        return f"{self.seq}:{self.value[:12]}"


class JobQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> JobQuerySet:
        """A job is its user's alone: no role, not even the whole-campaign scope, shows another user's jobs."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(user=user)


class Job(models.Model):
    """Long work taken off the request: an import, an evaluation run, a document. Persisted, so any app server
    can show it and the worker (``gongjian worker``) of any machine can run it.

    ``kind`` names the function that does the work (``gongjian.core.jobs.register``); ``params`` and ``data``
    (the uploaded file) are its input; ``done``/``total`` its progress; ``result`` what the page shows when it
    has finished (the rows written, or every error by row); ``error`` a readable message when it failed.
    """

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("job status", "Waiting")
        RUNNING = "running", pgettext_lazy("job status", "Running")
        DONE = "done", pgettext_lazy("job status", "Done")
        FAILED = "failed", pgettext_lazy("job status", "Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="jobs"
    )
    kind = models.CharField(_("kind"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    data = models.BinaryField(_("file"), blank=True, default=b"")
    ip = models.GenericIPAddressField(_("source IP"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="job_queue_idx"),
            models.Index(fields=["user", "created_at"], name="job_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} #{self.pk}"

    @property
    def title(self) -> str:
        from .registry import job_kinds

        kind = job_kinds.get(self.kind)
        return str(kind.title) if kind is not None else self.kind

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        """How far the work is, 0–100: rows done of rows in the file (100 once finished)."""
        if self.finished:
            return 100
        if not self.total:
            return 0
        return min(99, self.done * 100 // self.total)
