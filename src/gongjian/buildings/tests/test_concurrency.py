"""Two clerks letting the same space at the same moment: exactly one tenancy (both databases, real threads).

The service locks the space row before the overlap check (select_for_update on PostgreSQL; SQLite serialises
writers), so the second sees the first tenancy and is refused naming the space.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gongjian.buildings import services
from gongjian.buildings.models import Tenancy
from gongjian.buildings.testing import make_building, make_space
from gongjian.core.services import Actor
from gongjian.enterprises.testing import make_enterprise
from gongjian.problems.tests.test_concurrency import _race

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_leases_of_one_space_at_once_make_one_tenancy(world):
    b = make_building(world)
    s = make_space(b, area=Decimal(300))
    tenants = [make_enterprise(world), make_enterprise(world)]
    sup = world.user("supervisor")

    def lease(ent):
        actor = Actor(user=type(sup).objects.get(pk=sup.pk), ip="127.0.0.1", source="web")
        return services.create_tenancy(
            actor, enterprise=ent, building=b, space=s, leased_area=Decimal(200), move_in=dt.date(2026, 1, 1)
        )

    results = _race([lambda: lease(tenants[0]), lambda: lease(tenants[1])])
    ok = [r for r in results if isinstance(r, Tenancy)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(ok) == 1 and len(refused) == 1, results
    assert "space" in refused[0].message_dict
    assert Tenancy.objects.filter(space=s).count() == 1
