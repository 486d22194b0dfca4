"""The fixed vocabularies every pack is written in (DESIGN.md §1 and §3).

These identifiers appear in packs, the API and the CLI exactly as written, so
they are frozen here once rather than repeated as strings across the engine.
"""

from __future__ import annotations

KINDS: tuple[str, ...] = (
    "s20_accommodation",
    "pre_proceedings",
    "care_proceedings",
    "secure_accommodation",
    "emergency_protection_order",
    "placement_inhouse_fostering",
    "placement_ifa",
    "placement_residential",
    "placement_semi_independent",
    "placement_parent_and_child",
    "placement_change",
    "placement_additional_funding",
    "placement_continuation",
    "family_support_package",
    "short_breaks",
    "independent_assessment",
    "specialist_therapy",
    "fostering_allowance_uplift",
    "nrpf_support",
    "intentionally_homeless_support",
    "direct_payments",
    "sgo_support",
    "adoption_support",
    "one_off_payment",
)

KIND_LABELS: dict[str, str] = {
    "s20_accommodation": "bringing a child into care under section 20",
    "pre_proceedings": "starting pre-proceedings",
    "care_proceedings": "an application for a care or supervision order (section 31)",
    "secure_accommodation": "an application for a secure accommodation order (section 25)",
    "emergency_protection_order": "an emergency protection order",
    "placement_inhouse_fostering": "an in-house foster placement",
    "placement_ifa": "an independent fostering agency placement",
    "placement_residential": "an external residential placement",
    "placement_semi_independent": "a semi-independent or supported accommodation placement",
    "placement_parent_and_child": "a parent and child assessment placement",
    "placement_change": "a change of a previously stable placement",
    "placement_additional_funding": "additional funding asked for by a provider",
    "placement_continuation": "a placement or contract due to end",
    "family_support_package": "a family support package",
    "short_breaks": "short breaks or respite",
    "independent_assessment": "an independent or expert assessment",
    "specialist_therapy": "commissioned specialist therapy",
    "fostering_allowance_uplift": "extra financial support above the fostering allowance",
    "nrpf_support": "support for a family with no recourse to public funds",
    "intentionally_homeless_support": "support for a family found intentionally homeless",
    "direct_payments": "direct payments",
    "sgo_support": "a special guardianship support package",
    "adoption_support": "an adoption support package",
    "one_off_payment": "a one-off payment",
}

ROLES: tuple[str, ...] = (
    "social_worker",
    "team_manager",
    "service_leader",
    "service_manager",
    "head_of_service",
    "assistant_director",
    "deputy_director",
    "director",
    "panel_coordinator",
    "panel_member",
    "chair",
    "finance_officer",
    "commissioning",
    "iro",
    "auditor",
    "system_administrator",
)

ROLE_LABELS: dict[str, str] = {
    "social_worker": "social worker",
    "team_manager": "team manager",
    "service_leader": "service leader",
    "service_manager": "service manager",
    "head_of_service": "head of service",
    "assistant_director": "assistant director",
    "deputy_director": "deputy director",
    "director": "director",
    "panel_coordinator": "panel coordinator",
    "panel_member": "panel member",
    "chair": "panel chair",
    "finance_officer": "finance officer",
    "commissioning": "commissioning officer",
    "iro": "independent reviewing officer (IRO)",
    "auditor": "auditor",
    "system_administrator": "system administrator",
}

PAPER_TYPES: tuple[str, ...] = (
    "referral_form",
    "assessment",
    "care_plan",
    "review_outcome",
    "genogram",
    "cost_breakdown",
    "provider_referral",
    "iro_views",
    "direct_payments_audit",
    "alternatives_evidence",
    "written_report",
)

PAPER_LABELS: dict[str, str] = {
    "referral_form": "referral form",
    "assessment": "assessment",
    "care_plan": "care plan",
    "review_outcome": "outcome of the last child in care, child in need or child protection review",
    "genogram": "genogram",
    "cost_breakdown": "cost breakdown",
    "provider_referral": "provider referral",
    "iro_views": "views of the independent reviewing officer (IRO)",
    "direct_payments_audit": "direct payments audit",
    "alternatives_evidence": "evidence of the alternatives sought",
    "written_report": "brief written report",
}

COST_BASES: tuple[str, ...] = ("one_off", "weekly", "monthly", "annual")

# The flags a referral carries that routing and paper rules may test.
FLAGS: tuple[str, ...] = (
    "disabled",
    "in_care",
    "part_of_care_proceedings",
    "emergency",
    "unregistered",
    "regulation_24",
    "joint_funding",
    "renewal",
)

WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
