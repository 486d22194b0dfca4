"""A referral's narrative questions: the Appendix 1 form's, then each pack's own."""

from __future__ import annotations

import copy
import dataclasses
import tomllib
from typing import Any

import pytest

from carepanel.policy import (
    APPENDIX_1,
    PackError,
    Question,
    get_pack,
    policies_dir,
    questions_for,
)
from carepanel.policy.schema import parse_pack

BEXLEY = tomllib.loads((policies_dir() / "bexley.toml").read_text(encoding="utf-8"))

EXIT_STRATEGY = {
    "id": "exit_strategy",
    "label": "What is the exit strategy?",
    "quote": "What exit strategies will be put in place to ensure such resources are used "
    "at a minimum necessary level only?",
}


def bexley_with(*questions: dict[str, Any]) -> dict[str, Any]:
    """Bexley's pack with its [[questions]] replaced by these."""
    data = copy.deepcopy(BEXLEY)
    data["questions"] = [dict(q) for q in questions]
    return data


def refused(data: dict[str, Any]) -> str:
    with pytest.raises(PackError) as caught:
        parse_pack("policies/bexley.toml", data)
    return str(caught.value)


def test_appendix_1_asks_the_forms_questions_in_its_order() -> None:
    assert [q.id for q in APPENDIX_1] == [
        "requested",
        "work_undertaken",
        "current_situation",
        "going_well",
        "worries",
        "needs_to_change",
        "other_information",
        "expected_outcome",
        "duration_and_then",
    ]
    assert [q.id for q in APPENDIX_1 if not q.required] == ["going_well", "other_information"]
    assert APPENDIX_1[0].label == "What is being requested of the panel?"
    assert APPENDIX_1[0].hint == (
        "For example, agreement to section 20 accommodation, or to start proceedings"
    )
    assert APPENDIX_1[-1].quote == (
        "How long will this resource be needed for and what will happen then?"
    )
    assert all(q.label and q.quote and q.max_chars > 0 for q in APPENDIX_1)


def test_a_question_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        APPENDIX_1[0].required = False  # type: ignore[misc]


def test_bexleys_questions_follow_appendix_1_and_quote_its_document() -> None:
    questions = questions_for(get_pack("bexley"))
    assert questions[: len(APPENDIX_1)] == APPENDIX_1
    assert questions[len(APPENDIX_1) :] == (
        Question(
            id="exit_strategy",
            label="What is the exit strategy?",
            hint="How the resource will be kept to the minimum necessary, and how it will end",
            required=True,
            max_chars=3000,
            quote="What exit strategies will be put in place to ensure such resources are "
            "used at a minimum necessary level only?",
        ),
        Question(
            id="cost_sharing",
            label="How have the costs been shared with other responsible agencies?",
            hint="Say which agencies pay a share, or why none do",
            required=True,
            max_chars=1500,
            quote="How appropriate costs have been shared with other responsible agencies.",
        ),
    )


@pytest.mark.parametrize(
    "authority", ["bcp", "central-bedfordshire", "north-somerset", "portsmouth"]
)
def test_a_pack_without_questions_asks_exactly_appendix_1(authority: str) -> None:
    pack = get_pack(authority)
    assert pack.questions == ()
    assert questions_for(pack) == APPENDIX_1


def test_a_pack_with_no_questions_table_is_valid() -> None:
    data = copy.deepcopy(BEXLEY)
    del data["questions"]
    assert questions_for(parse_pack("policies/bexley.toml", data)) == APPENDIX_1


def test_the_optional_keys_take_their_defaults() -> None:
    pack = parse_pack("policies/bexley.toml", bexley_with(EXIT_STRATEGY))
    (question,) = pack.questions
    assert (question.hint, question.required, question.max_chars) == ("", False, 3000)


def test_an_unknown_key_is_refused() -> None:
    assert refused(bexley_with(EXIT_STRATEGY | {"mandatory": True})) == (
        "policies/bexley.toml: questions[0].mandatory: is not a key this schema knows"
    )


def test_a_duplicate_id_is_refused() -> None:
    assert refused(bexley_with(EXIT_STRATEGY, EXIT_STRATEGY)) == (
        "policies/bexley.toml: questions[1].id: 'exit_strategy' is already the id of questions[0]"
    )


def test_an_id_of_an_appendix_1_question_is_refused() -> None:
    assert refused(bexley_with(EXIT_STRATEGY | {"id": "worries"})) == (
        "policies/bexley.toml: questions[0].id: "
        "'worries' is already a question of the Appendix 1 form"
    )


def test_a_question_without_a_quote_is_refused() -> None:
    question = {k: v for k, v in EXIT_STRATEGY.items() if k != "quote"}
    assert refused(bexley_with(question)) == (
        "policies/bexley.toml: questions[0].quote: is required"
    )


@pytest.mark.parametrize("bad", ["Exit_Strategy", "exit-strategy", "exit__strategy", "_exit"])
def test_an_id_that_is_not_lowercase_snake_case_is_refused(bad: str) -> None:
    assert refused(bexley_with(EXIT_STRATEGY | {"id": bad})) == (
        "policies/bexley.toml: questions[0].id: "
        f"must be lowercase snake_case, e.g. 'exit_strategy', not {bad!r}"
    )


def test_max_chars_must_be_at_least_one() -> None:
    assert refused(bexley_with(EXIT_STRATEGY | {"max_chars": 0})) == (
        "policies/bexley.toml: questions[0].max_chars: must be at least 1, not 0"
    )


def test_questions_must_be_an_array_of_tables() -> None:
    data = copy.deepcopy(BEXLEY)
    data["questions"] = {"id": "exit_strategy"}
    assert refused(data) == (
        "policies/bexley.toml: questions: must be an array of tables ([[...]])"
    )
