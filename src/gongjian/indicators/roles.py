"""What each shipped role may do with indicators (added to org.roles.ROLE_PERMISSIONS in ready())."""

from gongjian.org.choices import RoleChoices as R

VIEW = {
    "indicators.view_indicator",
    "indicators.view_plannedvalue",
    "indicators.view_actual",
    "indicators.view_benchmark",
}

ROLE_PERMISSIONS = {
    R.LEADER: VIEW,
    R.SUPERVISOR: VIEW
    | {
        "indicators.add_indicator",
        "indicators.change_indicator",
        "indicators.delete_indicator",
        "indicators.change_plannedvalue",
        "indicators.review_actual",
        "indicators.add_benchmark",
        "indicators.change_benchmark",
        "indicators.delete_benchmark",
    },
    # The data-source unit enters (and imports) the actuals of its indicators.
    R.UNIT_ADMIN: VIEW | {"indicators.enter_indicator", "indicators.import_indicator", "indicators.add_actual"},
    R.CLERK: VIEW | {"indicators.enter_indicator", "indicators.import_indicator", "indicators.add_actual"},
    R.CADRE: VIEW,
    R.VIEWER: VIEW,
    R.SYSADMIN: VIEW,
}
