"""Names in Japanese, Korean and Vietnamese stretches, by cues (no tagger, no word list).

Before, these stretches ran the English parts (no word list covers them), which masked
inside names and masked ordinary words: "コーチの佐藤健一に" gave a span on "佐藤" only, and
"Tôi tên là …" masked "Tôi" ("I"). Now only these cues run there:

* Japanese: a run of kanji that is a known surname, alone or followed by a known given name,
  before an honorific or a title ("佐藤さん", "田中先生", "高橋監督"); a known surname and a
  known given name written together before a particle or a pause ("佐藤健一に");
  a katakana name before an honorific ("マイクさん"). Names from ``names_ja.tsv``
  (bench/scrub_build_ja_names.py). A surname alone without an honorific is not taken: many
  are also places ("松本", "中村区").
* Korean: a three-syllable word starting with one of the common surnames before an honorific
  ("박민수 선생님", "김지현 씨", "이서연님"), or introduced ("제 이름은 김지현입니다",
  "김지현입니다." opening a sentence).
* Vietnamese: capitalised syllables after one of the common surnames ("Nguyễn Thị Lan",
  "Trần Văn Hùng"), or after a word for a person ("chị Lan", "thầy Minh", "tên là Hoa").
* Hindi (Devanagari has no capitals): the words of "मेरा नाम … है" ("my name is …"), after
  श्री/श्रीमती/सुश्री/डॉ., and a word before जी ("राजेश जी") that is not a kin word or "yes".
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

CUED = frozenset({"ja", "ko", "vi", "hi"})

# -- Japanese ---------------------------------------------------------------------------------
_KANJI_RUN = re.compile(r"[\u4E00-\u9FFF々]+")
_KATAKANA_RUN = re.compile(r"[\u30A1-\u30FAー]{2,8}")
_JA_HONORIFIC = re.compile(r"さん|くん|君|ちゃん|先生|様|さま|氏|先輩|監督|コーチ|選手")
# a particle, punctuation or the end after a name
_JA_AFTER = re.compile(r"$|[はがにをとのもへやでよねかっ、。！？!?\s「」『』（）()・]")
_JA_NOT_NAMES = frozenset({"ママ", "パパ", "オーナー", "マスター", "コーチ", "スタッフ"})


@cache
def load_japanese_names() -> tuple[frozenset[str], frozenset[str]]:
    """(surnames, given names) of ``names_ja.tsv``."""
    path = resources.files("safe_archive.resources") / "scrub" / "names_ja.tsv"
    sur: set[str] = set()
    given: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        kind, _, name = line.partition("\t")
        if kind == "S":
            sur.add(name)
        elif kind == "G":
            given.add(name)
    return frozenset(sur), frozenset(given)


def _ja_name(run: str, surnames: frozenset[str], given: frozenset[str], full: bool = False
             ) -> bool:
    """``run`` is a surname, alone or with a given name (``full``: with one, three characters
    at least: "森林" is a forest, not 森 + 林)."""
    for n in (3, 2, 1):
        if n < len(run) and run[:n] in surnames and run[n:] in given and len(run) >= 3:
            return True
        if not full and run == run[:n] and run in surnames:
            return True
    return False


def japanese_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    surnames, given = load_japanese_names()
    out: list[tuple[int, int]] = []
    for m in _KANJI_RUN.finditer(text, start, end):
        run = m.group()
        # the honorific may be written in kanji and so end the run ("田中先生", "佐藤様")
        hon = next((h for h in ("先生", "先輩", "監督", "選手", "様", "君", "氏")
                    if run.endswith(h) and len(run) > len(h)), None)
        if hon:
            if _ja_name(run[:-len(hon)], surnames, given):
                out.append((m.start(), m.end() - len(hon)))
        elif (_JA_HONORIFIC.match(text, m.end()) and _ja_name(run, surnames, given)) or (
                _JA_AFTER.match(text, m.end()) and _ja_name(run, surnames, given, full=True)):
            out.append((m.start(), m.end()))
    for m in _KATAKANA_RUN.finditer(text, start, end):
        if m.group() not in _JA_NOT_NAMES and _JA_HONORIFIC.match(text, m.end()):
            out.append((m.start(), m.end()))
    return sorted(out)


# -- Korean -----------------------------------------------------------------------------------
_KO_SURNAMES = frozenset(
    "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 "
    "남 심 노 하 곽 성 차 주 우 구 민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 "
    "선 설 마 길 연 위 표 명 기 반 왕 금 옥 육 인 맹 제 모 탁 국 은 편 용 예 경 봉".split())
_KO_WORD = re.compile(r"(?<![\uAC00-\uD7A3])[\uAC00-\uD7A3]{3}")
_KO_HONORIFIC = re.compile(r"\s?(?:씨|님|선생님|선생|선배|교수님|교수|감독님|감독|코치님|코치|"
                           r"목사님|원장님|대표님|사장님|팀장님|부장님|과장님|오빠|언니|누나|형)")
_KO_INTRO_AFTER = re.compile(r"(?:입니다|이에요|예요|이라고\s?합니다|라고\s?합니다)")
_KO_INTRO_BEFORE = re.compile(r"(?:이름은|이름이|저는|나는|전)\s$")
# three-syllable words starting like a surname that are no names
_KO_NOT_NAMES = frozenset(
    "이사장 이번에 이것은 이야기 이사님 정말로 정도로 고등학 고객님 유치원 주말에 조금만 "
    "장난감 한국어 전화를 신경을 최근에 강아지 안녕히 오늘은 오랜만 우리는 우리가 하지만 "
    "그래서 여기서 어제는 지금은 선생님 교수님 사장님 부장님 원장님 대표님 목사님 감독님 "
    "코치님 과장님 팀장님".split())


def korean_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    for m in _KO_WORD.finditer(text, start, end):
        word = m.group()
        if word[0] not in _KO_SURNAMES or word in _KO_NOT_NAMES:
            continue
        after = m.end()
        if after < len(text) and "\uAC00" <= text[after] <= "\uD7A3" and not (
                _KO_HONORIFIC.match(text, after) or _KO_INTRO_AFTER.match(text, after)):
            continue  # a longer word ("김치찌개"), not a name
        before = text[max(0, m.start() - 6):m.start()]
        opening = m.start() == start or not before.strip() or before.rstrip()[-1:] in ".!?\n"
        if _KO_HONORIFIC.match(text, after) or (_KO_INTRO_AFTER.match(text, after) and (
                opening or _KO_INTRO_BEFORE.search(before))):
            out.append((m.start(), after))
    return out


# -- Vietnamese -------------------------------------------------------------------------------
_VI_SURNAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Trịnh "
    "Trương Lương Lâm Mai Tạ Tô Vương Châu Quách Thái Kiều Lưu Triệu Mạc Khổng Hứa".split())
_VI_PERSON_WORDS = frozenset(
    "anh chị em cô thầy chú bác ông bà dì cậu mợ bạn là tên gọi".split())
_VI_SYLLABLE = re.compile(r"[^\W\d_]+")


def vietnamese_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    toks = list(_VI_SYLLABLE.finditer(text, start, end))
    out = []
    i = 0
    while i < len(toks):
        w = toks[i].group()
        if not w[:1].isupper() or w.casefold() in _VI_PERSON_WORDS:
            i += 1  # "Thầy Trần Văn Hùng", "Chị Lan" opening a sentence: the name follows
            continue
        j = i
        while j + 1 < len(toks) and (
                text[toks[j].end():toks[j + 1].start()] == " ") and (
                toks[j + 1].group()[:1].isupper()):
            j += 1
        prev = toks[i - 1].group().casefold() if i else ""
        gap = text[toks[i - 1].end():toks[i].start()] if i else ""
        if (w in _VI_SURNAMES and j > i) or (prev in _VI_PERSON_WORDS and gap == " "):
            out.append((toks[i].start(), toks[j].end()))
        i = j + 1
    return out


# -- Hindi ------------------------------------------------------------------------------------
_HI_WORD = r"[\u0900-\u0963\u0966-\u097F]+"
_HI_NAME_IS = re.compile(rf"नाम\s+(?P<n>{_HI_WORD}(?:\s+{_HI_WORD})?)\s+(?:है|था|थी|हैं)(?!\w)")
_HI_TITLE = re.compile(rf"(?:श्रीमती|श्री|सुश्री|डॉ\.?|डॉक्टर)\s+(?P<n>{_HI_WORD}(?:\s+{_HI_WORD})?)")
_HI_JI = re.compile(rf"(?P<n>{_HI_WORD})\s+जी(?![\u0900-\u097F])")
_HI_NOT_NAMES = frozenset(
    "माता पिता माँ मां बाप भाई बहन दीदी भैया चाचा चाची मामा मामी गुरु सर मैडम हाँ हां नहीं "
    "अच्छा ठीक बाबा दादा दादी नाना नानी ताऊ ताई बुआ मौसी मौसा पापा मम्मी साहब आप जी".split())


def hindi_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    for pattern in (_HI_NAME_IS, _HI_TITLE, _HI_JI):
        for m in pattern.finditer(text, start, end):
            words = m.group("n").split()
            if pattern is _HI_JI and words[0] in _HI_NOT_NAMES:
                continue
            if pattern is _HI_NAME_IS and words[-1] in ("क्या", "कौन"):
                continue  # "नाम क्या है" (what is the name)
            out.append((m.start("n"), m.end("n")))
    kept: list[tuple[int, int]] = []
    for a, b in sorted(set(out)):
        if kept and a < kept[-1][1]:
            kept[-1] = (kept[-1][0], max(b, kept[-1][1]))
        else:
            kept.append((a, b))
    return kept


def cue_names(lang: str, text: str, start: int, end: int) -> list[tuple[int, int]]:
    if lang == "ja":
        return japanese_names(text, start, end)
    if lang == "ko":
        return korean_names(text, start, end)
    if lang == "vi":
        return vietnamese_names(text, start, end)
    if lang == "hi":
        return hindi_names(text, start, end)
    return []
