"""More ways of giving an age outside English (issue 13), and the numbers that are no age.

Each language's "when I was 12", "at 12", "aged 12", "a 12-year-old", "my 15-year-old
daughter", with numbers nearby that must stay (prices, durations, counts, ordinals)."""

from __future__ import annotations

import pytest

from safe_archive.core.scrub.recognizers.multilingual_quasi_recognizer import (
    MultilingualQuasiRecognizer,
)

REC = MultilingualQuasiRecognizer()


def found(text: str, entity: str) -> list[str]:
    return sorted({text[r.start:r.end] for r in REC.analyze(text, []) if r.entity_type == entity})


@pytest.mark.parametrize("lang, text, ages", [
    ("es", "A los 13, el entrenador me pedía fotos.", ["13"]),
    ("es", "Llegamos a los 5 minutos de empezar.", []),
    ("es", "Tenía 13, y él casi 40.", ["13"]),
    ("es", "Tenía 4 hermanos mayores.", []),
    ("es", "A la edad de 11 años dejé de ir.", ["11 años"]),
    ("pt", "Aos 13, ninguém acreditou em mim.", ["13"]),
    ("pt", "Eu tinha 13 e ele era meu professor.", ["13"]),
    ("pt", "Ele tinha 13 cavalos na fazenda.", []),
    ("fr", "J'avais 13 quand c'est arrivé.", ["13"]),
    ("fr", "J'avais 13 livres dans mon sac.", []),
    ("fr", "J'avais 13, lui 35.", ["13"]),
    ("it", "Avevo 13 e non sapevo dire di no.", ["13"]),
    ("it", "Mia sorella, una tredicenne, lo conosceva.", ["tredicenne"]),
    ("it", "Una tradizione perenne e solenne.", []),
    ("de", "Als ich 13 war, fing es an.", ["13"]),
    ("de", "Als wir 3 waren, gingen wir los.", []),
    ("de", "Im Alter von 13 Jahren zog ich weg.", ["13 Jahren"]),
    ("de", "Ich zahlte 13 Euro, als ich dort war.", []),
    ("nl", "Toen ik 13 was, begon hij me te appen.", ["13"]),
    ("nl", "Toen we 3 waren, gingen we weg.", []),
    ("nl", "Vanaf mijn 13e moest ik bij hem trainen.", ["13e"]),
    ("nl", "Op mijn 13e begon het.", ["13e"]),
    ("nl", "Op mijn 3e poging lukte het.", []),
    ("nl", "Mijn 15-jarige dochter kreeg zijn berichten.", ["15-jarige"]),
    ("nl", "Mijn dochter van 15 kreeg zijn berichten.", ["15"]),
    ("nl", "Hij kreeg een straf van 12 jaar.", []),
    ("nl", "Op de leeftijd van 13 jaar ging ik weg.", ["13 jaar"]),
    ("ar", "حدث ذلك وأنا في الثالثة عشرة من عمري.", ["الثالثة عشرة من عمري"]),
    ("ar", "في أي مرحلة من العمر يبدأ ذلك؟", []),
    ("ar", "كنت بعمر 13 عندما بدأ.", ["13"]),
    ("tr", "On üç yaşındayken başladı.", ["On üç yaşındayken"]),
    ("tr", "Bunu yaşadım ve iki yıl sustum.", []),
    ("pl", "Jako 13-latka nic nie rozumiałam.", ["13-latka"]),
    ("pl", "Moja trzynastoletnia córka dostała wiadomość.", ["trzynastoletnia"]),
    ("pl", "Pięcioletni plan się nie udał.", []),
    ("ru", "Мне было 15 лет, когда он начал писать.", ["15 лет"]),
    ("ru", "В 14 лет я ушла из секции.", ["14 лет"]),
    ("ru", "Моя 15-летняя дочь получила сообщения.", ["15-летняя"]),
    ("ru", "Это было 5 лет назад, через 3 года он вернулся.", []),
    ("uk", "Мені було 15 років, коли він почав писати.", ["15 років"]),
    ("uk", "У 14 років я пішла з секції, моя 12-річна сестра теж.", ["12-річна", "14 років"]),
    ("uk", "Це було 15 років тому.", []),
    ("hi", "जब मैं 14 साल की थी, तब यह हुआ।", ["14 साल की"]),
    ("hi", "उस समय मेरी उम्र 13 साल थी।", ["13 साल"]),
    ("hi", "यह 5 साल पहले हुआ, मैं 3 साल से चुप हूँ।", []),
])
def test_more_ages(lang: str, text: str, ages: list[str]) -> None:
    assert found(text, "AGE") == ages, lang


@pytest.mark.parametrize("lang, text, entity, span", [
    ("tr", "Evim 1203. Sokak No:7 adresinde.", "STREET_ADDRESS", "1203. Sokak No:7"),
    ("pl", "Uczył w liceum im. Marii Konopnickiej.", "SCHOOL", "liceum im. Marii Konopnickiej"),
    ("pl", "Chodziłam do gimnazjum nr 3.", "SCHOOL", "gimnazjum nr 3"),
])
def test_more_places(lang: str, text: str, entity: str, span: str) -> None:
    assert found(text, entity) == [span], lang


@pytest.mark.parametrize("lang, text, ages", [
    # Swedish, Danish, Norwegian
    ("sv", "När jag var 13 började min tränare skicka meddelanden.", ["13"]),
    ("sv", "Jag var 13 år gammal och visste inte vad jag skulle säga.", ["13 år gammal"]),
    ("sv", "Min 13-åriga dotter fick hans meddelanden.", ["13-åriga"]),
    ("sv", "Vid 13 års ålder flyttade jag.", ["13 års ålder"]),
    ("sv", "Det hände för 5 år sedan, jag har väntat i 3 år.", []),
    ("sv", "Vi var 13 personer på festen.", []),
    ("da", "Da jeg var 13, begyndte min træner at skrive til mig.", ["13"]),
    ("da", "Jeg var 14 år da det skete.", ["14 år"]),
    ("da", "Det var for 5 år siden. Han fik 3 år i fængsel.", []),
    ("no", "Da jeg var 14 år gammel, begynte treneren å sende meldinger.", ["14 år gammel"]),
    # Indonesian
    ("id", "Waktu aku 15 tahun, pelatihku mulai mengirim pesan.", ["15 tahun"]),
    ("id", "Umur 15 tahun aku tidak tahu harus bilang apa.", ["15 tahun"]),
    ("id", "Saat itu usiaku baru 14 tahun.", ["14 tahun"]),
    ("id", "Aku masih 13 tahun waktu itu.", ["13 tahun"]),
    ("id", "Itu terjadi 5 tahun yang lalu, selama 3 tahun aku diam.", []),
    # Vietnamese
    ("vi", "Năm 14 tuổi, thầy bắt đầu nhắn tin cho tôi.", ["14 tuổi"]),
    ("vi", "Khi đó tôi mới mười bốn tuổi.", ["mười bốn tuổi"]),
    ("vi", "Tôi đã im lặng 5 năm.", []),
    # Japanese, Chinese
    ("ja", "14歳の時、コーチに触られました。", ["14歳"]),
    ("ja", "私は当時十四歳でした。", ["十四歳"]),
    ("ja", "万歳と叫んだ。天才だと言われた。", []),
    ("zh", "我14岁的时候，教练开始给我发信息。", ["14岁"]),
    ("zh", "十四歲那年，我不敢告訴任何人。", ["十四歲"]),
    ("zh", "那些岁月里，我十几岁。", []),
    # Korean
    ("ko", "14살 때 코치가 저를 만졌어요.", ["14살"]),
    ("ko", "저는 그때 열네 살이었어요.", ["열네 살"]),
    ("ko", "스무 살이 되어서야 말할 수 있었어요.", ["스무 살"]),
    ("ko", "21세기에 이런 일이. 우리는 같이 살았어요. 네 살던 집.", []),
    # Greek
    ("el", "Ήμουν 14 όταν ο προπονητής μου άρχισε να μου στέλνει μηνύματα.", ["14"]),
    ("el", "Ήμουν 14 χρονών και δεν ήξερα τι να πω.", ["14 χρονών"]),
    ("el", "Όταν ήμουν 13 ετών, ο θείος μου με άγγιξε.", ["13 ετών"]),
    ("el", "Στα 14 μου δεν ήξερα να πω όχι.", ["14"]),
    ("el", "Η 14χρονη κόρη μου πήρε μηνύματα.", ["14χρονη"]),
    ("el", "Ήμουν 3 ώρες στο τμήμα. Του έδωσαν ποινή 5 ετών.", []),
    # Russian, Ukrainian, Hindi: more phrasings
    ("ru", "Мне было 15, когда он начал писать.", ["15"]),
    ("ru", "В возрасте 14 лет я ушла из секции.", ["14 лет"]),
    ("ru", "Моя четырнадцатилетняя дочь получила сообщения.", ["четырнадцатилетняя"]),
    ("uk", "Мені було 14, коли це почалося.", ["14"]),
    ("uk", "Мені 14 років.", ["14 років"]),
    ("hi", "जब मैं 14 की थी, तब यह हुआ।", ["14 की"]),
    ("hi", "मैं सिर्फ़ 13 साल की थी।", ["13 साल की"]),
    ("hi", "14 वर्ष की आयु में यह हुआ।", ["14 वर्ष की"]),
])
def test_ages_in_more_languages(lang: str, text: str, ages: list[str]) -> None:
    assert found(text, "AGE") == ages, lang
