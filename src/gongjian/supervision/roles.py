"""What each shipped role may do in supervision (merged into org.roles.ROLE_PERMISSIONS)."""

from gongjian.org.choices import RoleChoices as R

_VIEW = ["supervision.view_supervision", "supervision.view_supervisionreply", "supervision.view_colourrecord"]
_INBOX = ["supervision.view_notification"]

ROLE_PERMISSIONS = {
    R.LEADER: {*_VIEW, *_INBOX, "supervision.view_campaignrules"},
    R.SUPERVISOR: {
        *_VIEW,
        *_INBOX,
        "supervision.add_supervision",
        "supervision.close_supervision",
        "supervision.view_campaignrules",
        "supervision.change_campaignrules",
        "supervision.view_delivery",
    },
    R.UNIT_ADMIN: {
        *_VIEW,
        *_INBOX,
        "supervision.reply_supervision",
        "supervision.view_unitwebhook",
        "supervision.add_unitwebhook",
        "supervision.change_unitwebhook",
    },
    R.CLERK: {*_VIEW, *_INBOX, "supervision.reply_supervision"},
    R.CADRE: {*_VIEW, *_INBOX},
    R.VIEWER: {*_VIEW, *_INBOX},
    R.SYSADMIN: {
        *_VIEW,
        *_INBOX,
        "supervision.view_unitwebhook",
        "supervision.add_unitwebhook",
        "supervision.change_unitwebhook",
        "supervision.view_delivery",
        "supervision.change_delivery",
        "supervision.view_webhooksubscription",
        "supervision.add_webhooksubscription",
        "supervision.change_webhooksubscription",
    },
}
