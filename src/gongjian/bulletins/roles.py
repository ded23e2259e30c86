"""What each shipped role may do with bulletins and letters (merged into org.roles.ROLE_PERMISSIONS).

The supervision office drafts, edits and submits bulletins and issues 督办函; a leader signs (签发). Every role
reads issued bulletins; drafts stay with the whole-campaign roles (``Bulletin.scope_q``). Letters are read by the
unit they are addressed to (and units above it).
"""

from gongjian.org.choices import RoleChoices as R

_VIEW = ["bulletins.view_bulletin", "bulletins.view_letter"]

ROLE_PERMISSIONS = {
    R.LEADER: {*_VIEW, "bulletins.sign_bulletin", "bulletins.change_bulletin"},
    R.SUPERVISOR: {
        *_VIEW,
        "bulletins.add_bulletin",
        "bulletins.change_bulletin",
        "bulletins.submit_bulletin",
        "bulletins.add_letter",
        "bulletins.view_publiccampaign",
        "bulletins.add_publiccampaign",
        "bulletins.change_publiccampaign",
        "bulletins.delete_publiccampaign",
    },
    R.UNIT_ADMIN: {*_VIEW},
    R.CLERK: {*_VIEW},
    R.CADRE: {*_VIEW},
    R.VIEWER: {*_VIEW},
    R.SYSADMIN: {
        *_VIEW,
        "bulletins.view_issuer",
        "bulletins.change_issuer",
        "bulletins.add_issuer",
        "bulletins.view_publiccampaign",
        "bulletins.add_publiccampaign",
        "bulletins.change_publiccampaign",
        "bulletins.delete_publiccampaign",
    },
}
