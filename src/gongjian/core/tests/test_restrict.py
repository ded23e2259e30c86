import pytest

from gongjian.campaigns.models import Item
from gongjian.org.choices import RoleChoices as R


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (R.LEADER, {"2-01", "2-02", "2-03"}),
        (R.SUPERVISOR, {"2-01", "2-02", "2-03"}),
        (R.SYSADMIN, {"2-01", "2-02", "2-03"}),
        (R.UNIT_ADMIN, {"2-01", "2-02"}),
        (R.CLERK, {"2-01", "2-02"}),
        (R.CADRE, {"2-01", "2-02"}),
        (R.VIEWER, {"2-01", "2-02"}),
        ("street_clerk", {"2-02", "2-03"}),
        ("nobody", set()),
    ],
)
def test_item_scope_by_role(world, role, expected):
    codes = set(Item.objects.restrict(world.user(role), "view").values_list("code", flat=True))
    assert codes == expected


def test_sub_unit_user_sees_only_what_reaches_its_unit(world):
    from gongjian.testing import make_user

    sub = make_user("subclerk", world.sub_office, R.CLERK)
    assert set(Item.objects.restrict(sub, "view").values_list("code", flat=True)) == set()


def test_parent_unit_scope_includes_items_of_sub_units(world):
    from gongjian.testing import make_item

    make_item(world.area, "2-09", world.sub_office, world.user(R.LEADER))
    codes = set(Item.objects.restrict(world.user(R.CLERK), "view").values_list("code", flat=True))
    assert codes == {"2-01", "2-02", "2-09"}


def test_action_without_permission_yields_nothing(world):
    assert not Item.objects.restrict(world.user(R.VIEWER), "report").exists()
    assert (
        Item.objects.restrict(world.user(R.CLERK), "report").count() == 1
    )  # the co-operated item is not its to report
    assert not Item.objects.restrict(world.user(R.CLERK), "change").exists()


def test_inactive_and_anonymous_users_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    leader = world.user(R.LEADER)
    leader.is_active = False
    leader.save()
    assert not Item.objects.restrict(leader, "view").exists()
    assert not Item.objects.restrict(AnonymousUser(), "view").exists()
