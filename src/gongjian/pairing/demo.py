"""The demo's pairings and visits (registered with core.registry.register_demo; runs after the enterprise demo).

Every leader answers for a handful of the demo enterprises and each paired cadre for more; visits spread over
the campaign year, some pairings deliberately not visited lately so the coverage page has something to show.
History is written through the services with the clock set to when each step happened, so every visit is
validated and audited at its own date.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from unittest import mock

from django.utils import timezone
from django.utils.translation import gettext

from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.org.choices import RoleChoices

from . import services
from .choices import PairingRole

__all__ = ["at", "load_demo"]

TOPICS = [
    "了解企业一季度生产经营情况，宣讲惠企政策",
    "座谈新上生产线项目进展，协调施工许可办理",
    "调研企业用工需求，对接人社部门组织专场招聘",
    "了解企业融资需求，推介银企对接活动",
    "查看技改项目现场，督促设备安装进度",
    "听取企业对营商环境的意见建议",
    "了解用电负荷增长情况，协调供电公司增容",
    "宣讲“小升规”培育政策，帮助企业梳理入统条件",
]


@contextlib.contextmanager
def at(moment: dt.datetime):
    """Run the services as if it were ``moment`` (the demo's history); nothing else changes."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _actor(user) -> Actor:
    return Actor(user=user, ip=None, source=AuditLog.Source.COMMAND)


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def load_demo(ctx) -> str:
    from gongjian.enterprises.models import Enterprise

    enterprises = list(Enterprise.objects.order_by("pk"))
    if not enterprises:
        return ""
    rng = random.Random(2026)  # noqa: S311 - a repeatable demo, not a secret
    users = ctx.users
    ducha = next(u for u in users.values() if u.groups.filter(name=RoleChoices.SUPERVISOR).exists())
    leaders = [u for u in users.values() if u.groups.filter(name=RoleChoices.LEADER).exists()]
    cadres = [u for u in users.values() if u.groups.filter(name=RoleChoices.CADRE).exists()]
    start = ctx.campaign.start_date
    today = timezone.localdate(ctx.now)
    pairings = []
    with at(_moment(start, 9)):
        for i, leader in enumerate(sorted(leaders, key=lambda u: u.username)):
            for ent in enterprises[i * 3 : i * 3 + 3] or enterprises[:1]:
                pairings.append(
                    services.create_pairing(
                        _actor(ducha), enterprise=ent, person=leader, role=PairingRole.LEADER, start_date=start
                    )
                )
        for i, cadre in enumerate(sorted(cadres, key=lambda u: u.username)):
            share = enterprises[i :: len(cadres)][:8]
            for ent in share:
                pairings.append(
                    services.create_pairing(
                        _actor(ducha), enterprise=ent, person=cadre, role=PairingRole.CADRE, start_date=start
                    )
                )
    visits = 0
    for n, pairing in enumerate(pairings):
        gap = (50, 90) if pairing.role == PairingRole.LEADER else (18, 40)
        day = start + dt.timedelta(days=rng.randint(5, 25))
        # Every fifth pairing stops being visited two months before today: the coverage page lists it.
        last = today - dt.timedelta(days=60 if n % 5 == 0 else 1)
        while day <= last:
            with at(_moment(day, 10)):
                services.record_visit(
                    _actor(pairing.person),
                    enterprise=pairing.enterprise,
                    date=day,
                    met_with=f"{pairing.enterprise.legal_representative or '企业负责人'}",
                    discussed=rng.choice(TOPICS),
                )
            visits += 1
            day += dt.timedelta(days=rng.randint(*gap))
    return gettext("Pairing: {pairings} pairings, {visits} visits").format(pairings=len(pairings), visits=visits)
