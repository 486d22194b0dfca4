"""The decision forms: the panel's decision at the hearing (and the delegated approver's,
which is the same form without the hearing's outcomes), and the emergency decision.

A form only reads what was typed into the services' input dataclasses; every rule about
what a decision must hold is the service's, and its refusals come back onto these fields
(`service_fields()` says which field each of the service's error keys belongs to).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django import forms

from carepanel.accounts.models import User
from carepanel.children.models import Child
from carepanel.core.forms import DateField, TextField, govuk
from carepanel.core.templatetags.govuk_dates import govuk_date
from carepanel.decisions.models import APPROVING, Decision, Outcome
from carepanel.decisions.services import (
    MAX_CONDITIONS,
    ActionInput,
    ApprovalInput,
    ChildOutcomeInput,
    DecisionInput,
)
from carepanel.policy import ReviewPlan
from carepanel.policy.kinds import COST_BASES

COST_BASIS_LABELS = {
    "one_off": "One-off",
    "weekly": "Weekly",
    "monthly": "Monthly",
    "annual": "Annual",
}
# What each outcome means for the item, said under its radio button.
OUTCOME_HINTS = {
    Outcome.DEFERRED: "The item goes on the next meeting's agenda by itself.",
    Outcome.NOT_HEARD: "The item comes off this agenda and goes on the next meeting's.",
    Outcome.RATIFIED: "The emergency decision stands; give a new approval below only if the "
    "panel changed it.",
    Outcome.NOT_RATIFIED: "The emergency approval ends.",
}
# A child's outcome may differ from the decision's only among these (services.PER_CHILD).
CHILD_OUTCOMES = (Outcome.APPROVED, Outcome.APPROVED_WITH_CONDITIONS, Outcome.DECLINED)
SAME_AS_DECISION = ""
# Blank action rows offered below those already set; MOJ add-another adds more with
# JavaScript, and the "Add another action" button does without it.
BLANK_ACTION_ROWS = 3
MAX_ACTION_ROWS = 20


def review_hint(plan: ReviewPlan | None, start: dt.date) -> str:
    """What the review date's box says of the date filled in from the council's rules."""
    blank = (
        "If you leave it blank, it is worked out from the start and end dates by the "
        "council's rules."
    )
    if plan is None:
        return blank
    return (
        f"Filled in from the council's rules for an approval starting on "
        f"{govuk_date(start)}: {' '.join(plan.reasons)} The panel may set another date. " + blank
    )


def outcome_choices(allowed: Iterable[str]) -> list[tuple[str, str]]:
    """The allowed outcomes in the order the model lists them, with their labels."""
    allowed = set(allowed)
    return [(value, label) for value, label in Outcome.choices if value in allowed]


class MoneyField(TextField):
    """An amount of pounds, as people type it: "1500", "1,500.50" or "£1,500"."""

    def __init__(self, *, noun: str, **kwargs: Any) -> None:
        self.noun = noun
        super().__init__(noun=noun, required=False, **kwargs)

    def clean(self, value: Any) -> Decimal | None:
        text = str(value or "").strip().replace(",", "").removeprefix("£").strip()
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(
                f"{self.noun} must be an amount of money, like 1500 or 1500.50"
            ) from None
        if not amount.is_finite() or int(amount.as_tuple().exponent) < -2:
            raise forms.ValidationError(f"{self.noun} must be in pounds and pence, like 1500.50")
        if abs(amount) >= 10**9:
            raise forms.ValidationError(f"{self.noun} must be less than £1,000,000,000")
        return amount


def _text(label: str, **kwargs: Any) -> forms.CharField:
    return TextField(label=label, required=False, **kwargs)


class ApprovalForm(forms.Form):
    """What an approval authorises: resource, provider, cost, start and end (and, for a
    panel's approval, the date a new referral is due)."""

    resource = govuk(
        _text(
            "What is approved",
            help_text="For example, “Outreach, two sessions a week”.",
            max_length=300,
            error_messages={"max_length": "Say what is approved (300 characters or fewer)."},
        ),
        size="s",
    )
    provider = govuk(
        _text(
            "Provider (optional)",
            max_length=200,
            error_messages={"max_length": "The provider must be 200 characters or fewer."},
        ),
        width=20,
    )
    cost_amount = govuk(
        MoneyField(label="Cost", noun="The cost"), prefix="£", width=10, inputmode="decimal"
    )
    cost_basis = govuk(
        forms.ChoiceField(
            label="How often is the cost paid?",
            required=False,
            widget=forms.RadioSelect,
            choices=[(basis, COST_BASIS_LABELS[basis]) for basis in COST_BASES],
        ),
        small=True,
        inline=True,
    )
    cost_weeks = govuk(
        forms.IntegerField(
            label="For how many weeks (optional)",
            required=False,
            error_messages={"invalid": "The duration must be a whole number of weeks, like 26"},
        ),
        width=3,
        inputmode="numeric",
    )
    starts_on = DateField(label="Start date", required=False, help_text="For example, 7 12 2026")
    ends_on = DateField(
        label="End date (optional)",
        required=False,
        help_text="Leave it blank if the approval has no end date.",
    )
    review_due_on = DateField(label="Date a new referral is due", required=False)

    # The service's error keys for the approval, and the field each belongs to.
    APPROVAL_FIELDS: ClassVar[dict[str, str]] = {
        "approval": "resource",
        "approval.resource": "resource",
        "approval.provider": "provider",
        "approval.cost_amount_gbp": "cost_amount",
        "approval.cost_basis": "cost_basis",
        "approval.cost_weeks": "cost_weeks",
        "approval.starts_on": "starts_on",
        "approval.ends_on": "ends_on",
        "approval.review_due_on": "review_due_on",
    }

    def approval_given(self) -> bool:
        """Whether anything of an approval was typed (the cost may come filled in)."""
        data = self.cleaned_data
        return any(
            data.get(name) not in (None, "")
            for name in ("resource", "provider", "starts_on", "ends_on", "cost_weeks")
        )

    def check_approval(self) -> None:
        """What an `ApprovalInput` cannot be made without. The service checks the rest (the
        resource among it), so that its refusals come all at once."""
        data = self.cleaned_data
        if data.get("cost_amount") is None and "cost_amount" not in self.errors:
            self.add_error("cost_amount", "Enter the cost of what is approved")
        if data.get("starts_on") is None and "starts_on" not in self.errors:
            self.add_error("starts_on", "Enter the start date")

    def approval_input(self) -> ApprovalInput:
        data = self.cleaned_data
        return ApprovalInput(
            resource=data["resource"],
            provider=data["provider"],
            cost_amount_gbp=data["cost_amount"],
            cost_basis=data["cost_basis"] or "",
            cost_weeks=data["cost_weeks"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            review_due_on=data.get("review_due_on"),
        )


@dataclass(frozen=True)
class ChildRow:
    child: Child
    outcome: forms.BoundField
    note: forms.BoundField


@dataclass(frozen=True)
class ActionRow:
    index: int
    description: forms.BoundField
    owner: forms.BoundField
    due_on: forms.BoundField

    @property
    def errors(self) -> list[str]:
        return [str(e) for f in (self.description, self.owner, self.due_on) for e in f.errors]

    @property
    def due_parts(self) -> list[str]:
        """Day, month and year as typed (or as recorded before), for the three boxes."""
        value = self.due_on.value()
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, list | tuple):
            return [str(part or "") for part in (*value, "", "", "")[:3]]
        return ["", "", ""]


class DecisionForm(ApprovalForm):
    """The panel's decision on an item, or the delegated approver's on a referral.

    Children and action rows are fields of their own (`child_0_outcome`,
    `action_0_description`…), so that one error summary lists every problem.
    """

    discussion = govuk(
        _text(
            "Discussion",
            widget=forms.Textarea,
            max_length=20000,
            help_text="What the panel considered and why it decided as it did.",
            error_messages={"max_length": "The discussion must be 20,000 characters or fewer."},
        ),
        size="m",
        rows=8,
    )
    outcome = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision", "invalid_choice": "Choose the decision"},
    )
    conditions = govuk(
        _text(
            "Conditions",
            widget=forms.Textarea,
            help_text="Put each condition on a line of its own.",
        ),
        rows=4,
    )
    referred_to = govuk(
        _text(
            "Which panel is it referred to?",
            max_length=200,
            error_messages={"max_length": "The panel's name must be 200 characters or fewer."},
        ),
        width=20,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        outcomes: Iterable[str],
        children: Sequence[Child],
        people: Sequence[User],
        action_rows: int,
        approval_optional: bool = False,
        per_child: bool = True,
        review_hint: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if review_hint:
            self.fields["review_due_on"].help_text = review_hint
        self.fields["outcome"].choices = outcome_choices(outcomes)  # type: ignore[attr-defined]
        self.approval_optional = approval_optional
        self.children = list(children)
        # Siblings may be decided apart; one child's outcome is the decision's.
        if per_child and len(self.children) > 1:
            for index, child in enumerate(self.children):
                self.fields[f"child_{index}_outcome"] = govuk(
                    forms.ChoiceField(
                        label=child.full_name,
                        required=False,
                        widget=forms.RadioSelect,
                        choices=[
                            (SAME_AS_DECISION, "The same as the decision"),
                            *outcome_choices(CHILD_OUTCOMES),
                        ],
                        initial=SAME_AS_DECISION,
                    ),
                    small=True,
                )
                self.fields[f"child_{index}_note"] = govuk(
                    _text(f"Note for {child.full_name} (optional)", widget=forms.Textarea),
                    rows=2,
                )
        owners = [("", "Choose who owns it")] + [
            (str(person.pk), person.get_full_name() or person.username) for person in people
        ]
        self.action_count = max(1, min(action_rows, MAX_ACTION_ROWS))
        for index in range(self.action_count):
            self.fields[f"action_{index}_description"] = _text("Action", widget=forms.Textarea)
            self.fields[f"action_{index}_owner"] = forms.ChoiceField(
                label="Owner",
                required=False,
                choices=owners,
                error_messages={"invalid_choice": "Choose who owns the action"},
            )
            self.fields[f"action_{index}_due_on"] = DateField(label="Due date", required=False)
        self._action_rows_used: list[int] = []

    # ------------------------------------------------------------------ for the template

    def child_rows(self) -> list[ChildRow]:
        return [
            ChildRow(child, self[f"child_{i}_outcome"], self[f"child_{i}_note"])
            for i, child in enumerate(self.children)
            if f"child_{i}_outcome" in self.fields
        ]

    def action_rows(self) -> list[ActionRow]:
        return [
            ActionRow(
                index,
                self[f"action_{index}_description"],
                self[f"action_{index}_owner"],
                self[f"action_{index}_due_on"],
            )
            for index in range(self.action_count)
        ]

    def outcome_options(self) -> list[dict[str, Any]]:
        """The outcome radios, for the template that writes them with conditional reveals."""
        chosen = self["outcome"].value()
        return [
            {
                "value": value,
                "label": label,
                # As Django numbers them, so that the error summary's link finds the first.
                "id": f"id_outcome_{index}",
                "checked": chosen == value,
                "hint": OUTCOME_HINTS.get(Outcome(value), ""),
            }
            for index, (value, label) in enumerate(self.fields["outcome"].choices)  # type: ignore[attr-defined]
        ]

    # ------------------------------------------------------------------ reading it

    def wants_approval(self) -> bool:
        """Whether the decision carries an approval: an approving outcome with anything of
        one typed (the referral's cost counts where the approval is not optional). With
        none at all, the service says what an approval needs."""
        data = self.cleaned_data
        if data.get("outcome") not in APPROVING:
            return False
        if self.approval_optional:
            return self.approval_given()
        return self.approval_given() or data.get("cost_amount") is not None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.wants_approval():
            self.check_approval()
        self._action_rows_used = []
        for index in range(self.action_count):
            description = (data.get(f"action_{index}_description") or "").strip()
            owner = data.get(f"action_{index}_owner") or ""
            due = data.get(f"action_{index}_due_on")
            due_field = f"action_{index}_due_on"
            if not (description or owner or due or due_field in self.errors):
                continue  # a blank row: nothing was asked of anyone
            self._action_rows_used.append(index)
            if not description:
                self.add_error(f"action_{index}_description", "Describe the action")
            if not owner:
                self.add_error(f"action_{index}_owner", "Choose who owns the action")
            if due is None and due_field not in self.errors:
                self.add_error(due_field, "Enter the date the action is due")
        return data

    def decision_input(self) -> DecisionInput:
        data = self.cleaned_data
        outcome = data["outcome"]
        approval = self.approval_input() if self.wants_approval() else None
        conditions: list[str] = []
        if outcome == Outcome.APPROVED_WITH_CONDITIONS:
            conditions = [line.strip() for line in data["conditions"].splitlines() if line.strip()]
        return DecisionInput(
            outcome=outcome,
            discussion=data["discussion"],
            children=[
                ChildOutcomeInput(
                    child_id=child.pk,
                    outcome=data.get(f"child_{i}_outcome") or None,
                    note=data.get(f"child_{i}_note") or "",
                )
                for i, child in enumerate(self.children)
                if f"child_{i}_outcome" in self.fields
            ],
            conditions=conditions,
            actions=[
                ActionInput(
                    description=data[f"action_{i}_description"],
                    owner_id=int(data[f"action_{i}_owner"]),
                    due_on=data[f"action_{i}_due_on"],
                )
                for i in self._action_rows_used
            ],
            approval=approval,
            referred_to=data["referred_to"] if outcome == Outcome.REFERRED else "",
        )

    def service_fields(self) -> dict[str, str]:
        """The service's error keys (`actions[1].owner`) and the fields they belong to."""
        fields = {
            **self.APPROVAL_FIELDS,
            "outcome": "outcome",
            "discussion": "discussion",
            "conditions": "conditions",
            "referred_to": "referred_to",
            "children": "child_0_outcome",
            "actions": "action_0_description",
        }
        for i in range(len(self.children)):
            fields[f"children[{i}].outcome"] = f"child_{i}_outcome"
            fields[f"children[{i}].note"] = f"child_{i}_note"
            fields[f"children[{i}].child_id"] = f"child_{i}_outcome"
        for position, row in enumerate(self._action_rows_used):
            fields[f"actions[{position}].description"] = f"action_{row}_description"
            fields[f"actions[{position}].owner"] = f"action_{row}_owner"
            fields[f"actions[{position}].due_on"] = f"action_{row}_due_on"
        for i in range(MAX_CONDITIONS + 1):
            fields[f"conditions[{i}]"] = "conditions"
        return fields


def decision_initial(decision: Decision, children: Sequence[Child]) -> dict[str, Any]:
    """What a decision recorded before fills the form with, to record it again.

    `decision` comes with its approval, child outcomes, conditions and actions loaded
    (`queries.hearing_item`); `children` are the referral's, in the form's order."""
    initial: dict[str, Any] = {
        "outcome": decision.outcome,
        "discussion": decision.discussion,
        "conditions": "\n".join(c.text for c in decision.conditions.all()),
        "referred_to": decision.referred_to,
        "version": decision.version,
    }
    approval = getattr(decision, "approval", None)
    if approval is not None:
        initial.update(
            resource=approval.resource,
            provider=approval.provider,
            cost_amount=approval.cost_amount_gbp,
            cost_basis=approval.cost_basis,
            cost_weeks=approval.cost_weeks,
            starts_on=approval.starts_on,
            ends_on=approval.ends_on,
            review_due_on=approval.review_due_on,
        )
    by_child = {o.child_id: o for o in decision.child_outcomes.all()}
    for i, child in enumerate(children):
        outcome = by_child.get(child.pk)
        if outcome is not None:
            differs = outcome.outcome != decision.outcome
            initial[f"child_{i}_outcome"] = outcome.outcome if differs else SAME_AS_DECISION
            initial[f"child_{i}_note"] = outcome.note
    for i, action in enumerate(decision.actions.all()):
        initial[f"action_{i}_description"] = action.description
        initial[f"action_{i}_owner"] = str(action.owner_id)
        initial[f"action_{i}_due_on"] = action.due_on
    return initial


def referral_initial(cost: Any, review_due_on: dt.date | None) -> dict[str, Any]:
    """A first decision starts from the referral's cost and the review date the rules give."""
    initial: dict[str, Any] = {"review_due_on": review_due_on}
    if cost is not None:
        initial.update(cost_amount=cost.amount_gbp, cost_basis=cost.basis, cost_weeks=cost.weeks)
    return initial


class EmergencyForm(ApprovalForm):
    """An approval between panels: why it could not wait, and what is approved."""

    reason = govuk(
        _text(
            "Why could this not wait for the panel?",
            widget=forms.Textarea,
            max_length=5000,
            error_messages={"max_length": "The reason must be 5,000 characters or fewer."},
        ),
        size="m",
        rows=5,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # It stands until the next meeting, which sets the date itself.
        del self.fields["review_due_on"]
        self.order_fields(["reason"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_approval()
        return data

    def service_fields(self) -> dict[str, str]:
        return {**self.APPROVAL_FIELDS, "reason": "reason", "children": "reason"}
