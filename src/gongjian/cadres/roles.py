"""What the shipped roles may do on the cadre side (see docs/cadres.md).

* 组织部 (org_dept) and 纪检监察 (discipline) read the whole campaign and every record of this module; 组织部
  decides cases, writes 一线考察 notes (which only 组织部 reads) and records commendations; 纪检监察 accepts and
  reviews cases and records accountability.
* A paired cadre and a unit administrator may apply for 容错免责 (for themselves, for their unit) and see their own
  cases, never the review opinions or the notes about them.
* No other role sees anything of this module.
"""

from gongjian.org.choices import RoleChoices as R

_READ_CAMPAIGN = [
    "campaigns.view_campaign",
    "campaigns.view_area",
    "campaigns.view_item",
    "campaigns.view_milestone",
    "campaigns.view_report",
    "campaigns.view_reportattachment",
    "campaigns.view_leaderaction",
    "org.view_unit",
    "org.view_user",
    "org.scope_all",
    "supervision.view_supervision",
    "supervision.view_supervisionreply",
    "supervision.view_colourrecord",
    "pairing.view_pairing",
    "pairing.view_visit",
    "problems.view_problem",
]
_BOTH = [
    "cadres.see_all",
    "cadres.view_tolerancecase",
    "cadres.view_caseopinion",
    "cadres.view_caseattachment",
    "cadres.view_commendation",
    "cadres.view_accountability",
    "cadres.view_cadrerecord",
]
_APPLICANT = [
    "cadres.view_tolerancecase",
    "cadres.add_tolerancecase",
    "cadres.change_tolerancecase",
    "cadres.view_caseattachment",
    "cadres.add_caseattachment",
]

CADRE_ROLE_PERMISSIONS = {
    R.ORG_DEPT: {
        *_READ_CAMPAIGN,
        *_BOTH,
        "cadres.decide_tolerancecase",
        "cadres.view_fieldnote",
        "cadres.add_fieldnote",
        "cadres.add_commendation",
    },
    R.DISCIPLINE: {
        *_READ_CAMPAIGN,
        *_BOTH,
        "cadres.review_tolerancecase",
        "cadres.add_caseattachment",
        "cadres.add_accountability",
    },
    R.CADRE: set(_APPLICANT),
    R.UNIT_ADMIN: set(_APPLICANT),
}
