"""PERSON: a name inside a hashtag of cue words ("#FreeQuillon", "#Justice4Tavrenko",
"#HappyQuillonDay", "#freequillon"), names no list knows included (issue 13).

The hashtag is read as words by :class:`~safe_archive.core.scrub.hashtag_view.HashtagReader`;
:meth:`~safe_archive.core.scrub.hashtag_view.HashtagReader.cue_name` decides. The whole
hashtag is reported (without its ``#``), as the name-list recognizer reports "#TeamSmith".
"""

from __future__ import annotations

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from safe_archive.core.scrub.entities import PERSON
from safe_archive.core.scrub.hashtag_view import TAG, HashtagReader
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer

SCORE = 0.6


class HashtagCueRecognizer(RegexRecognizer):
    def __init__(self, reader: HashtagReader, name_max_zipf: float = 4.0) -> None:
        self.reader = reader
        self.name_max_zipf = name_max_zipf
        super().__init__(rules=[])
        self.supported_entities = [PERSON]

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if "#" not in text and "＃" not in text:
            return []
        return [self.result(PERSON, m.start(1), m.end(1), SCORE, "name after a hashtag cue")
                for m in TAG.finditer(text) if self.reader.cue_name(m.group(1), self.name_max_zipf)]
