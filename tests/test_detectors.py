"""Detector parameters that the core rules' own examples do not pin down on their own."""

from __future__ import annotations

import pytest

from pathway_audit.rules.detectors import phrases, sections, sentences


def annotate(auditor, today, text: str):
    return auditor.annotate(text.encode(), "plan.md", today)


IDENTITY_VIEW = {"find": ["identity_faith", "identity_language"], "with": ["voice_reported", "commitment"],
                 "unless": "identity_not", "require": 2}


def test_sentences_need_find_and_with_together_and_no_unless(auditor, today) -> None:
    ap = annotate(auditor, today, "## Who I am\n\nAmir goes to the mosque. He said he wants an Arabic class. "
                                  "Priya will find a Tigrinya interpreter. Priya will book his health passport.\n")
    params = sentences.SentenceParams.model_validate(IDENTITY_VIEW)
    assert [s.text for s in sentences.matching(params, ap)] == ["He said he wants an Arabic class.",
                                                                "Priya will find a Tigrinya interpreter."]
    assert sentences.run(params, ap) is None


def test_sentences_scale_with_what_is_missing_and_point_at_what_was_found(auditor, today) -> None:
    ap = annotate(auditor, today, "## Who I am\n\nAmir goes to the mosque. He said he prays every day.\n")
    result = sentences.run(sentences.SentenceParams.model_validate(IDENTITY_VIEW), ap)
    assert result is not None and result.factor == 0.5 and result.detail == "1 found; 2 expected"
    assert [e.text for e in result.evidence] == ["He said he prays every day."]
    unscaled = sentences.run(sentences.SentenceParams.model_validate({**IDENTITY_VIEW, "scaled": False}), ap)
    assert unscaled is not None and unscaled.factor == 1.0


def test_with_words_in_a_later_sentence_of_the_same_paragraph_do_not_count(auditor, today) -> None:
    ap = annotate(auditor, today, "## Family\n\nSam goes to church. He will start college by May.\n")
    params = sentences.SentenceParams.model_validate(
        {"find": "identity_faith", "with": ["commitment", "timescale"], "require": 1})
    assert sentences.matching(params, ap) == []


def test_block_window_lets_words_meet_across_sentences(auditor, today) -> None:
    ap = annotate(auditor, today, "## Who I am\n\nSam is gay. He said his youth group helps a lot.\n")
    params = {"find": "identity_sexuality", "with": "voice_reported", "require": 1}
    assert sentences.matching(sentences.SentenceParams.model_validate(params), ap) == []
    found = sentences.matching(sentences.SentenceParams.model_validate({**params, "window": "block"}), ap)
    assert [s.text for s in found] == ["Sam is gay. He said his youth group helps a lot."]


def test_require_kinds_counts_lists_not_words(auditor, today) -> None:
    params = phrases.PhraseParams.model_validate(
        {"find": ["identity_faith", "identity_language", "identity_documents"], "require_kinds": 2,
         "unless": "identity_not"})
    one_kind = annotate(auditor, today, "## Family\n\nAmir goes to the mosque. He prays at home during Ramadan.\n")
    result = phrases.run(params, one_kind, auditor.ruleset.vocabulary)
    assert result is not None and result.factor == 0.5 and result.detail == "1 kinds found; 2 expected"
    two_kinds = annotate(auditor, today, "## Family\n\nAmir goes to the mosque. He speaks Tigrinya with an interpreter.\n")
    assert phrases.run(params, two_kinds, auditor.ruleset.vocabulary) is None
    health_passport = annotate(auditor, today, "## Health\n\nAmir goes to the mosque. He has his health passport.\n")
    assert phrases.run(params, health_passport, auditor.ruleset.vocabulary) is not None


def test_also_find_skips_words_inside_an_also_unless_match(auditor, today) -> None:
    params = sections.SectionParams.model_validate(
        {"areas": ["identity"], "also_find": ["identity_documents", "identity_faith"], "also_unless": "identity_not",
         "also_require": 1})
    health_passport = annotate(auditor, today, "## Health\n\nI have my health passport.\n")
    assert sections.run(params, health_passport) is not None
    passport = annotate(auditor, today, "## Money\n\nI have my passport and bank card.\n")
    assert sections.run(params, passport) is None


def test_placeholders_are_not_content(auditor, today) -> None:
    params = sections.SectionParams.model_validate({"areas": ["contingency"]})
    for placeholder in ("N/A", "Not discussed.", "Not yet discussed", "To be completed at the next review.",
                        "none identified at this time.", "N/A. You are 21 and living on your own.",
                        "No current risks identified.", "No current risk indicators identified. Contingency: N/A."):
        assert sections.run(params, annotate(auditor, today, f"## Plan B\n\n{placeholder}\n")) is not None, placeholder
    assert sections.run(params, annotate(auditor, today, "## Plan B\n\nIf I lose my flat, I will ring Priya.\n")) is None


def test_a_hit_that_overlaps_an_exception_does_not_count(auditor, today) -> None:
    params = phrases.PhraseParams.model_validate(
        {"find": "conditional", "unless": "generic_if", "areas": ["contingency"], "require": 2, "scaled": False})
    generic = annotate(auditor, today, "## Plan B\n\nIf things go wrong, ring me. If I lose my flat, I will call Sam.\n")
    result = phrases.run(params, generic, auditor.ruleset.vocabulary)
    assert result is not None and result.detail == "1 found; 2 expected"
    specific = annotate(auditor, today, "## Plan B\n\nIf my rent is late, Sam will call. If I lose my flat, I will call Sam.\n")
    assert phrases.run(params, specific, auditor.ruleset.vocabulary) is None


def test_with_nothing_found_the_evidence_is_the_lines_that_need_more(auditor, today) -> None:
    ap = annotate(auditor, today, "## Family\n\nJordan goes to church on Sundays.\n\nHe likes football.\n")
    params = sentences.SentenceParams.model_validate(
        {"find": "identity_faith", "with": ["voice_reported", "commitment"], "window": "block", "require": 1})
    result = sentences.run(params, ap)
    assert result is not None and [e.text for e in result.evidence] == ["Jordan goes to church on Sundays."]


def test_a_line_elsewhere_softens_a_missing_section_and_is_the_evidence(auditor, today) -> None:
    params = sections.SectionParams.model_validate(
        {"areas": ["contingency"], "also_find": "if_then", "also_require": 1, "elsewhere_factor": 0.45})
    nothing = sections.run(params, annotate(auditor, today, "## Home\n\nSam lives in a flat.\n"))
    assert nothing is not None and nothing.factor == 1.0
    stray = annotate(auditor, today, "## Home\n\nSam lives in a flat. If the flat ends, Priya will find him a room.\n")
    result = sections.run(params, stray)
    assert result is not None and result.factor == 0.45
    assert [e.text for e in result.evidence] == ["If the flat ends, Priya will"]
    section = annotate(auditor, today, "## Plan B\n\nIf the flat ends, Priya will find him a room.\n")
    assert sections.run(params, section) is None


def test_word_lists_match_curly_apostrophes_and_any_case(auditor, today) -> None:
    """Word types "don’t" and "I’d" with curly apostrophes; the word lists are written with straight ones."""
    ap = annotate(auditor, today, "## My goals\n\nI Don’t want to move yet. I’d like to train as a chef.\n")
    assert [h.text for h in ap.hits("voice_positive")][:1] == ["I Don’t want"]
    assert "’d like to" in [h.text for h in ap.hits("goal_voice")]


@pytest.mark.parametrize(("text", "goals"), [
    ("I want to get a job. I’d like to train as a chef at Riverside College.",
     ["I’d like to train as a chef at Riverside College."]),
    ("Mia wants to go to university to study nursing. She wants to see her sister more.",
     ["Mia wants to go to university to study nursing."]),
    ("Professionals would like Sam to engage with the plan. He is not sure what he wants to do.", []),
])
def test_goal_model_keeps_only_clear_goals_of_the_young_persons_own(auditor, today, text: str, goals: list[str]) -> None:
    params = sentences.SentenceParams.model_validate(
        {"find": "goal_voice", "model": "goal_sentences", "threshold": 0.5, "require": 1})
    assert [s.text for s in sentences.matching(params, annotate(auditor, today, f"## My goals\n\n{text}\n"))] == goals


def test_sentence_params_accept_only_shipped_models() -> None:
    with pytest.raises(ValueError):
        sentences.SentenceParams.model_validate({"find": "goal_voice", "model": "area_classifier", "require": 1})
    with pytest.raises(ValueError):
        sentences.SentenceParams.model_validate({"find": "goal_voice", "model": "goal_sentences", "threshold": 1.5,
                                                 "require": 1})


def test_a_managers_comment_is_not_the_plans_own_content(auditor, today) -> None:
    """'The plan does not say whether Abdel has his health history' in the sign-off must not count as the plan
    covering the health history; the same words in the plan itself do."""
    def plan(health: str) -> str:
        return (f"## My health\n\nI see Dr Nazir at the surgery. {health}\n\n## Manager's comments\n\n"
                "Team manager, 12/10/2026: the plan does not say whether Abdel has his health history. "
                "Add a plan B: if Abdel loses his room, Gemma will help him find another.\n")
    find = phrases.PhraseParams.model_validate(
        {"find": "health_history", "require": 1, "exclude_areas": ["management_oversight"]})
    assert phrases.run(find, annotate(auditor, today, plan("")), auditor.ruleset.vocabulary) is not None
    given = annotate(auditor, today, plan("I was given my health history on 3 October 2026."))
    assert phrases.run(find, given, auditor.ruleset.vocabulary) is None
    plan_b = sections.SectionParams.model_validate({"areas": ["contingency"], "also_find": "if_then", "also_require": 1,
                                                    "exclude_areas": ["management_oversight"]})
    result = sections.run(plan_b, annotate(auditor, today, plan("")))
    assert result is not None and result.factor == 1.0


def test_a_manager_named_in_a_form_label_counts_only_with_a_value(auditor, today) -> None:
    """'Independent reviewing officer: Delroy Grant' names a manager; an empty label or 'Awaiting authorisation' does not."""
    params = phrases.PhraseParams.model_validate(
        {"find": "manager_terms", "areas": ["management_oversight"], "require": 1, "headings": True})
    signed = "## IRO comments\n\nIndependent reviewing officer: Delroy Grant\n\nDate: 12/11/2026\n"
    assert phrases.run(params, annotate(auditor, today, signed), auditor.ruleset.vocabulary) is None
    for unsigned in ("## Manager authorisation\n\nStatus: Awaiting authorisation\n",
                     "## Sign-off\n\nYoung person: Hafsa Begum, 22/07/2026\n\nTeam manager:\n"):
        assert phrases.run(params, annotate(auditor, today, unsigned), auditor.ruleset.vocabulary) is not None, unsigned
    without = phrases.PhraseParams.model_validate({**params.model_dump(), "headings": False})
    assert phrases.run(without, annotate(auditor, today, signed), auditor.ruleset.vocabulary) is not None
