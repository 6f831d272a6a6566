"""A Text is a catalogue text that keeps its key and parameters: it reads as ``t()`` would say it
when made, and says itself again in another language, nested and joined texts included, after a
round trip through JSON, a copy or a pickle."""

from __future__ import annotations

import copy
import json
import pickle

from govcost.messages import CATALOGUE, Text, in_lang, joined, msg, set_language


def test_a_text_reads_as_t_and_says_itself_in_either_language() -> None:
    text = msg("rule.idle.action.address", name="eip-1")
    assert isinstance(text, str)
    assert text == CATALOGUE["rule.idle.action.address"][0].format(name="eip-1")
    assert text.in_lang("en") == CATALOGUE["rule.idle.action.address"][1].format(name="eip-1")
    assert in_lang(text, "ja") == text
    assert in_lang("plain", "en") == "plain" and in_lang(None, "en") == ""


def test_the_language_of_the_moment_it_was_made_stays_with_its_string() -> None:
    set_language("en")
    try:
        text = msg("optimize.informational")
    finally:
        set_language(None)
    assert text == "for information" and text.in_lang("ja") == "参考"


def test_nested_joined_and_added_texts_are_said_in_one_language() -> None:
    hours = msg("rule.operating_hours.schedule.every_day", start="08:00", end="20:00")
    parts = joined([msg("optimize.informational"), hours], msg("label.list_separator"))
    assert parts == "参考、毎日 08:00–20:00"
    assert parts.in_lang("en") == "for information, every day 08:00–20:00"
    added = msg("optimize.informational") + " / " + msg("optimize.none")
    assert isinstance(added, Text)
    assert added.in_lang("en") == "for information / no optimisation findings"
    before = "[" + msg("optimize.informational")
    assert isinstance(before, Text) and before.in_lang("en") == "[for information"
    assert type(f"{msg('optimize.informational')}!") is str


def test_a_text_survives_json_a_copy_and_a_pickle() -> None:
    text = joined(
        [msg("review.csp_support_fee.ng", item="サポート", amount=msg("review.money.jpy", amount="1,000"))]
    )
    stored = json.loads(json.dumps(text.to_json(), ensure_ascii=False))
    again = Text.from_json(stored, "en")
    assert again == CATALOGUE["review.csp_support_fee.ng"][1].format(item="サポート", amount="¥1,000")
    assert again.in_lang("ja") == text
    for other in (copy.deepcopy(text), pickle.loads(pickle.dumps(text))):
        assert isinstance(other, Text) and other == text and other.in_lang("en") == again
