"""Names in Japanese, Korean, Vietnamese and Hindi by cues (issue 13): honorifics, surnames,
words for a person, "my name is"; ordinary words that look alike stay."""

from __future__ import annotations

import pytest

from safe_archive.core.scrub.multilingual import LanguageParts
from safe_archive.core.scrub.recognizers.cue_names import cue_names


@pytest.mark.parametrize("lang, text, expected", [
    ("ja", "コーチの佐藤健一に触られました", ["佐藤健一"]),
    ("ja", "先週、鈴木さんに相談しました。", ["鈴木"]),
    ("ja", "田中先生は優しかったけど、怖かった。", ["田中"]),
    ("ja", "高橋監督に呼ばれて、部屋に行った。", ["高橋"]),
    ("ja", "ジョンさんは英語を教えていた。", ["ジョン"]),
    ("ja", "数学の先生に言ったけど、信じてもらえなかった。", []),
    ("ja", "校長先生も知っていた。", []),
    ("ja", "お母さんと叔父さんには言えなかった。", []),
    ("ja", "松本に住んでいた頃、中村区の学校に通っていた。", []),
    ("ja", "森林の中を一人で歩いた。", []),
    ("ko", "박민수 선생님이 저를 만졌어요.", ["박민수"]),
    ("ko", "김지현입니다. 저는 그때 열다섯 살이었어요.", ["김지현"]),
    ("ko", "제 이름은 이서연입니다.", ["이서연"]),
    ("ko", "최유진 씨가 도와줬어요.", ["최유진"]),
    ("ko", "이사장입니다. 정말로 고마워요.", []),
    ("ko", "김치찌개를 먹었어요. 선생님이 화를 냈어요.", []),
    ("vi", "Tôi tên là Nguyễn Thị Lan, năm đó tôi 14 tuổi.", ["Nguyễn Thị Lan"]),
    ("vi", "Thầy Trần Văn Hùng đã nhắn tin cho tôi mỗi đêm.", ["Trần Văn Hùng"]),
    ("vi", "Chị Mai nói với tôi rằng anh ấy cũng làm vậy.", ["Mai"]),
    ("vi", "Tôi sống ở Hà Nội và học ở Việt Nam.", []),
    # a common given name alone inside a sentence (not after a word for a place or language)
    ("vi", "Hôm đó tôi gặp Hùng ở trường.", ["Hùng"]),
    ("vi", "Tôi đã nói với Phương nhưng không ai tin.", ["Phương"]),
    ("vi", "Tôi sống ở miền Nam, học tiếng Anh và tiếng Đức, bạn tôi là người Nhật.", []),
    ("vi", "Mùa Thu năm đó tôi học lớp Anh văn ở trường Minh Khai.", []),
    ("hi", "मेरा नाम प्रिया शर्मा है और मेरे कोच राजेश जी ने मुझे छुआ।", ["प्रिया शर्मा", "राजेश"]),
    ("hi", "श्री अनिल कुमार हमारे स्कूल के प्रिंसिपल थे।", ["अनिल कुमार"]),
    ("hi", "माता जी ने कुछ नहीं कहा। हाँ जी, मैं समझ गई।", []),
    ("hi", "आपका नाम क्या है? श्रीलंका में कोई नहीं जानता।", []),
    # without an honorific: a word for a person before the name, or a particle after it
    ("ko", "14살 때 코치 박민수가 저를 만졌어요.", ["박민수"]),
    ("ko", "김지영에게 말했는데 믿어주지 않았어요.", ["김지영"]),
    ("ko", "담임 이지은 선생님도 알고 있었어요.", ["이지은"]),
    ("ko", "선배 최유진이 도와줬어요.", ["최유진"]),
    ("ko", "지하철이 늦었어요. 강아지가 짖었어요. 이미지를 봤어요.", []),
    ("ko", "이야기를 하고 싶어요. 고양이가 울어요. 정부가 발표했어요.", []),
    ("ko", "장난감을 샀어요. 한국인이 많아요. 이상한 사람이 있었어요.", []),
    # Japanese given names alone (kanji) and hiragana names before an honorific
    ("ja", "健一さんは優しかった。", ["健一"]),
    ("ja", "コーチのたかしさんに触られました。", ["たかし"]),
    ("ja", "おかあさんとゆきちゃんに言った。", ["ゆき"]),
    ("ja", "おかあさんとおばあちゃんには言えなかった。", []),
    ("ja", "たくさん泣いた。みなさん、ありがとう。あかちゃんが泣いていた。", []),
    ("ja", "もっとちゃんと言えばよかった。あの先生に言った。このさんぽ道で。", []),
    ("ja", "友達さんが来た。友人さんと知人さんと大人君もいた。", []),
    # Hindi: a kin or role word before the name ("my coach Rajesh", "uncle Rajesh") or a
    # kin word after it ("Rajesh uncle"), the name ending before a postposition
    ("hi", "मेरे कोच राजेश ने मुझे छुआ। मेरे चाचा राजेश को सब पता था।", ["राजेश", "राजेश"]),
    ("hi", "चाचा राजेश शर्मा को सब पता था।", ["राजेश शर्मा"]),
    ("hi", "राजेश चाचा ने कुछ नहीं कहा।", ["राजेश"]),
    ("hi", "मेरी सहेली नेहा और मैं स्कूल जाते थे।", ["नेहा"]),
    ("hi", "मेरे कोच ने मुझे छुआ। मेरे चाचा घर पर थे।", []),
    ("hi", "मेरे चाचा हमेशा से ऐसे थे। बड़े चाचा ने कहा।", []),
    # common given names with a surname, or alone before a postposition
    ("hi", "राजेश शर्मा ने मुझे उस दिन फ़ोन किया।", ["राजेश शर्मा"]),
    ("hi", "मैंने प्रिया वर्मा को सब बताया।", ["प्रिया वर्मा"]),
    ("hi", "राजेश ने मुझे छुआ। नेहा को सब पता था।", ["राजेश", "नेहा"]),
    ("hi", "मैं स्कूल से घर आई। सिंह साहब ने कहा। आकाश ने बारिश दी। पूजा के बाद हम गए।", []),
])
def test_cue_names(lang: str, text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in cue_names(lang, text, 0, len(text))] == expected


@pytest.fixture(scope="module")
def parts(names, words) -> LanguageParts:  # type: ignore[no-untyped-def]
    return LanguageParts.build(words, names)


@pytest.mark.parametrize("text", [
    "Tôi tên là Nguyễn Thị Lan và tôi muốn kể câu chuyện của mình.",
    "コーチの佐藤健一に触られました。誰にも言えなかった。",
    "박민수 선생님이 저를 만졌어요. 아무도 믿어주지 않았어요.",
])
def test_english_parts_off_in_cued_languages(parts: LanguageParts, text: str) -> None:
    """The English NERs and name list found "Tôi" and half a kanji name here: their results
    in these stretches are dropped and the cues' names kept."""
    from presidio_analyzer import RecognizerResult

    from safe_archive.core.scrub.multilingual import by_language

    fake = RecognizerResult("PERSON", 0, 3, 0.9, recognition_metadata={
        RecognizerResult.RECOGNIZER_NAME_KEY: "ContextNerRecognizer"})
    kept = by_language(text, [fake], parts)
    assert fake not in kept and len(kept) == 1
