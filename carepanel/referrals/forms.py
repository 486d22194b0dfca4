"""What each referral page asks, read into the types the services take.

A form checks only the shape of what was typed (an amount is a number, a date a real
date, a choice one of the list); what is required and what is allowed is the services'
to say, and their messages reach the error summary through `add_service_errors`.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from carepanel.accounts.models import Team
from carepanel.children.codes import ETHNICITY_CHOICES, LEGAL_STATUS_CHOICES, SEX_CHOICES
from carepanel.children.models import Child
from carepanel.core.forms import DateField, TextField, govuk
from carepanel.core.templatetags.govuk_dates import govuk_date
from carepanel.policy import KIND_LABELS, KINDS, PAPER_LABELS, PAPER_TYPES, Question
from carepanel.referrals.models import Referral

KIND_CHOICES = [("", "Choose what it is for"), *((k, KIND_LABELS[k].capitalize()) for k in KINDS)]
COST_BASIS_CHOICES = [
    ("one_off", "One-off"),
    ("weekly", "Weekly"),
    ("monthly", "Monthly"),
    ("annual", "Annual"),
]
FLAG_CHOICES = [
    ("part_of_care_proceedings", "It is part of care proceedings"),
    ("emergency", "It is an emergency that cannot wait for the next panel"),
    ("unregistered", "The provider is not registered with Ofsted"),
    (
        "regulation_24",
        "The child is placed with a family member or friend approved temporarily (regulation 24)",
    ),
    ("joint_funding", "It is funded jointly with health or education"),
    ("renewal", "It renews an approval given before"),
]
FLAG_LABELS = dict(FLAG_CHOICES)
PAPER_CHOICES = [
    ("", "Choose the type of paper"),
    *((p, PAPER_LABELS[p].capitalize()) for p in PAPER_TYPES),
]
STATUS_CHOICES = [("", "All states"), *Referral.Status.choices]
GENDER_CHOICES = [(code, f"{label} ({code})") for code, label in SEX_CHOICES]

# The service's error keys for a child at `children[i]`, by the form's field names.
CHILD_ERRORS = {
    "id": "child",
    "first_name": "first_name",
    "last_name": "last_name",
    "case_id": "case_id",
    "date_of_birth": "date_of_birth",
    "gender": "gender",
    "ethnicity": "ethnicity",
    "legal_status": "legal_status",
    "plan": "plan",
}
REQUEST_ERRORS = {
    "kind": "kind",
    "cost.amount_gbp": "cost_amount",
    "cost.basis": "cost_basis",
    "cost.weeks": "cost_weeks",
    **{f"flags.{name}": "flags" for name, _ in FLAG_CHOICES},
}


def child_errors(index: int) -> dict[str, str]:
    return {f"children[{index}].{key}": name for key, name in CHILD_ERRORS.items()}


def family_errors(index: int) -> dict[str, str]:
    keys = ("name", "relationship", "gender", "ethnicity")
    return {f"family[{index}].{key}": key for key in keys}


class VersionedForm(forms.Form):
    """A form that changes a versioned referral: it carries the version it was read at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "version" in self.errors:
            # A hidden field's error has no place on the page: say it at the top.
            del self.errors["version"]
            self.add_error(None, "The page was sent without the version it showed. Reload it.")
        return cleaned


class ChildForm(forms.Form):
    """One child: one of the team's children already on record, or a new one."""

    source = forms.ChoiceField(
        label="Is the child already on record?",
        choices=[("existing", "Yes, choose them from your team's children"), ("new", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the child is already on record"},
    )
    child = forms.ChoiceField(
        label="Child",
        required=False,
        error_messages={"invalid_choice": "Choose a child from the list"},
    )
    first_name = TextField(label="First name", required=False)
    last_name = TextField(label="Last name", required=False)
    case_id = TextField(
        label="ID in the case-management system",
        help_text="The child's Mosaic, LCS or EHM number",
        required=False,
    )
    date_of_birth = DateField(
        label="Date of birth", help_text="For example, 27 3 2015", required=False
    )
    gender = forms.ChoiceField(
        label="Gender", choices=GENDER_CHOICES, widget=forms.RadioSelect, required=False
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity (optional)",
        choices=[("", "Not given"), *ETHNICITY_CHOICES],
        required=False,
    )
    legal_status = forms.ChoiceField(
        label="Legal status (optional)",
        help_text="Only for a child in care",
        choices=[("", "Not in care"), *LEGAL_STATUS_CHOICES],
        required=False,
    )
    plan = forms.ChoiceField(label="Plan (optional)", choices=Child.Plan.choices, required=False)
    disabled = forms.BooleanField(label="The child is disabled", required=False)

    NEW_CHILD_FIELDS = (
        "first_name",
        "last_name",
        "case_id",
        "date_of_birth",
        "gender",
        "ethnicity",
        "legal_status",
        "plan",
        "disabled",
    )

    def __init__(self, *args: Any, children: list[Child], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_choices = bool(children)
        self.fields["child"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a child"),
            *(
                (
                    str(c.pk),
                    f"{c.full_name}, born {govuk_date(c.date_of_birth)} ({c.case_id})",
                )
                for c in children
            ),
        ]
        if not self.has_choices:
            # Nobody to choose from: the form asks only for a new child.
            self.fields["source"].required = False
        govuk(self.fields["source"], size="m")
        govuk(self.fields["first_name"], width=20, autocomplete="off")
        govuk(self.fields["last_name"], width=20, autocomplete="off")
        govuk(self.fields["case_id"], width=10)
        govuk(self.fields["gender"], inline=True, small=True)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.has_choices:
            cleaned["source"] = "new"
        if cleaned.get("source") == "existing" and not cleaned.get("child"):
            self.add_error("child", "Choose the child")
        return cleaned

    def child_input(self) -> dict[str, Any]:
        """The child as the services take it: `{"id": …}` or a new child's fields."""
        data = self.cleaned_data
        if data.get("source") == "existing":
            return {"id": int(data["child"])}
        return {name: data.get(name) for name in self.NEW_CHILD_FIELDS}


class StartForm(ChildForm):
    kind = forms.ChoiceField(
        label="What is the referral for?",
        choices=KIND_CHOICES,
        error_messages={"required": "Choose what the referral is for"},
    )
    team = forms.ChoiceField(
        label="Which of your teams is it from?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which of your teams it is from"},
    )

    field_order = ["kind", "team"]  # noqa: RUF012 -- Django's own attribute

    def __init__(self, *args: Any, teams: list[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(teams) > 1:
            self.fields["team"].choices = [(str(t.pk), t.name) for t in teams]  # type: ignore[attr-defined]
            govuk(self.fields["team"], size="m")
        else:
            del self.fields["team"]
        govuk(self.fields["kind"], size="m")

    @property
    def team_id(self) -> int | None:
        team = self.cleaned_data.get("team")
        return int(team) if team else None


class RequestForm(VersionedForm):
    kind = forms.ChoiceField(
        label="What is the referral for?",
        choices=KIND_CHOICES,
        error_messages={"required": "Choose what the referral is for"},
    )
    cost_amount = TextField(
        noun="The cost",
        label="How much does it cost?",
        help_text="In pounds, for example 1500 or 62.50. Leave it empty if it costs nothing.",
        required=False,
    )
    cost_basis = forms.ChoiceField(
        label="How often is it paid?",
        choices=COST_BASIS_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    cost_weeks = forms.IntegerField(
        label="For how many weeks? (optional)",
        help_text="For a cost that recurs. Leave it empty for a year (52 weeks).",
        required=False,
        error_messages={"invalid": "Enter the number of weeks as a whole number, like 12"},
    )
    flags = forms.MultipleChoiceField(
        label="Which of these apply?",
        help_text="Select all that apply",
        choices=FLAG_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk(self.fields["kind"], size="m")
        govuk(self.fields["cost_amount"], prefix="£", width=10, inputmode="decimal", size="m")
        govuk(self.fields["cost_basis"], size="m")
        govuk(self.fields["cost_weeks"], width=3, inputmode="numeric", size="m")
        govuk(self.fields["flags"], size="m", small=True)

    def clean_cost_amount(self) -> Decimal | None:
        text = str(self.cleaned_data.get("cost_amount") or "").strip()
        text = text.removeprefix("£").replace(",", "").strip()
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            amount = Decimal("NaN")
        if not amount.is_finite():
            raise forms.ValidationError("Enter the cost as an amount in pounds, like 1500 or 62.50")
        return amount


class PreviousForm(VersionedForm):
    previously_presented_on = DateField(
        label="Date it was presented to the panel before",
        help_text="Leave it empty if it has not been to the panel before. For example, 4 11 2026",
        required=False,
    )
    previous_outcome = TextField(
        noun="What the panel decided then",
        label="What did the panel decide then?",
        widget=forms.Textarea,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk(self.fields["previously_presented_on"], size="m")
        govuk(self.fields["previous_outcome"], size="m", rows=4)


class AnswerField(TextField):
    """A narrative answer. Its limit drives the GOV.UK character count; the service
    checks it, with the pack's own words."""

    def __init__(self, question: Question) -> None:
        label = question.label if question.required else f"{question.label} (optional)"
        super().__init__(
            label=label, help_text=question.hint, required=False, widget=forms.Textarea
        )
        # Set after __init__: shown by the character count, not checked twice.
        self.max_length = question.max_chars

    def to_python(self, value: Any) -> str:
        # A browser sends a new line as two characters; the count shows one.
        return str(super().to_python(value)).replace("\r\n", "\n")


class QuestionsForm(VersionedForm):
    def __init__(self, *args: Any, questions: tuple[Question, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            field = AnswerField(question)
            rows = 8 if question.max_chars > 1500 else 5
            self.fields[question.id] = govuk(field, size="m", rows=rows)

    def answers(self) -> dict[str, str]:
        return {q.id: self.cleaned_data.get(q.id) or "" for q in self.questions}

    def errors_map(self) -> dict[str, str]:
        return {f"answers.{q.id}": q.id for q in self.questions}


class AddChildForm(VersionedForm, ChildForm):
    pass


class FamilyMemberForm(VersionedForm):
    name = TextField(label="Full name", required=False)
    relationship = TextField(
        noun="How they are related to the child",
        label="How are they related to the child?",
        help_text="For example, mother",
        required=False,
    )
    date_of_birth = DateField(
        label="Date of birth", help_text="Optional. For example, 27 3 1990", required=False
    )
    gender = forms.ChoiceField(
        label="Gender (optional)", choices=[("", "Not given"), *GENDER_CHOICES], required=False
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity (optional)",
        choices=[("", "Not given"), *ETHNICITY_CHOICES],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk(self.fields["name"], width=20, autocomplete="off")
        govuk(self.fields["relationship"], width=20)

    def member(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data.get("name") or "",
            "relationship": data.get("relationship") or "",
            "date_of_birth": data.get("date_of_birth"),
            "gender": data.get("gender") or "",
            "ethnicity": data.get("ethnicity") or "",
        }


class RemoveForm(VersionedForm):
    """Take a child or a family member off the referral: the button says which."""

    remove_child = forms.IntegerField(required=False, widget=forms.HiddenInput)
    remove_member = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ConfirmForm(VersionedForm):
    """Only the version read: the page asks the person to confirm."""


class SignOffForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[("agreed", "Agree"), ("returned", "Return it")], widget=forms.RadioSelect
    )
    reason = TextField(
        noun="The reason", label="Why are you returning it?", widget=forms.Textarea, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, action: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].error_messages["required"] = (
            f"Choose whether to {action} the referral or return it"
        )


class ReasonForm(forms.Form):
    reason = TextField(
        noun="The reason",
        label="Why is the referral withdrawn?",
        widget=forms.Textarea,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk(self.fields["reason"], size="m", rows=4)


class RecordForm(forms.Form):
    reference = TextField(
        noun="The reference",
        label="Where is the decision recorded on the child's file?",
        help_text="The reference of the case note or document, for example CN-20461",
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk(self.fields["reference"], size="m", width=20)


class PaperForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="A PDF, a Word document (DOCX), PNG or JPEG, smaller than 20MB",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )
    paper_type = forms.ChoiceField(
        label="What is it?",
        choices=PAPER_CHOICES,
        error_messages={"required": "Choose the type of paper"},
    )
    dated = DateField(
        label="Date of the paper",
        help_text="Optional. The date it was written or completed, for example 16 11 2026",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk(self.fields["file"], size="m", accept=".pdf,.docx,.png,.jpg,.jpeg")
        govuk(self.fields["paper_type"], size="m")
        govuk(self.fields["dated"], size="m")


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(label="State", choices=STATUS_CHOICES, required=False)
