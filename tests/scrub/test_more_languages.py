"""More languages and scripts (issue 13, 2026-12-05): Greek names by their case forms and
the word for a person before them; phones written against CJK letters, with Russia's
trunk "8", and Danish/Norwegian eight-digit numbers after a word for a phone; streets and schools in Swedish, Danish, Indonesian, Vietnamese, Greek, Korean,
Japanese and Chinese; Indonesian possessives and Malay stretches; a Cyrillic clause read as
Serbian in a Russian post; the movement's hashtags of these languages."""

from __future__ import annotations

import pytest

from safe_archive.core.scrub.known import ScrubInput
from safe_archive.core.scrub.multilingual import LanguageParts
from safe_archive.core.scrub.policy import default_allow_list
from safe_archive.core.scrub.recognizers.cyrillic_names import greek_given
from safe_archive.core.scrub.recognizers.international_phone_recognizer import (
    InternationalPhoneRecognizer,
)
from safe_archive.core.scrub.recognizers.multilingual_quasi_recognizer import (
    MultilingualQuasiRecognizer,
)
from safe_archive.core.scrub.scrubber import Scrubber


@pytest.fixture(scope="module")
def parts(names, words) -> LanguageParts:  # type: ignore[no-untyped-def]
    return LanguageParts.build(words, names)


def names_in(parts: LanguageParts, text: str) -> list[str]:
    segs = parts.identifier.segments(text)
    return [text[r.start:r.end] for r in parts.names.analyze_segments(text, segs)]


@pytest.mark.parametrize("text, expected", [
    ("Ήμουν 14 όταν ο προπονητής μου Γιώργος άρχισε να μου στέλνει μηνύματα.", ["Γιώργος"]),
    ("Δεν είπα τίποτα στη μητέρα μου για τον Γιώργο.", ["Γιώργο"]),
    ("Ο θείος μου ο Στέλιος με άγγιξε στο σπίτι.", ["Στέλιος"]),
    ("Η δασκάλα μου Ευτέρπη με πίστεψε.", ["Ευτέρπη"]),
    ("Ζήτησα βοήθεια από τον Παναγιώτη Παπαδάκη.", ["Παναγιώτη Παπαδάκη"]),
    ("Στην Ελλάδα κανείς δεν μιλούσε τότε. Ο Θεός να με συγχωρέσει.", []),
    ("Ο προπονητής μου ήταν πολύ αυστηρός και η Αθήνα ήταν μακριά.", []),
])
def test_greek_names(parts: LanguageParts, text: str, expected: list[str]) -> None:
    assert names_in(parts, text) == expected


def test_greek_given_names_decline() -> None:
    assert all(greek_given(w) for w in ("Γιώργος", "Γιώργο", "Γιώργου", "Κώστα", "Μαρίας",
                                        "Ελένης", "Δημήτρη"))
    assert not any(greek_given(w) for w in ("Αθήνα", "Ελλάδα", "Ο", "Θεός"))


@pytest.mark.parametrize("text, expected", [
    # Indonesian possessives ("my number", "his name") opening a sentence are no names
    ("Kalau kamu kenal Budi Santoso, hubungi aku. Nomorku 0812-3456-7890.", ["Budi Santoso"]),
    ("Dia pelatihku di sekolah. Namanya Agus Wijaya dan semua orang menyukainya.",
     ["Agus Wijaya"]),
    # a Cyrillic clause alone reads as Serbian (a word list in Latin letters): the post's
    # Russian decides, and "Мама" is a word
    ("В 14 лет я не умела сказать взрослому «нет». Мама мне не поверила.", []),
])
def test_affixes_and_scripts(parts: LanguageParts, text: str, expected: list[str]) -> None:
    assert names_in(parts, text) == expected


def test_malay_stretch_is_not_english(scrubber: Scrubber) -> None:
    """"tapi tidak ada yang menjawab" read as Malay, which had no word list: the English NER
    ran there and masked "ada yang"."""
    post = "Mereka menyuruhku menelepon +62 812 3456 7890, tapi tidak ada yang menjawab hari itu."
    found = scrubber.scrub([ScrubInput(post)])[0]
    assert [(f.text, f.entity_type) for f in found] == [("+62 812 3456 7890", "PHONE_NUMBER")]


@pytest.mark.parametrize("text, phone", [
    ("제 번호는 010-1234-5678이에요.", "010-1234-5678"),
    ("我的电话是138 0013 8000。", "138 0013 8000"),
    ("電話は090-1234-5678です。", "090-1234-5678"),
    ("Мой номер 8 912 345 67 89.", "8 912 345 67 89"),
    ("Звони по номеру 8 (912) 345-67-89, пожалуйста.", "8 (912) 345-67-89"),
    ("Mit nummer er 20 12 34 56. Du er ikke alene.", "20 12 34 56"),
    ("De sagde, jeg skulle ringe til 31 98 76 54, men ingen svarede.", "31 98 76 54"),
    ("Ring meg på 912 34 567!", "912 34 567"),
])
def test_phones_in_more_scripts(text: str, phone: str) -> None:
    found = {text[r.start:r.end] for r in InternationalPhoneRecognizer().analyze(text, [])}
    assert phone in found


@pytest.mark.parametrize("text", ["abc0101234567 x", "ab 010-1234-5678x", "in 2018 2019 2020 we",
                                  "Scores were 20 12 34 56 today", "Vi var 12345678 gange der"])
def test_no_phone_inside_latin_words(text: str) -> None:
    assert InternationalPhoneRecognizer().analyze(text, []) == []


REC = MultilingualQuasiRecognizer()


PLACES = [
    ("Han bodde på Storgatan 12 och jag gick i Kungsholmens gymnasium.", "STREET_ADDRESS",
     ["Storgatan 12"]),
    ("Han bodde på Storgatan 12 och jag gick i Kungsholmens gymnasium.", "SCHOOL",
     ["Kungsholmens gymnasium"]),
    ("Jeg boede på Nørregade 14 og gik på Rosenvængets skole.", "SCHOOL", ["Rosenvængets skole"]),
    ("Varje skola får mer pengar. Omkring 20 soldater kom.", "SCHOOL", []),
    ("Varje skola får mer pengar. Omkring 20 soldater kom.", "STREET_ADDRESS", []),
    ("Dia tinggal di Jl. Sudirman No. 5 dan aku sekolah di SMA Negeri 3 Bandung.",
     "STREET_ADDRESS", ["Jl. Sudirman No. 5"]),
    ("Dia tinggal di Jl. Sudirman No. 5 dan aku sekolah di SMA Negeri 3 Bandung.", "SCHOOL",
     ["SMA Negeri 3 Bandung"]),
    ("Jalan-jalan ke pasar. Sekolah itu besar.", "SCHOOL", []),
    ("Nhà ông ấy ở số 12 đường Lê Lợi, tôi học trường THPT Nguyễn Du.", "STREET_ADDRESS",
     ["số 12 đường Lê Lợi"]),
    ("Nhà ông ấy ở số 12 đường Lê Lợi, tôi học trường THPT Nguyễn Du.", "SCHOOL",
     ["trường THPT Nguyễn Du"]),
    ("Έμενε στην οδό Ερμού 25 και πήγαινα στο 2ο Γυμνάσιο Αθηνών.", "STREET_ADDRESS",
     ["οδό Ερμού 25"]),
    ("Έμενε στην οδό Ερμού 25 και πήγαινα στο 2ο Γυμνάσιο Αθηνών.", "SCHOOL",
     ["2ο Γυμνάσιο Αθηνών"]),
    ("그는 테헤란로 123에 살았고 저는 서울고등학교에 다녔어요.", "STREET_ADDRESS", ["테헤란로 123"]),
    ("그는 테헤란로 123에 살았고 저는 서울고등학교에 다녔어요.", "SCHOOL", ["서울고등학교"]),
    ("시간이 없어서 학교에 못 갔어요. 대학에 가고 싶었어요.", "SCHOOL", []),
    ("青葉中学校に通っていた。住所は西新宿2-8-1です。", "SCHOOL", ["青葉中学校"]),
    ("青葉中学校に通っていた。住所は西新宿2-8-1です。", "STREET_ADDRESS", ["西新宿2-8-1"]),
    ("第一小学校のコーチだった。", "SCHOOL", ["第一小学校"]),
    ("私は学校に行きたくなかった。大学生の時。", "SCHOOL", []),
    ("我在北京市第四中学读书。", "SCHOOL", ["北京市第四中学"]),
    ("我在一个中学读书。", "SCHOOL", []),
]


@pytest.mark.parametrize("text, entity, expected", PLACES)
def test_places_in_more_languages(text: str, entity: str, expected: list[str]) -> None:
    found = sorted({text[r.start:r.end] for r in REC.analyze(text, []) if r.entity_type == entity})
    assert found == expected


TAGS = ["#MeTooSverige", "#tystnadtagning", "#GerakBersama", "#MeTooIndonesia", "#MeTooVN",
        "#KuToo", "#WeToo", "#미투", "#위드유", "#我也是", "#米兔", "#MeTooGreece", "#MeTooIndia",
        "#ЯНеБоюсьСказать"]


def test_new_family_tags_allowed() -> None:
    allowed = default_allow_list()
    lower = {t.casefold() for t in allowed}
    for tag in TAGS:  # listed, or covered by the "#MeToo*" prefix
        assert tag.casefold() in lower or (tag.casefold().startswith("#metoo")
                                           and "#MeToo*" in allowed), tag


@pytest.mark.parametrize("post", [
    "När jag var 13 började min tränare Lars Andersson skicka meddelanden. {tag}",
    "コーチの佐藤健一に触られました。{tag}",
    "14살 때 코치 박민수가 저를 만졌어요. {tag}",
    "我14岁的时候，教练开始给我发信息。{tag}",
])
@pytest.mark.parametrize("tag", TAGS)
def test_new_family_tags_never_masked(scrubber: Scrubber, post: str, tag: str) -> None:
    text = post.format(tag=tag)
    for f in scrubber.scrub([ScrubInput(text)])[0]:
        assert "#" not in f.text, (text, f)


def test_extra_gates_hold_every_match() -> None:
    """A rule skipped for want of its script or words (EXTRA_GATES) would have found nothing:
    every match of it, in the fixtures and the examples here, upper- and lower-cased too,
    holds its gate."""
    import json
    from pathlib import Path

    from safe_archive.core.scrub.recognizers.multilingual_quasi_recognizer import (
        EXTRA_GATES,
        MultilingualQuasiRecognizer as Rec,
    )

    fixtures = Path(__file__).parent / "fixtures"
    texts = [json.loads(line)["text"] for name in ("multilingual_testimony.jsonl",
                                                    "planted_identifiers.jsonl")
             for line in (fixtures / name).read_text(encoding="utf-8").splitlines() if line]
    texts += [t for t, *_ in PLACES] + [
        "Мне было 15, когда он начал писать.", "Моя четырнадцатилетняя дочь, 15-летняя сестра.",
        "Στα 14 μου, η 14χρονη και η δεκατετράχρονη.", "उस समय मेरी उम्र 13 साल थी।",
        "जब मैं 14 की थी, तब यह हुआ।", "私は当時十四歳でした。", "저는 그때 열네 살이었어요.",
        "حدث ذلك وأنا في الثالثة عشرة من عمري.", "كنت بعمر 13 عندما بدأ.",
        "Moja trzynastoletnia córka."]
    texts += [t + " " + t.upper() + " " + t.lower() for t in list(texts)]
    rules = {r.name: r for r in Rec.RULES}
    assert set(EXTRA_GATES) <= set(rules)
    matched = set()
    for name, gate in EXTRA_GATES.items():
        for text in texts:
            if rules[name].regex.search(text):
                matched.add(name)
                assert gate.search(text), (name, text)
    assert matched == set(EXTRA_GATES)  # the check saw every gated rule match
