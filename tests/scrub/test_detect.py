"""What `safe-archive detect` prints for each input line."""

from __future__ import annotations

import json

import pytest

from safe_archive.core.errors import RecordError
from safe_archive.core.scrub.detect import detect, detect_lines, parse_detect_input
from safe_archive.core.scrub.scrubber import Scrubber


def test_json_line_with_author_and_mentions(scrubber: Scrubber) -> None:
    line = json.dumps({
        "text": "kestrelwing said Quinn was right, email q.oak@gmail.com",
        "author": {"handle": "kestrelwing", "name": "Kes"},
        "mentions": [{"handle": "quinn_o", "name": "Quinn Oakhart"}],
    })
    out = detect(line, scrubber)
    assert set(out) == {"findings", "redacted"}
    assert out["redacted"] == "[USERNAME_1] said [PERSON_1] was right, email [EMAIL_ADDRESS]"
    first = out["findings"][0]
    assert first == {"start": 0, "end": 11, "entity_type": "USERNAME", "score": 0.95,
                     "source": "known:author"}
    json.dumps(out)  # serialisable as is


def test_plain_text_line(scrubber: Scrubber) -> None:
    out = detect("call me on +44 20 7946 0958\n", scrubber)
    assert out["redacted"] == "call me on [PHONE_NUMBER]"
    assert [f["entity_type"] for f in out["findings"]] == ["PHONE_NUMBER"]


def test_lines_in_order_with_consistent_labels(scrubber: Scrubber) -> None:
    lines = ["my bf jake hurt me", "nothing here", '{"text": "JAKE again"}', "amy and jake"]
    outs = list(detect_lines(lines, scrubber, batch_size=2))
    assert [o["redacted"] for o in outs] == [
        "my bf [PERSON_1] hurt me", "nothing here", "[PERSON_1] again",
        "[PERSON_2] and [PERSON_1]"]


def test_mention_strings_and_bad_records() -> None:
    inp = parse_detect_input('{"text": "hi", "author": "jane", "mentions": ["amy"]}')
    assert inp.author_handle == "jane" and inp.mentions[0].handle == "amy"
    assert parse_detect_input("{not json").text == "{not json"
    with pytest.raises(RecordError, match="record 7"):
        parse_detect_input({"text": 5}, 7)
