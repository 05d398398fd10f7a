"""Names in Japanese, Korean, Vietnamese and Hindi stretches, by cues (no tagger).

Before, these stretches ran the English parts (no word list covers them), which masked
inside names and masked ordinary words: "コーチの佐藤健一に" gave a span on "佐藤" only, and
"Tôi tên là …" masked "Tôi" ("I"). Now only these cues run there:

* Japanese: a run of kanji that is a known surname, alone or followed by a known given name,
  before an honorific or a title ("佐藤さん", "田中先生", "高橋監督"); a known surname and a
  known given name written together before a particle or a pause ("佐藤健一に");
  a katakana name before an honorific ("マイクさん"); a known given name alone
  ("健一さん") or a hiragana name ("たかしさん") before さん/くん/ちゃん. Names from ``names_ja.tsv``
  (bench/scrub_build_ja_names.py). A surname alone without an honorific is not taken: many
  are also places ("松本", "中村区").
* Korean: a three-syllable word starting with one of the common surnames before an honorific
  ("박민수 선생님", "김지현 씨", "이서연님"), or introduced ("제 이름은 김지현입니다",
  "김지현입니다." opening a sentence); with common given-name syllables, after a word for a
  person ("코치 박민수가") or before a particle ("김지영에게").
* Vietnamese: capitalised syllables after one of the common surnames ("Nguyễn Thị Lan",
  "Trần Văn Hùng"), or after a word for a person ("chị Lan", "thầy Minh", "tên là Hoa"); a
  common given name alone inside a sentence ("tôi gặp Hùng ở trường").
* Hindi (Devanagari has no capitals): the words of "मेरा नाम … है" ("my name is …"), after
  श्री/श्रीमती/सुश्री/डॉ., a word before जी ("राजेश जी") that is not a kin word or "yes", after a
  kin or role word ("मेरे कोच राजेश ने") or before a kin word ("राजेश चाचा ने"), and common
  given names before a surname or a postposition ("प्रिया वर्मा", "राजेश ने").
"""

from __future__ import annotations

import re
from functools import cache

from safe_archive.core.scrub.wordlists import scrub_text

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
    sur: set[str] = set()
    given: set[str] = set()
    for line in scrub_text("names_ja.tsv").splitlines():
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


# hiragana before an honorific that is no name: kin ("おかあさん", "おばあちゃん"), "everyone"
# (みなさん), "a lot" (たくさん), "baby" (あかちゃん), the police (おまわりさん), …
_JA_KANA_NOT_NAMES = frozenset(
    "おかあ かあ おとう とう おにい にい おねえ ねえ おばあ ばあ おじい じい おじ おば みな "
    "みんな たく おまわり あか おくさ おいしゃ だんな おきゃく きゃく ごくろう おつかれ "
    "おじょう じょう ぼっ おぼっ おにいちゃ おい めい いもうと おとうと あね あに むすめ "
    "むすこ まご かんごし おしゃ もっと きっ ずっ やっ この その あの どの".split())
_JA_KANA_HONORIFIC = re.compile(r"さん(?![ぽまごか])|くん|ちゃん(?!と)")  # ("あの先生": that teacher)
_JA_PARTICLES = "のとはがにをもやへで"
# kanji given names that are also words before an honorific
_JA_NOT_GIVEN = frozenset({"友達", "店長", "先輩", "後輩", "友人", "知人", "大人"})


def _ja_given_alone(run: str, given: frozenset[str]) -> bool:
    """"健一さん", "美咲ちゃん": a given name of two kanji or more before an honorific."""
    return len(run) >= 2 and run in given and run not in _JA_NOT_GIVEN


def _hiragana(c: str) -> bool:
    return "\u3041" <= c <= "\u3096"


def _ja_kana_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """"たかしさん", "コーチのゆきちゃん": a hiragana name of 2-4 letters before an honorific;
    a particle opening the run after another word or honorific is no part of it."""
    out = []
    last = start  # where the previous honorific ended
    for h in _JA_KANA_HONORIFIC.finditer(text, start, end):
        a = h.start()
        while a > last and _hiragana(text[a - 1]):
            a -= 1
        if a < h.start() and text[a] in _JA_PARTICLES and h.start() - a > 2 and a > start:
            a += 1  # "コーチのたかし", "さんとゆき"
        run = text[a:h.start()]
        if 2 <= len(run) <= 4 and run not in _JA_KANA_NOT_NAMES and (
                a == start or not _hiragana(text[a - 1]) or a == last or text[a - 1] in _JA_PARTICLES):
            out.append((a, h.start()))
        last = h.end()
    return out


def japanese_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    surnames, given = load_japanese_names()
    out: list[tuple[int, int]] = _ja_kana_names(text, start, end)
    for m in _KANJI_RUN.finditer(text, start, end):
        run = m.group()
        # the honorific may be written in kanji and so end the run ("田中先生", "佐藤様")
        hon = next((h for h in ("先生", "先輩", "監督", "選手", "様", "君", "氏")
                    if run.endswith(h) and len(run) > len(h)), None)
        if hon:
            if _ja_name(run[:-len(hon)], surnames, given) or _ja_given_alone(
                    run[:-len(hon)], given):
                out.append((m.start(), m.end() - len(hon)))
        elif (_JA_HONORIFIC.match(text, m.end()) and (_ja_name(run, surnames, given) or (
                _ja_given_alone(run, given)))) or (
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


# Without an honorific: a word for a person before the name ("코치 박민수가", "담임 이지은
# 선생님") or a particle right after it ("박민수가 저를", "김지영에게"). Both read the name's
# two given syllables against those common in given names, and skip the words of that shape
# that are no names ("지하철이", "강아지가", "이미지를": read off the 3-syllable words opening
# with a surname in wordfreq's Korean list, Zipf >= 3, that pass the syllable test).
_KO_GIVEN_SYLLABLES = frozenset(
    "민수지영서연준우진은혜정희성호경재윤상훈동석철미숙자순선주하유예원태승기용환빈아나채"
    "혁규형범한슬솔별린율온담겸건찬현도시소다인연람름봄결설효령란옥남명식웅국")
_KO_ROLES = frozenset(
    "코치 감독 선생님 선생 담임 교수 교수님 목사 목사님 신부 신부님 전도사 사장 사장님 부장 "
    "과장 팀장 대리 실장 원장 관장 트레이너 강사 선배 후배 동기 친구 오빠 형 언니 누나 "
    "삼촌 이모 고모 외삼촌 이모부 고모부 사촌 오촌 당숙 새아빠 의붓아버지 남친 남자친구 "
    "여친 여자친구 전남친 상사 매니저 동료 이웃 아저씨 아줌마 선수 주장 반장".split())
_KO_PARTICLE = re.compile(r"(?:이가|이는|이랑|이한테|이에게|이도|이의|에게서|한테서|에게|한테|께서|"
                          r"이|가|은|는|을|를|와|과|랑|의|도)(?![가-힣])")
_KO_ROLE_BEFORE = re.compile(r"(?<![가-힣])([가-힣]{1,6})\s$")
_KO_NOT_NAMES_PLAIN = frozenset(
    "이미지 지하철 노동자 강아지 구성원 노하우 국정원 지지자 우주선 배우자 소유자 옥수수 "
    "최우선 원주민 지지율 경영자 소수자 도우미 이민자 우승자 이용자 추기경 경호원 연주자 "
    "모아서 지원자 소재지 연기자 전성기 하하하 조지아 현미경 인기상 연수원 경영진 고용주 "
    "예정자 구원자 손수건 소유주 선지자 소나기 정수기 고아원 도자기 서유기 소지자 송아지 "
    "양재동 지하수 전용기 인원수 구미호 심정지 유원지 황태자 지원서 소린지 나나미 나아진 "
    "손재주 전자기 조수석 성수동 고지서 노숙자 지나온 구석기 유아기 진원지 신동아 양성자 "
    "원자재 공유기 마나미 연희동 유성우 오미자 모기지 모아나 이야기 고양이 정치인 기자님 "
    "한국인 구미시 조카딸 성인용 방송인 여자애 남자애 이상한 이번주 이거는 이건지".split())


def _ko_given_like(word: str) -> bool:
    return (word[0] in _KO_SURNAMES and word[1] in _KO_GIVEN_SYLLABLES
            and word[2] in _KO_GIVEN_SYLLABLES and word not in _KO_NOT_NAMES
            and word not in _KO_NOT_NAMES_PLAIN)


def korean_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    for m in _KO_WORD.finditer(text, start, end):
        word = m.group()
        if word[0] not in _KO_SURNAMES or word in _KO_NOT_NAMES:
            continue
        after = m.end()
        if after < len(text) and "\uAC00" <= text[after] <= "\uD7A3" and not (
                _KO_HONORIFIC.match(text, after) or _KO_INTRO_AFTER.match(text, after)
                or _KO_PARTICLE.match(text, after)):
            continue  # a longer word ("김치찌개"), not a name
        before = text[max(0, m.start() - 6):m.start()]
        opening = m.start() == start or not before.strip() or before.rstrip()[-1:] in ".!?\n"
        if _KO_HONORIFIC.match(text, after) or (_KO_INTRO_AFTER.match(text, after) and (
                opening or _KO_INTRO_BEFORE.search(before))):
            out.append((m.start(), after))
            continue
        if not _ko_given_like(word):
            continue
        role = _KO_ROLE_BEFORE.search(text, max(start, m.start() - 8), m.start())
        plain_end = after >= len(text) or not "\uAC00" <= text[after] <= "\uD7A3"
        if (role and role.group(1) in _KO_ROLES and (plain_end or _KO_PARTICLE.match(text, after))
                ) or _KO_PARTICLE.match(text, after):
            out.append((m.start(), after))  # "코치 박민수가", "박민수가 저를"
    return out


# -- Vietnamese -------------------------------------------------------------------------------
_VI_SURNAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Trịnh "
    "Trương Lương Lâm Mai Tạ Tô Vương Châu Quách Thái Kiều Lưu Triệu Mạc Khổng Hứa".split())
_VI_PERSON_WORDS = frozenset(
    "anh chị em cô thầy chú bác ông bà dì cậu mợ bạn là tên gọi".split())
_VI_SYLLABLE = re.compile(r"[^\W\d_]+")


# Common Vietnamese given names (one syllable; compiled by hand for SafeArchive, leaving out
# those that are as often part of a place or a season: Nam south, Việt, Long, Xuân spring):
# one of them capitalised alone inside a sentence, after a lower-case word that is no word
# for a place ("tôi gặp Hùng ở trường", "Lan nói" not: it opens the sentence)
_VI_GIVEN = frozenset(
    "Lan Hùng Minh Hoa Tuấn Mai Dũng Hương Linh Trang Hà Huy Khoa Phong Quang Thảo Ngọc Anh "
    "Hải Sơn Thu Hằng Nga Vy Nhung Yến Thủy Tâm Cường Đức Hiếu Khánh Kiên Lâm Lộc Nhật Phúc "
    "Quân Tài Thắng Thành Trung Tú Vinh Duy Đạt Hậu Hiền Hồng Liên Loan Ly My Nhi Oanh Phương "
    "Quyên Quỳnh Tiên Trâm Tuyết Uyên Vân Hạnh Diệp Hân Nguyệt Như Thư Trinh Hưng Khang Nhân "
    "Phát Tín Toàn Trí Tuệ Hoàng Bảo Thịnh Hiệp Tùng Hòa Hoà Chi".split())
_VI_PLACE_WORDS = frozenset(
    "miền phía mùa tỉnh thành phố quận huyện sông núi đường chùa trường hồ biển đảo xã phường "
    "làng viện chợ cầu công ty hãng đội nhóm lớp khách sạn quán tiệm tiếng nước người dân văn "
    "đạo".split())  # ("tiếng Anh" English, "nước Đức" Germany, "người Nhật" the Japanese)


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
        if (w in _VI_SURNAMES and j > i) or (prev in _VI_PERSON_WORDS and gap == " ") or (
                j == i and w in _VI_GIVEN and gap == " " and toks[i - 1].group().islower()
                and prev not in _VI_PLACE_WORDS):
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


# a word for a person before a name ("मेरे कोच राजेश ने", "चाचा राजेश शर्मा को") or a kin word
# after it ("राजेश चाचा ने"), the name ending before a postposition, जी, punctuation or the end
_HI_ROLES = frozenset(
    "चाचा चाची मामा मामी ताऊ ताई बुआ फूफा मौसा मौसी भैया भाई दीदी बहन जीजा जीजू दादा दादी "
    "नाना नानी भाभी पापा अंकल आंटी कज़िन कजिन कोच टीचर सर मैडम गुरु गुरुजी प्रिंसिपल अध्यापक "
    "शिक्षक शिक्षिका प्रोफेसर प्रोफ़ेसर डॉक्टर बॉस मैनेजर पड़ोसी दोस्त सहेली ट्यूटर ट्रेनर पंडित "
    "पुजारी मालिक सौतेले सौतेला".split())
_HI_KIN = frozenset(
    "चाचा चाची मामा मामी ताऊ ताई बुआ फूफा मौसा मौसी भैया दीदी जीजा जीजू भाभी अंकल आंटी सर "
    "मैडम".split())
_HI_AFTER = frozenset("ने को से का की के में पर जी और ही भी तो".split())
_HI_STOP = frozenset(
    "मैं मेरा मेरी मेरे मुझे मुझसे हम हमारा हमारी हमारे तुम तुम्हारा तुम्हारी तुम्हारे आप आपका "
    "आपकी आपके वह वो वे उस उसका उसकी उसके उन उनका उनकी उनके इस इसका इसकी इसके यह ये अपना "
    "अपनी अपने कोई किसी कुछ सब सभी हर ने को से का की के में पर तक लिए साथ बाद पहले भी ही तो "
    "न नहीं ना और या लेकिन मगर कि जो जब तब फिर अब बस बहुत ज़्यादा ज्यादा कम हमेशा कभी रोज़ "
    "रोज आज कल यहाँ वहाँ यहां वहां अंदर बाहर पास दूर घर स्कूल कमरे कमरा बड़े बड़ा बड़ी छोटे "
    "छोटा छोटी सगे अच्छे बुरे पुराने नए है हैं था थी थे हो गया गई गए कर करते करती किया कहा "
    "बोला बोले एक दो दोनों वाले वाली वाला जी श्री साहब लोग लोगों".split()) | _HI_ROLES
_HI_TOKEN = re.compile(_HI_WORD)


def _hindi_relation_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    toks = list(_HI_TOKEN.finditer(text, start, end))

    def spaced(a: int, b: int) -> bool:  # tokens a and b are one space apart
        return 0 <= a and b < len(toks) and text[toks[a].end():toks[b].start()].isspace()

    def closes(k: int) -> bool:  # a name ends before token k
        if k >= len(toks):
            return not text[toks[k - 1].end():end].strip(" ")[:1].isalnum()
        gap = text[toks[k - 1].end():toks[k].start()]
        return (gap.isspace() and toks[k].group() in _HI_AFTER) or bool(gap.strip())

    out = []
    for i, t in enumerate(toks):
        w = t.group()
        if w in _HI_ROLES and spaced(i, i + 1) and toks[i + 1].group() not in _HI_STOP:
            j = i + 1  # "मेरे कोच राजेश ने", "चाचा राजेश शर्मा को"
            k = j + 1
            if spaced(j, k) and toks[k].group() not in _HI_STOP and closes(k + 1):
                out.append((toks[j].start(), toks[k].end()))
            elif closes(k):
                out.append((toks[j].start(), toks[j].end()))
        elif (w not in _HI_STOP and spaced(i, i + 1) and toks[i + 1].group() in _HI_KIN
              and closes(i + 2) and not (i and spaced(i - 1, i) and toks[i - 1].group() in (
                  _HI_ROLES))):
            out.append((t.start(), t.end()))  # "राजेश चाचा ने"
    return out


# Common Hindi given names and surnames (compiled by hand for SafeArchive; given names that
# are as much words are left out: आकाश sky, पवन wind, सपना dream, निशा night, पूजा worship,
# and goddesses' names). A given name and a surname together are a name ("प्रिया वर्मा"); a
# given name alone only before a postposition ("राजेश ने मुझे छुआ").
_HI_GIVEN = frozenset(
    "राजेश सुरेश रमेश महेश दिनेश मुकेश राकेश अनिल सुनील अमित सुमित रोहित मोहित राहुल विशाल "
    "विवेक विनोद मनोज संजय अजय विजय अभिषेक अंकित अर्जुन आदित्य आशीष अशोक नरेश प्रकाश प्रमोद "
    "प्रवीण पंकज नितिन सचिन संदीप प्रदीप कुलदीप गौरव सौरभ वरुण तरुण गोपाल मोहन सोहन श्याम "
    "हरीश गिरीश सतीश जगदीश योगेश उमेश धर्मेंद्र नरेंद्र सुरेंद्र महेंद्र राजेंद्र जितेंद्र वीरेंद्र "
    "देवेंद्र अरविंद गोविंद मनीष नीरज करण कुणाल रितेश निखिल अनुज अनूप अजीत रणजीत सुधीर "
    "तुषार राजीव संजीव मयंक अक्षय प्रिया नेहा सुनीता अनीता कविता सविता ममता सरिता नीता "
    "रीता मीना मीरा सुमन अंजलि अंजली श्वेता स्वाति पल्लवी रश्मि रुचि शालिनी मोनिका रीना टीना "
    "सोनिया सोनम पिंकी रिया दिव्या काजल सुषमा अनुराधा शिल्पा नंदिनी पूनम अंकिता प्रियंका "
    "स्नेहा तन्वी ऋचा माधुरी हेमा".split())
_HI_SURNAMES = frozenset(
    "शर्मा वर्मा सिंह कुमार कुमारी गुप्ता यादव पटेल जैन अग्रवाल मिश्रा तिवारी पांडे पाण्डेय पांडेय "
    "चौधरी चौहान राठौर राठौड़ ठाकुर शुक्ला त्रिपाठी दुबे द्विवेदी चतुर्वेदी श्रीवास्तव सक्सेना "
    "माथुर कपूर खन्ना मल्होत्रा मेहरा अरोड़ा सेठी भाटिया बंसल गोयल मित्तल सिंघल जोशी देशपांडे "
    "कुलकर्णी पाटिल नायर मेनन रेड्डी राव अय्यर बनर्जी चटर्जी मुखर्जी घोष बोस दास सेन खान "
    "अंसारी कुरैशी शेख सिद्दीकी".split())


def _hindi_known_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    toks = list(_HI_TOKEN.finditer(text, start, end))
    out = []
    for i, t in enumerate(toks):
        if t.group() not in _HI_GIVEN:
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        spaced = nxt is not None and text[t.end():nxt.start()].isspace()
        if spaced and nxt is not None and nxt.group() in _HI_SURNAMES:
            out.append((t.start(), nxt.end()))  # "प्रिया वर्मा"
        elif spaced and nxt is not None and nxt.group() in _HI_AFTER - {"और", "ही", "भी", "तो"}:
            out.append((t.start(), t.end()))  # "राजेश ने", "नेहा को"
    return out


def hindi_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = _hindi_relation_names(text, start, end) + _hindi_known_names(text, start, end)
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
