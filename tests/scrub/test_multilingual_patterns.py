"""Ages, streets, schools and local phone formats outside English (issue 13), per language."""

from __future__ import annotations

import pytest

from safe_archive.core.scrub.recognizers.international_phone_recognizer import (
    InternationalPhoneRecognizer,
)
from safe_archive.core.scrub.recognizers.multilingual_quasi_recognizer import (
    MultilingualQuasiRecognizer,
)

REC = MultilingualQuasiRecognizer()


def found(text: str, entity: str) -> list[str]:
    return sorted({text[r.start:r.end] for r in REC.analyze(text, []) if r.entity_type == entity})


@pytest.mark.parametrize("lang, text, ages", [
    ("es", "Tenía 12 años cuando empezó todo.", ["12 años"]),
    ("es", "Eso pasó hace 5 años y todavía duele.", []),
    ("fr", "J'avais 13 ans quand il a commencé.", ["13 ans"]),
    ("fr", "Il y a 3 ans, j'ai porté plainte. Depuis 2 ans je vais mieux.", []),
    ("de", "Ich war 14 Jahre alt, als er anfing.", ["14 Jahre alt"]),
    ("de", "Mit 14 weiß man nicht, wie man nein sagt.", ["14"]),
    ("de", "Die 15-jährige erzählte es ihrer Mutter.", ["15-jährige"]),
    ("de", "Das ist vor 3 Jahren passiert, mit 20 Euro in der Tasche.", []),
    ("nl", "Ik was 15 jaar oud toen hij begon.", ["15 jaar oud"]),
    ("nl", "Dat is 10 jaar geleden.", []),
    ("pt", "Eu tinha 11 anos quando ele começou.", ["11 anos"]),
    ("pt", "Isso foi há 4 anos.", []),
    # durations with words between the cue and the number, or a duration's noun after it
    ("pt", "O clube está fechado há mais de 30 anos.", []),
    ("pt", "Passaram-se uns 50 anos e ninguém falou nisso.", []),
    ("pt", "Ele tem 15 anos de experiência como treinador.", []),
    ("es", "Hace casi 20 años que no lo veo.", []),
    ("es", "Lo condenaron a 8 años de cárcel. Yo tenía 14 años.", ["14 años"]),
    ("fr", "Il y a plus de 10 ans que c'est arrivé.", []),
    ("it", "Avevo 12 anni quando ha cominciato.", ["12 anni"]),
    ("it", "È successo 6 anni fa.", []),
    ("ar", "كان عمري 11 سنة عندما بدأ.", ["11 سنة"]),
    ("ar", "كنت في ١٥ عاماً فقط.", ["١٥ عاماً"]),
    ("ar", "حدث ذلك منذ 5 سنوات.", []),
    ("tr", "9 yaşındaydım ve kimseye anlatmadım.", ["9 yaşındaydım"]),
    ("tr", "O zaman 14 yaşında bir çocuktum.", ["14 yaşında"]),
    ("pl", "Miałam 13 lat, kiedy zaczął pisać.", ["13 lat"]),
    ("pl", "To było 10 lat temu.", []),
    ("pl", "Byłam 16-letnią dziewczyną.", ["16-letnią"]),
])
def test_ages(lang: str, text: str, ages: list[str]) -> None:
    assert found(text, "AGE") == ages, lang


@pytest.mark.parametrize("lang, text, street", [
    ("es", "Vivía en la calle Mayor 12, segundo piso.", "calle Mayor 12"),
    ("es", "Me esperaba en C/ de Alcalá 45 cada tarde.", "C/ de Alcalá 45"),
    ("es", "Era en la Avenida de la Constitución 8.", "Avenida de la Constitución 8"),
    ("fr", "Il m'attendait devant le 12 rue des Lilas.", "12 rue des Lilas"),
    ("fr", "On habitait au 3 avenue Jean Jaurès.", "3 avenue Jean Jaurès"),
    ("de", "Das Haus in der Lindenstraße 14 war seins.", "Lindenstraße 14"),
    ("de", "Seine Praxis war in der Hauptstr. 3a.", "Hauptstr. 3a"),
    ("de", "Wir wohnten Am Mühlenweg 7.", "Am Mühlenweg 7"),
    ("nl", "Het huis aan de Beatrixstraat 5b.", "Beatrixstraat 5b"),
    ("pt", "Na Rua das Flores, 120 ele me esperava.", "Rua das Flores, 120"),
    ("pt", "O consultório fica na Av. Paulista, 1578.", "Av. Paulista, 1578"),
    ("it", "Davanti al portone di via Garibaldi 23.", "via Garibaldi 23"),
    ("it", "Abitava in corso Vittorio Emanuele 112.", "corso Vittorio Emanuele 112"),
    ("ar", "كان البيت في شارع التحرير رقم 5 قرب المدرسة.", "شارع التحرير رقم 5"),
    ("tr", "Atatürk Caddesi No: 15 adresindeki ev.", "Atatürk Caddesi No: 15"),
    ("tr", "Bağdat Cad. No:212 önünde beklerdi.", "Bağdat Cad. No:212"),
    ("pl", "Mieszkał na ul. Mickiewicza 8 w Krakowie.", "ul. Mickiewicza 8"),
    ("pl", "Mieszkanie na ul. Długa 14/3 było jego.", "ul. Długa 14/3"),
])
def test_streets(lang: str, text: str, street: str) -> None:
    got = found(text, "STREET_ADDRESS")  # "Am Mühlenweg 7" also holds "Mühlenweg 7"
    assert street in got and all(g in street for g in got), (lang, got)


@pytest.mark.parametrize("lang, text, school", [
    ("es", "Yo iba al Instituto Miguel de Cervantes.", "Instituto Miguel de Cervantes"),
    ("es", "Estudiaba en el IES Ramiro de Maeztu.", "IES Ramiro de Maeztu"),
    ("fr", "C'était mon prof au lycée Victor-Hugo. Il était gentil.", "lycée Victor-Hugo"),
    ("fr", "À l'école primaire Jules Ferry.", "école primaire Jules Ferry"),
    ("de", "Er war Lehrer am Goethe-Gymnasium in Köln.", "Goethe-Gymnasium"),
    ("de", "Ich ging auf die Realschule am Stadtpark.", "Realschule am Stadtpark"),
    ("nl", "Hij gaf les op het Erasmus College.", "Erasmus College"),
    ("nl", "Op basisschool De Regenboog.", "basisschool De Regenboog"),
    ("pt", "Ele era professor no Escola Estadual Dom Pedro II.", "Escola Estadual Dom Pedro II"),
    ("it", "Era il mio allenatore al liceo Galileo Galilei.", "liceo Galileo Galilei"),
    ("ar", "كان مدرّبي في مدرسة الأمل الثانوية.", "مدرسة الأمل الثانوية"),
    ("tr", "Kadıköy Anadolu Lisesi okulundaki antrenörümdü.", "Kadıköy Anadolu Lisesi"),
    ("pl", "Chodziłam do Szkoła Podstawowa nr 12 w Gdańsku.", "Szkoła Podstawowa nr 12"),
    ("pl", "Uczył w Liceum im. Adama Mickiewicza.", "Liceum im. Adama Mickiewicza"),
])
def test_schools(lang: str, text: str, school: str) -> None:
    assert found(text, "SCHOOL") == [school], lang


@pytest.mark.parametrize("text, phone", [
    ("Meine Nummer: +49 (0)151 2345 6789, ruf an.", "+49 (0)151 2345 6789"),
    ("Meu número é (51) 9 2976-3140. Me chama.", "(51) 9 2976-3140"),
    ("Mijn nummer is 06-12345678.", "06-12345678"),
    ("Il mio numero è +39 347 123 4567.", "+39 347 123 4567"),
    ("Numaram 0532 123 45 67, yaz bana.", "0532 123 45 67"),
    ("Mój numer to 601-234-567.", "601-234-567"),
    ("رقمي 050 123 4567", "050 123 4567"),
])
def test_local_phone_formats(text: str, phone: str) -> None:
    rec = InternationalPhoneRecognizer()
    spans = {text[r.start:r.end] for r in rec.analyze(text, [])}
    assert phone in spans or any(phone in s for s in spans), spans
