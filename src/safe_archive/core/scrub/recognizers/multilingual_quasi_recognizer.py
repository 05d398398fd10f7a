"""AGE, STREET_ADDRESS and SCHOOL outside English (es fr de nl pt it ar tr pl).

Patterns, not a model: "tenía 12 años", "j'avais 13 ans", "14 Jahre alt", "mit 14",
"15 jaar oud", "11 anos", "avevo 12 anni", "11 سنة", "9 yaşındaydım", "miałam 13 lat";
"calle Mayor 12", "12 rue des Lilas", "Lindenstraße 14", "Beatrixstraat 5b", "Rua das Flores,
120", "via Garibaldi 23", "شارع التحرير رقم 5", "Atatürk Caddesi No: 15", "ul. Mickiewicza 8";
"Instituto Miguel de Cervantes", "lycée Victor-Hugo", "Goethe-Gymnasium", "Erasmus College",
"Escola Estadual Dom Pedro II", "liceo Galileo Galilei", "مدرسة الأمل", "Kadıköy Anadolu
Lisesi", "Szkoła Podstawowa nr 12". Durations ("hace 5 años", "il y a 3 ans", "vor 2 Jahren",
"5 yıl önce") are not ages. They run on every post (cheap; the words are unambiguous).
"""

from __future__ import annotations

import re

from safe_archive.core.scrub.entities import AGE, SCHOOL, STREET_ADDRESS
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer, RegexRule

_N = r"(?P<n>[0-9٠-٩]{1,2})"
_UP = r"A-ZÀ-ÖØ-ÞĀ-Žİ"  # capital letters (Latin, with the accents of these languages)
_CAP = rf"[{_UP}][\w'’-]*"
_AR = r"[\u0621-\u064A\u0660-\u0669\u066E-\u06D3]+"
_AR_YEARS = r"(?:سنوات|سنين|سنة|عاماً|عامًا|عاما|عام)"  # longest first: "عاماً" ends in a mark
# "الثانية عشرة" (the twelfth), "الخامسة عشرة", "العاشرة": an age said as an ordinal
_AR_ORDINAL = (r"ال(?:أولى|ثانية|ثالثة|رابعة|خامسة|سادسة|سابعة|ثامنة|تاسعة|عاشرة|حادية|ثاني|ثالث|"
               r"رابع|خامس|سادس|سابع|ثامن|تاسع|عاشر|حادي|عشرين)(?:\s+(?:عشرة|عشر|والعشرين))?")


def _rule(name: str, pattern: str, entity: str, score: float = 0.65, group: str | int = 0
          ) -> RegexRule:
    """``group``: the part reported (an age's number and unit, not "mit"/"war ich")."""
    return RegexRule(name, re.compile(pattern), score, entity, group)


AGE_RULES = [
    # es/pt: "12 años", "11 anos" (not "hace 5 años", "há 3 anos", "3 anos atrás", "durante")
    _rule("años/anos",
          rf"(?i)(?<!hace )(?<!hacía )(?<!durante )(?<!há )(?<!faz )(?<!por )(?<!desde )"
          rf"(?<!dentro de )(?<!en )(?<!em )(?<!\w){_N}\s*(?:años|añitos|anos|aninhos)\b"
          rf"(?!\s+(?:atrás|después|despues|depois|más tarde|mais tarde|antes))", AGE),
    # fr: "13 ans" (not "il y a 3 ans", "depuis", "pendant", "3 ans plus tard")
    _rule("ans",
          rf"(?i)(?<!y a )(?<!depuis )(?<!pendant )(?<!dans )(?<!en )(?<!\w){_N}\s*ans\b"
          r"(?!\s+(?:plus tard|après|apres|avant|auparavant|de prison))", AGE),
    # de: "14 Jahre alt", "mit 14 (Jahren)", "14-jährige", "war ich 15 Jahre"
    _rule("Jahre alt", rf"(?<!\w){_N}\s*Jahre?\s+alt\b", AGE, 0.7),
    _rule("mit N", rf"\b[Mm]it\s+(?P<a>{_N}(?:\s+Jahren?(?:\s+alt)?)?)\b(?!\s*(?:[.,]\d|Euro|€|km|Minuten|Stunden|"
                   r"Tagen|Wochen|Monaten|Prozent|%|Leuten|Personen|Freunden|Jungs))", AGE, 0.6, "a"),
    _rule("N-jährig", rf"(?<!\w){_N}-?jährige?[nrms]?\b", AGE, 0.7),
    _rule("war N Jahre", rf"\b(?:war|bin|wurde|ist|sind|waren)\s+(?:ich\s+|er\s+|sie\s+|wir\s+)?"
                         rf"(?:erst\s+|gerade\s+|knapp\s+|damals\s+)?(?P<a>{_N}(?:\s+Jahre(?:\s+alt)?)?)\b"
                         r"(?!\s*(?:[.,:]\d|Uhr|Minuten|Stunden|Tage|Wochen|Monate|Mal|km|%))",
          AGE, 0.6, "a"),
    # nl: "15 jaar oud", "ik was 15 (jaar)", "met 15 (jaar)"
    _rule("jaar oud", rf"(?<!\w){_N}\s*jaar\s+oud\b", AGE, 0.7),
    _rule("was N jaar", rf"(?i)\b(?:was|ben|werd|toen|met)\s+(?:ik\s+|hij\s+|zij\s+|ze\s+)?"
                        rf"(?:pas\s+|net\s+|toen\s+)?(?P<a>{_N}\s+jaar(?:\s+oud)?)\b(?!\s+(?:geleden|later))",
          AGE, 0.6, "a"),
    # it: "12 anni" (not "3 anni fa", "da 2 anni", "per 5 anni", "tra")
    _rule("anni", rf"(?i)(?<!da )(?<!per )(?<!tra )(?<!fra )(?<!dopo )(?<!\w){_N}\s*anni\b"
                  r"(?!\s+(?:fa|dopo|prima|più tardi|di carcere))", AGE),
    # ar: "11 سنة", "15 عاماً", "عمري 11" (not "منذ 5 سنوات": since/ago)
    _rule("سنة", rf"(?<!منذ )(?<!قبل )(?<!\w){_N}\s*{_AR_YEARS}"
                rf"(?!\w)(?!\s+مضت)", AGE),
    _rule("عمري", rf"(?:عمري|عمرها|عمره|عمرى)\s+(?:كان\s+)?(?P<a>{_N}(?:\s*{_AR_YEARS})?)(?![\d\w])", AGE, 0.7, "a"),
    # tr: "9 yaşındaydım", "14 yaşında", "12 yaşımda"
    _rule("yaşında", rf"(?i)(?<!\w){_N}\s*(?:'|’)?\s*yaş(?:ında|ındaydım|ındaydı|ındayken|ımda|"
                     r"ındaki|ındaydık|ına|ında\w*|ım\w*)?(?!\w)", AGE, 0.7),
    # es/pt: "A los 12, …", "Aos 12, …" (a number alone then a pause: "a los 12 minutos" no)
    _rule("a los N", rf"\b(?:[Aa]\s+los|[Aa]os)\s+(?P<a>{_N})(?=\s*[,;:!?)]|\.(?!\d))", AGE,
          0.6, "a"),
    # es/pt/fr/it: "tenía 14, …", "j'avais 14 et …" (the number alone before a pause or a
    # clause: "tenía 3 hermanos" no)
    _rule("tenía N", rf"(?i)\b(?:tenía|tenia|tenías|tenían|cumplí|cumplía|tinha|tinhas|fiz|avais|"
                     rf"avait|avevo|aveva|avevi|compiuto)\s+(?:solo\s+|sólo\s+|apenas\s+|só\s+|"
                     rf"seulement\s+|à\s+peine\s+|solo\s+)?(?P<a>{_N})(?=\s*[,;:!?)]|\.(?!\d)|\s*$|"
                     r"\s+(?:y|e|et|ed|cuando|quando|quand|mais|ma|pero|mas)\b)", AGE, 0.65, "a"),
    # es/pt/nl/de: "a la edad de 12", "com a idade de 12", "op de leeftijd van 12",
    # "im Alter von 12 (Jahren)"
    _rule("edad de N", rf"(?i)\b(?:edad|idade|leeftijd|alter)\s+(?:de|van|von)\s+"
                       rf"(?P<a>{_N}(?:\s+(?:años|anos|jaar|jahren))?)\b", AGE, 0.7, "a"),
    # de: "als ich 12 war", "wo er 15 wurde"
    _rule("als ich N war", rf"(?i)\b(?:als|wo|da|wie)\s+(?:ich|er|sie)\s+(?:erst\s+|gerade\s+|"
                           rf"knapp\s+|noch\s+)?(?P<a>{_N}(?:\s+Jahre(?:\s+alt)?)?)\s+"
                           r"(?:war|wurde|bin)\b", AGE, 0.7, "a"),
    # nl: "toen ik 12 was", "toen ze 15 werd", "op mijn 12e", "12-jarige", "een meisje van 12"
    _rule("toen ik N was", rf"(?i)\btoen\s+(?:ik|hij|zij|ze)\s+(?:pas\s+|net\s+|nog\s+)?"
                           rf"(?P<a>{_N}(?:\s+jaar(?:\s+oud)?)?)\s+(?:was|werd)\b",
          AGE, 0.7, "a"),
    # "vanaf mijn 12e"; "op mijn 12e" only before a pause or a verb ("op mijn 3e poging" no)
    _rule("vanaf mijn 12e", rf"(?i)\b(?:vanaf|sinds)\s+(?:mijn|m['’]n|zijn|z['’]n|haar)\s+"
                            rf"(?P<a>{_N}(?:e|de|ste))\b", AGE, 0.7, "a"),
    _rule("op mijn 12e", rf"(?i)\bop\s+(?:mijn|m['’]n|zijn|z['’]n|haar)\s+"
                         rf"(?P<a>{_N}(?:e|de|ste)(?:\s+(?:jaar|levensjaar|verjaardag))?)"
                         r"(?=\s*[,.;:!?)]|\s*$|\s+(?:begon|werd|kreeg|ging|was|had|heeft|ben|"
                         r"moest|kwam|zat|al|pas|toen|wist|woonde|is)\b)", AGE, 0.7, "a"),
    _rule("N-jarig", rf"(?i)(?<!\w){_N}-?jarige?n?\b", AGE, 0.7),
    _rule("meisje van N", rf"(?i)\b(?:meisje|meid|jongen|jongetje|kind|dochter|dochtertje|zoon|"
                          rf"zoontje|nichtje|neefje|zus|zusje|broer|broertje|tiener|leerling)\s+van\s+"
                          rf"(?P<a>{_N}(?:\s+jaar(?:\s+oud)?)?)\b(?!\s*(?:[.,:]\d|euro|€|%|kilo|cm|km))",
          AGE, 0.65, "a"),
    # it: "quindicenne", "una tredicenne" (ages 6-50 as one word)
    _rule("-enne", r"(?i)\b(?:sei|sett|ott|nov|dec|undic|dodic|tredic|quattordic|quindic|sedic|"
                   r"diciassett|diciott|diciannov|vent|trent|quarant|cinquant)enn[ei]\b", AGE, 0.7),
    # ar: "في الثانية عشرة من عمري" (at twelve of my age), "في سن 12", "بعمر 12"
    _rule("من عمري", rf"(?:في\s+(?:سن\s+)?|بعمر\s+|بسن\s+)(?P<a>{_AR_ORDINAL}(?:\s+من\s+(?:عمري|"
                     r"عمرها|عمره|العمر))?)(?!\w)", AGE, 0.7, "a"),
    _rule("في سن", rf"(?:في\s+سن|بعمر|بسن)\s+(?P<a>{_N}(?:\s*{_AR_YEARS})?)(?![\d\w])",
          AGE, 0.7, "a"),
    # tr: "on iki yaşımdayken" (number words)
    _rule("iki yaşında", r"(?i)(?<!\w)(?:(?:on|yirmi|otuz)\s+)?(?:bir|iki|üç|dört|beş|altı|yedi|"
                         r"sekiz|dokuz|on|yirmi|otuz)\s+yaş(?:ında\w*|ım\w*|ına)(?!\w)", AGE, 0.7),
    # pl: "12-latka", "dwunastoletnia", "trzynastolatek"
    _rule("N-latek", rf"(?i)(?<!\w){_N}-?lat(?:ek|ka|ki|ku|kiem|kę|kom)\b", AGE, 0.7),
    # (11-19 only: "pięcioletni plan" is a five-year plan)
    _rule("dwunastoletni", r"(?i)\b(?:jedenasto|dwunasto|trzynasto|czternasto|piętnasto|szesnasto|siedemnasto|"
                           r"osiemnasto|dziewiętnasto)(?:letni\w*|lat(?:ek|ka|ki|ku|kiem|kę|kom))\b",
          AGE, 0.7),
    # ru/uk: "мне было 15 лет", "в 15 лет", "15-летняя", "мені було 15 років", "у 15 років",
    # "15-річна" (not "5 лет назад", "через 3 года", "15 років тому")
    _rule("мне было N лет", rf"(?i)(?:(?:мне|ему|ей|тебе|мені|йому|їй|тобі)\s+(?:(?:было|исполнилось|"
                            rf"было\s+всего|було|виповнилося)\s+)?(?:всего\s+|только\s+|лишь\s+|лише\s+|"
                            rf"тільки\s+|всього\s+)?|(?<!\w)[вуВУ]\s+(?:возрасте\s+|віці\s+)?)"
                            rf"(?P<a>{_N}\s*(?:лет|года|год|років|роки|рік)"
                            r")(?!\w)(?!\s+(?:назад|тому|спустя|потому))", AGE, 0.7, "a"),
    # "мне было 15, когда …", "мені було 14, коли …" (the number alone before a pause)
    _rule("мне было N,", rf"(?i)(?:мне|ему|ей|мені|йому|їй)\s+(?:было|було)\s+(?:всего\s+|только\s+|"
                         rf"лишь\s+|лише\s+|тільки\s+|всього\s+)?(?P<a>{_N})(?=\s*[,;:!?)—–]|\.(?!\d)|"
                         r"\s*$|\s+(?:когда|и|а|коли|і|й|тогда|тоді)\b)", AGE, 0.7, "a"),
    # "четырнадцатилетняя", "чотирнадцятирічна" (11-19 only, as in Polish)
    _rule("четырнадцатилетний", r"(?i)(?<!\w)(?:одиннадцати|двенадцати|тринадцати|четырнадцати|"
                                r"пятнадцати|шестнадцати|семнадцати|восемнадцати|девятнадцати)летн\w*"
                                r"|(?<!\w)(?:одинадцяти|дванадцяти|тринадцяти|чотирнадцяти|"
                                r"п['’]ятнадцяти|шістнадцяти|сімнадцяти|вісімнадцяти|"
                                r"дев['’]ятнадцяти)річн\w*", AGE, 0.7),
    _rule("N-летний", rf"(?i)(?<!\w){_N}-?(?:летн|річн)\w*", AGE, 0.7),
    # hi: "14 साल की थी", "14 साल का लड़का", "14 साल की उम्र में", "उम्र 14" (not "5 साल पहले",
    # "3 साल से")
    # (the danda "।" ends a sentence: not a letter)
    _rule("N साल की", rf"(?<!\w)(?P<a>{_N}\s*(?:साल|वर्ष)\s+(?:की|का|के))\s+(?:थी|था|थे|उम्र|आयु|"
                     r"लड़की|लड़का|बच्ची|बच्चा|बेटी|बेटा|थीं)(?![\u0900-\u0963\u0966-\u097F])", AGE, 0.7, "a"),
    _rule("उम्र N", rf"(?:उम्र|आयु)\s+(?:में\s+|थी\s+|सिर्फ\s+|केवल\s+)?(?P<a>{_N}(?:\s*(?:साल|वर्ष))?)"
                   r"(?![\d\u0900-\u0963\u0966-\u097F])", AGE, 0.7, "a"),
    # "जब मैं 14 की थी" (when I was 14: no word for years)
    _rule("मैं N की थी", rf"(?:मैं|वह|वो)\s+(?:(?:सिर्फ़|सिर्फ़|सिर्फ|केवल|बस|तब|तो)\s+)?"
                       rf"(?P<a>{_N}\s+(?:की|का|के))\s+(?:थी|था|थे|थीं)(?![\u0900-\u0963\u0966-\u097F])",
          AGE, 0.7, "a"),
    # pl: "13 lat", "miałam 13 lat", "13-letnia" (not "13 lat temu", "przez 3 lata", "od")
    _rule("lat", rf"(?i)(?<!przez )(?<!od )(?<!po )(?<!za )(?<!\w){_N}\s*(?:lat|lata|latka)\b"
                 r"(?!\s+(?:temu|później|wcześniej|więzienia))", AGE),
    _rule("N-letni", rf"(?i)(?<!\w){_N}-?letni\w*", AGE, 0.7),
    # sv/da/no: "när jag var 13", "da jeg var 13 år", "jag var 13 år gammal", "13-åring",
    # "vid 13 års ålder" (not "för 5 år sedan", "for 3 år siden", "i 3 år")
    _rule("när jag var N", rf"(?i)\b(?:när|då|da|når)\s+(?:jag|jeg|eg|han|hon|hun|hen|vi|du)\s+"
                           rf"(?:(?:bara|kun|bare|endast|knappt|knapt)\s+)?(?:var|blev|ble|fyllde|"
                           rf"fyldte|fylte)\s+(?:(?:bara|kun|bare|endast|knappt|knapt|omkring|"
                           rf"cirka)\s+)?(?P<a>{_N}(?:\s*år(?:\s+(?:gammal|gamla|gammel|gamle))?)?)"
                           r"(?!\w)(?!\s*(?:[.,:]\d|kr\b|minut|timm|timer|dag|veck|uge|uke|"
                           r"månad|måned|%|procent|prosent|kilo|kg|cm|personer))", AGE, 0.7, "a"),
    _rule("N år gammal", rf"(?i)(?<!\w){_N}\s*år\s+(?:gammal|gamla|gammel|gamle)\b", AGE, 0.7),
    _rule("jag var N år", rf"(?i)\b(?:jag|jeg|eg|han|hon|hun|hen|vi|du)\s+(?:var|är|er|blev|ble|"
                          rf"fyllde|fyldte|fylte)\s+(?:(?:bara|kun|bare|endast|knappt|knapt)\s+)?"
                          rf"(?P<a>{_N}(?:\s*år\b(?!\s+(?:gam\w*|sedan|siden|senare|senere|tidigare|"
                          r"tidligere|i\s+fängelse|i\s+fængsel|i\s+fengsel)\b)|(?=\s*[,;:!?)]|"
                          r"\.(?!\d)|\s*$|\s+(?:och|og|men|när|då|da|når)\b)))", AGE, 0.65, "a"),
    _rule("N-åring", rf"(?i)(?<!\w){_N}-?(?:åri(?:g|ga|gt|ge|ng|ngen|ngar|nger)|årsålder\w*)\b",
          AGE, 0.7),
    _rule("vid N års ålder", rf"(?i)\b(?:vid|ved)\s+(?P<a>{_N}\s+års\s+(?:ålder|alder))\b",
          AGE, 0.7, "a"),
    _rule("ålder av N", rf"(?i)\b(?:ålder|alder)\s+(?:av|af|på)\s+(?P<a>{_N}(?:\s+år)?)\b",
          AGE, 0.7, "a"),
    # id/ms: "umur 15 tahun", "usia 15", "waktu aku 15 tahun", "aku masih 15 tahun", "anak
    # perempuan 15 tahun" (not "15 tahun yang lalu", "selama 3 tahun")
    _rule("umur N", rf"(?i)\b(?:umur|usia|berumur|berusia|umurku|usiaku|umurnya|usianya)\s+"
                    rf"(?:(?:baru|masih|sekitar|kira-kira|sudah|udah)\s+)?(?P<a>{_N}(?:\s*"
                    r"(?:tahun|thn|th)\b)?)(?!\s*(?:[.,:]\d|bulan|hari|minggu|jam|menit|%|persen))",
          AGE, 0.7, "a"),
    _rule("waktu aku N tahun", rf"(?i)\b(?:waktu|saat|ketika|pas|sewaktu|semasa|dulu)\s+(?:aku|saya|"
                               rf"gue|gw|gua|dia|kami|ia)\s+(?:(?:baru|masih|sekitar)\s+)?"
                               rf"(?P<a>{_N}(?:\s*(?:tahun|thn|th)\b|(?=\s*[,;:!?)]|\.(?!\d))))",
          AGE, 0.7, "a"),
    _rule("aku masih N tahun", rf"(?i)\b(?:aku|saya|gue|gw|dia|ia|anak|gadis|cewek|cowok|remaja|bocah|"
                               rf"siswi|siswa|putri|putra|adik|perempuan|laki-laki|murid)\s+"
                               rf"(?:(?:masih|baru|berusia|berumur|umur|usia)\s+)?(?P<a>{_N}\s*"
                               r"(?:tahun|thn|th))\b(?!\s+(?:yang\s+lalu|lalu|kemudian|lamanya))",
          AGE, 0.65, "a"),
    # vi: "14 tuổi", "năm 14 tuổi", "mười bốn tuổi" ("tuổi" is only an age)
    _rule("N tuổi", rf"(?i)(?<!\w)(?P<a>{_N}\s*tuổi)(?!\w)", AGE, 0.7, "a"),
    _rule("mười bốn tuổi", r"(?i)(?<!\w)(?:(?:mười|hai\s+mươi)(?:\s+(?:một|mốt|hai|ba|bốn|tư|năm|"
                           r"lăm|sáu|bảy|tám|chín))?|một|hai|ba|bốn|năm|sáu|bảy|tám|chín)\s+tuổi(?!\w)",
          AGE, 0.7),
    # ja/zh: "14歳", "14才", "十四歳", "14岁", "十四歲", "14周岁" (not "岁月", time); CJK text has no
    # spaces, so the number may follow a letter ("私は14歳")
    _rule("14歳", r"(?<![0-9０-９])(?P<a>(?P<n>[0-9０-９]{1,2})\s*(?:歳|才|さい|周岁|週歲|周歲|岁|歲))"
                 r"(?!月)", AGE, 0.7, "a"),
    _rule("十四歳", r"(?<![一二三四五六七八九十百千万两兩几幾何])(?:[一二三四五六七八九两兩]?十"
                   r"[一二三四五六七八九]?|[一二三四五六七八九两兩])(?:歳|才|周岁|週歲|周歲|岁|歲)(?!月)",
          AGE, 0.7),
    # ko: "14살", "14세" (not "14세기", a century), "열네 살", "스무 살" (not "살았다", lived)
    _rule("14살", r"(?<![0-9])(?P<a>(?P<n>[0-9]{1,2})\s?(?:살|세(?![기대트])))", AGE, 0.7, "a"),
    _rule("열네 살", r"(?<![가-힣])(?P<a>(?:(?:열|스물|서른|마흔)(?:\s?(?:한|두|세|네|다섯|여섯|일곱|"
                    r"여덟|아홉))?|스무|한|두|세|네|다섯|여섯|일곱|여덟|아홉)\s?살)(?=$|[^가-힣]|때|이|에|의|"
                    r"짜리|밖|부터|까지|였|은|는|도|쯤|인|로|을|를)", AGE, 0.7, "a"),
    # el: "ήμουν 14", "14 χρονών", "13 ετών", "στα 14 μου", "14χρονη", "δεκατετράχρονη" (not
    # "ποινή 5 ετών", a sentence; "πριν από 5 χρόνια", ago)
    _rule("ήμουν N", rf"(?i)(?<!\w)(?:ήμουν|ήμουνα|ήσουν|ήμασταν|έκλεισα|έκλεινα|γινόμουν)\s+"
                     rf"(?:(?:μόλις|μόνο|μόνον|περίπου|σχεδόν)\s+)?(?P<a>{_N}(?:\s+(?:χρονών|χρονώ|"
                     r"ετών|χρόνων))?)(?!\w)(?!\s*(?:[.,:]\d|ώρ|λεπτ|μέρ|ημέρ|ευρώ|€|%|χιλ|χλμ|κιλ|"
                     r"άτομα|μέτρ|εβδομ|μήν|χρόνια|φορ))", AGE, 0.7, "a"),
    _rule("N χρονών", rf"(?i)(?<!ποινή )(?<!ποινής )(?<!φυλάκιση )(?<!φυλάκισης )(?<!κάθειρξη )"
                      rf"(?<!διάρκειας )(?<!άνω των )(?<!κάτω των )(?<!\w){_N}\s*(?:χρονών|χρονώ|ετών)"
                      r"(?!\w)", AGE, 0.7),
    _rule("στα N μου", rf"(?i)\bστα\s+(?P<a>{_N})\s+(?:μου|της|του|σου)\b", AGE, 0.7, "a"),
    _rule("N-χρονη", rf"(?i)(?<!\w){_N}-?χρον(?:η|ος|ο|ης|ου|ων|ες|οι|α)(?!\w)", AGE, 0.7),
    _rule("δεκατετράχρονη", r"(?i)(?<!\w)(?:εντεκ|δωδεκ|δεκατρι|δεκατεσσερ|δεκατετρ|δεκαπεντ|δεκαεξ|"
                            r"δεκαεφτ|δεκαεπτ|δεκαοχτ|δεκαοκτ|δεκαεννι|δεκαενν)[αάώω]χρον\w*", AGE, 0.7),
]

STREET_RULES = [
    # es: "calle Mayor 12", "C/ de Alcalá 45", "Avenida de la Constitución 8"
    _rule("calle",
          rf"(?i:\b(?:calle|c/|avenida|avda\.|paseo|plaza|camino|carrera|ronda|travesía|"
          rf"carretera))\s+(?:(?:de\s+)?(?:la|los|las|el|del|de)\s+)?{_CAP}"
          rf"(?:\s+(?:(?:de\s+)?(?:la|los|las|el|del|de|y)\s+)?{_CAP}){{0,3}},?\s+"
          r"(?:n[º°o]\.?\s*)?\d{1,4}[A-Za-z]?\b", STREET_ADDRESS, 0.75),
    # fr: "12 rue des Lilas", "3 avenue Jean Jaurès", "8 bis rue Victor Hugo"
    _rule("rue",
          rf"(?<!\w)\d{{1,4}}(?:\s*(?:bis|ter))?,?\s+(?i:rue|avenue|av\.|boulevard|bd|place|"
          rf"allée|impasse|chemin|quai|cours|route|square)\s+(?:(?:de\s+la|de\s+l['’]|des|du|de|"
          rf"d['’])\s*)?{_CAP}(?:\s+{_CAP}){{0,3}}", STREET_ADDRESS, 0.75),
    # de/nl: "Lindenstraße 14", "Hauptstr. 3a", "Beatrixstraat 5b", "Prinsengracht 263"
    _rule("-straße",  # ("Omkring 20": "around" in Danish and Swedish)
          rf"(?<!\w)(?!Omkring\b)[{_UP}][\w-]*(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer|"
          r"chaussee|straat|laan|gracht|plein|kade|singel|dijk|steeg|dreef|"
          r"gatan|vägen|gränd|torget|gade|vej|stræde|veien|gata|gaten)\s+\d{1,4}"
          r"(?:\s?[a-zA-Z](?!\w))?(?:/\d{1,4})?\b", STREET_ADDRESS, 0.75),
    _rule("Am Weg", rf"\b(?:Am|An der|Im|Auf der|Zum|Zur|In der)\s+[{_UP}][\w-]+\s+\d{{1,4}}"
                    r"(?:\s?[a-z](?!\w))?\b", STREET_ADDRESS, 0.7),
    # pt: "Rua das Flores, 120", "Av. Paulista, 1578", "Travessa do Carmo, 9"
    _rule("rua",
          rf"(?i:\b(?:rua|r\.|avenida|av\.|travessa|tv\.|alameda|al\.|praça|estrada|rodovia|"
          rf"largo))\s+(?:(?:d[aeo]s?)\s+)?{_CAP}(?:\s+(?:(?:d[aeo]s?)\s+)?{_CAP}){{0,3}},?\s+"
          r"(?:n[º°o]\.?\s*)?\d{1,5}\b", STREET_ADDRESS, 0.75),
    # it: "via Garibaldi 23", "corso Vittorio Emanuele 112", "piazza Dante 3"
    _rule("via",
          rf"(?i:\b(?:via|viale|corso|piazza|p\.zza|largo|vicolo|piazzale|strada))\s+"
          rf"(?:(?:del|della|dei|degli|delle|di|de)\s+)?{_CAP}(?:\s+{_CAP}){{0,3}},?\s+"
          r"\d{1,4}[a-zA-Z]?\b", STREET_ADDRESS, 0.75),
    # ar: "شارع الملك فهد 12", "شارع التحرير رقم 5"
    _rule("شارع", rf"(?:شارع|طريق|حي)\s+{_AR}(?:\s+{_AR}){{0,2}}?\s+(?:رقم\s+)?[0-9٠-٩]{{1,4}}",
          STREET_ADDRESS, 0.75),
    # tr: "Atatürk Caddesi No: 15", "Gül Sokak No. 7", "Bağdat Cad. No:212"
    _rule("caddesi",
          rf"(?<!\w)[{_UP}][\w]*(?:\s+[{_UP}][\w]*){{0,2}}\s+(?:Caddesi|Cad\.|Cd\.|Sokak|Sokağı|"
          r"Sk\.|Sok\.|Bulvarı|Blv\.|Mahallesi|Mah\.)(?:\s*,?\s*No\s*[:.]?\s*\d{1,4}"
          r"(?:/\d{1,3})?)?", STREET_ADDRESS, 0.75),
    # tr: numbered streets "5. Sokak No:3", "1203. Sokak", "12. Cadde"
    _rule("N. Sokak", r"(?<!\w)\d{1,5}\.\s*(?:Sokak|Sokağı|Sk\.|Sok\.|Cadde|Caddesi|Cad\.)"
                      r"(?:\s*,?\s*No\s*[:.]?\s*\d{1,4}(?:/\d{1,3})?)?", STREET_ADDRESS, 0.75),
    # pl: "ul. Mickiewicza 8", "ul. Długa 14/3", "al. Jerozolimskie 65", "ulica Kwiatowa 2"
    _rule("ul.",
          rf"(?i:\b(?:ul\.|ulica|ulicy|ulicę|al\.|aleja|alei|pl\.|plac|placu|os\.|osiedle))\s+"
          rf"{_CAP}(?:\s+{_CAP}){{0,2}}\s+\d{{1,4}}[a-z]?(?:/\d{{1,4}})?\b", STREET_ADDRESS, 0.75),
    # id: "Jl. Sudirman No. 5", "Jalan Merdeka 12"
    _rule("Jl.", rf"\b(?:Jl\.|Jln\.?|Jalan)\s+{_CAP}(?:\s+{_CAP}){{0,3}}\s*,?\s*(?:(?i:no)\.?\s*)?"
                 r"\d{1,4}[A-Za-z]?\b", STREET_ADDRESS, 0.75),
    # vi: "số 12 đường Lê Lợi", "12 phố Huế", "đường Nguyễn Trãi"
    _rule("đường", rf"(?i:\b(?:số\s+)?\d{{1,4}}[A-Za-z]?(?:/\d{{1,4}})?\s+(?:đường|phố|ngõ|hẻm))\s+"
                   rf"{_CAP}(?:\s+{_CAP}){{0,3}}", STREET_ADDRESS, 0.75),
    # el: "οδός Ερμού 25", "Ερμού 25" after "στην οδό"
    _rule("οδός", r"(?i:\b(?:οδός|οδό|οδού|λεωφόρος|λεωφόρο|λεωφόρου|πλατεία))\s+"
                  r"[Α-ΩΆ-Ώ][\w]*(?:\s+[Α-ΩΆ-Ώ][\w]*){0,2}\s+\d{1,4}[α-ω]?\b", STREET_ADDRESS, 0.75),
    # ko: "테헤란로 123", "강남대로 45길 6"
    _rule("로 123", r"(?<![가-힣])[가-힣]{1,8}(?:로|길|대로)\s?\d{1,4}(?:번?길\s?\d{1,4})?(?![\d])",
          STREET_ADDRESS, 0.7),
    # ja: "西新宿2-8-1", "本町3丁目4番5号"
    _rule("丁目", r"[\u4E00-\u9FFF々]{1,6}(?:[0-9０-９]{1,3}丁目(?:[0-9０-９]{1,3}番(?:地)?)?"
                 r"(?:[0-9０-９]{1,3}号)?|[0-9０-９]{1,3}-[0-9０-９]{1,3}-[0-9０-９]{1,3})", STREET_ADDRESS,
          0.7),
]

SCHOOL_RULES = [
    _rule("colegio",
          rf"(?<!\w)(?:Instituto|Colegio|IES|CEIP|Escuela|Universidad|Facultad|Escola"
          rf"(?:\s+(?:Estadual|Municipal|Técnica|Primária|Secundária|Básica))?|Colégio|Liceu|"
          rf"Universidade|Faculdade)\s+(?:(?:de|del|de la|d[aeo]s?)\s+)?{_CAP}"
          rf"(?:\s+(?:(?:de|del|de la|d[aeo]s?|y|e)\s+)?(?:{_CAP}|I{{1,3}}V?)){{0,4}}", SCHOOL, 0.7),
    _rule("lycée",
          rf"(?i:\b(?:lycée|collège|école(?:\s+(?:primaire|élémentaire|maternelle))?|université|"
          rf"liceo|scuola(?:\s+(?:media|elementare|primaria|superiore))?|istituto"
          rf"(?:\s+(?:tecnico|comprensivo|professionale))?|università))\s+"
          rf"(?:(?:de|du|des|di|da|statale)\s+)?{_CAP}(?:[\s-]+(?:(?:da|de|di|del|della)\s+)?"
          rf"{_CAP}){{0,3}}", SCHOOL, 0.7),
    _rule("-gymnasium",
          rf"(?<!\w)(?:[{_UP}][\w]*-)?(?:Gymnasium|Gesamtschule|Realschule|Hauptschule|Grundschule|"
          rf"Gemeinschaftsschule|Oberschule|Berufsschule|Förderschule)"
          rf"(?:\s+(?:am|an\s+der|im|in\s+der)\s+[{_UP}][\w-]+|\s+[{_UP}][\w-]*)?", SCHOOL, 0.6),
    _rule("college",
          rf"(?<!\w)(?:[{_UP}][\w]*\s+(?:College|Lyceum|Gymnasium)|(?i:basisschool|"
          rf"montessorischool|middelbare school)\s+(?:De\s+|Het\s+|'t\s+)?{_CAP})", SCHOOL, 0.6),
    _rule("مدرسة", rf"(?:مدرسة|جامعة|معهد|كلية)\s+{_AR}(?:\s+(?:الثانوية|الابتدائية|الإعدادية|"
                  r"المتوسطة|للبنات|للبنين|الدولية|الأهلية))?", SCHOOL, 0.7),
    _rule("lisesi",
          rf"(?<!\w)[{_UP}][\w]*(?:\s+[{_UP}][\w]*){{0,3}}\s+(?:Lisesi|İlkokulu|Ortaokulu|"
          r"Üniversitesi|Koleji|İlköğretim Okulu)", SCHOOL, 0.7),
    _rule("liceum",
          rf"(?<!\w)(?:(?i:liceum)(?:\s+(?i:ogólnokształcące))?|Szkoła\s+Podstawowa|"
          rf"Szkoły\s+Podstawowej|(?i:gimnazjum|technikum)|Zespół\s+Szkół|Uniwersytet)\s+"
          rf"(?:(?:nr|Nr)\.?\s*\d+(?:\s+im\.\s+{_CAP}(?:\s+{_CAP})?)?|im\.\s+{_CAP}(?:\s+{_CAP})?|"
          rf"{_CAP})", SCHOOL, 0.7),
    # sv/da/no: "Kungsholmens gymnasium", "Rosendalsskolan", "Herlev skole"
    _rule("gymnasiet", rf"(?<!\w)(?!(?:Varje|Vilken|Vilket|Ingen|Någon|Hver|Hvilken|Nogen|Denna|Denne|"
                       r"Dette|Den|Det|En|Ett|Et|Min|Mitt|Din|Vår|Vores|Hans|Hennes|Hendes|Deras|"
                       rf"Alla|Alle|Samma|Samme|Annan|Anden|Hvilket|Vilka)\s)[{_UP}][\w]*(?:\s+(?:gymnasium|gymnasiet|gymnasieskola|skola|skolan|"
                       rf"skole|skolen|folkhögskola|högstadieskola|friskola)\b|(?:skolan|skolen|"
                       r"gymnasiet)\b)", SCHOOL, 0.65),
    # id: "SMA Negeri 3 Bandung", "SMP 5", "Universitas Gadjah Mada", "Pondok Pesantren Al-Hikmah"
    _rule("SMA Negeri", rf"\b(?:(?:SMA|SMP|SMK|SD|MTs|MAN|MA|MI)N?\s+(?:(?:Negeri|Swasta|N)\s+)?\d{{1,3}}"
                        rf"(?:\s+{_CAP})?|(?:SMA|SMP|SMK|SD|Universitas|Sekolah|Pondok\s+Pesantren|"
                        rf"Pesantren|Institut)\s+{_CAP}(?:\s+{_CAP}){{0,3}})", SCHOOL, 0.7),
    # vi: "trường THPT Nguyễn Du", "trường cấp 2 Lê Lợi", "Đại học Bách Khoa"
    _rule("trường THPT", rf"(?i:\btrường\s+(?:THPT|THCS|tiểu\s+học|trung\s+học(?:\s+cơ\s+sở|\s+phổ\s+thông)?|"
                         rf"cấp\s+[123]|đại\s+học|mầm\s+non|chuyên)|\bđại\s+học)\s+{_CAP}(?:\s+{_CAP}){{0,3}}",
          SCHOOL, 0.7),
    # el: "2ο Γυμνάσιο Αθηνών", "Λύκειο Καλαμαριάς", "στο 5ο Δημοτικό"
    _rule("Γυμνάσιο", r"(?:\d{1,3}(?:ο|ου)\s+)?(?:Γυμνάσιο|Γυμνασίου|Λύκειο|Λυκείου|Δημοτικό|Δημοτικού|"
                      r"ΕΠΑΛ|Πανεπιστήμιο|Πανεπιστημίου)(?:\s+[Α-ΩΆ-Ώ][\w]*){1,2}|\d{1,3}(?:ο|ου)\s+"
                      r"(?:Γυμνάσιο|Γυμνασίου|Λύκειο|Λυκείου|Δημοτικό|Δημοτικού)", SCHOOL, 0.7),
    # ja/zh: "青葉中学校", "第一高校", "北京市第四中学"; ko: "서울고등학교", "한빛중학교"
    # (Chinese has no spaces: the name is a run of characters that are no common function word)
    _rule("中学校", r"(?:第[一二三四五六七八九十百0-9０-９]{1,3}|(?![的是在我你他她们們了和与與到去从從读讀上也就都很被"
                   r"把给給对對说說这這那有个個时時一])[\u4E00-\u9FFF々\u30A0-\u30FF]){1,8}"
                   r"(?:小学校|中学校|高等学校|高校|中学|小学|大学|学院)",
          SCHOOL, 0.7),
    _rule("고등학교", r"(?<![가-힣])[가-힣]{1,8}(?:초등학교|중학교|고등학교|대학교|여고|여중)", SCHOOL, 0.7),
]


# a duration, not an age, whatever words come between the cue and the number: "há mais de
# 30 anos", "hace casi 20 años", "il y a plus de 10 ans", "um período de 15 anos",
# "passaram-se uns 50 anos"; and "15 anos de experiência", "20 años de cárcel"
_DURATION_BEFORE = re.compile(
    r"(?i)\b(?:hace|hac[ií]a|h[áa]|faz|fazia|durante|desde|dentro\s+de|per[ií]odo\s+de|"
    r"passaram[- ]se|pasaron|il\s+y\s+a|depuis|pendant|vor|seit|sinds)\s+"
    r"(?:(?:mais|m[áa]s|menos|cerca|uns|unos|quase|casi|plus|moins|pr[eè]s|[üu]ber|mehr|ruim|"
    r"bijna)\s+(?:(?:de|d'|als)\s*)?)?$")
_DURATION_AFTER = re.compile(
    r"(?i)\s+(?:de\s+|d')(?:experi[êeé]ncia|exp[ée]rience|carrera|carreira|carri[èe]re|"
    r"pris[ãa]o|prisi[óo]n|c[áa]rcel|cadeia|prison|casados|casamento|mariage|matrimonio|"
    r"hist[óo]ria|histoire|existencia|exist[êe]ncia|trabajo|trabalho|travail)\b")


# Rules of one script or a few words run only on texts holding that script or one of those
# words (each searched once per text): a post in English or Spanish skips the Cyrillic, Greek,
# Arabic, Devanagari, CJK and Korean rules. Every match of such a rule contains its gate
# (tests/scrub/test_more_languages.py checks), so the findings are the same without them.
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_GREEK = re.compile(r"[\u0370-\u03FF\u1F00-\u1FFF]")
_DEVANAGARI = re.compile(r"[\u0900-\u097F]")
_CJK = re.compile(r"[\u3040-\u30FF\u4E00-\u9FFF]")
_HANGUL = re.compile(r"[\uAC00-\uD7A3]")
_SV_VERB = re.compile(r"(?i)\b(?:var|är|er|blev|ble|fyllde|fyldte|fylte)\b")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
EXTRA_GATES: dict[str, re.Pattern[str]] = {
    **dict.fromkeys(("мне было N лет", "мне было N,", "четырнадцатилетний", "N-летний"),
                    _CYRILLIC),
    **dict.fromkeys(("ήμουν N", "N χρονών", "στα N μου", "N-χρονη", "δεκατετράχρονη", "οδός",
                     "Γυμνάσιο"), _GREEK),
    **dict.fromkeys(("N साल की", "उम्र N", "मैं N की थी"), _DEVANAGARI),
    **dict.fromkeys(("14歳", "十四歳", "丁目", "中学校"), _CJK),
    **dict.fromkeys(("14살", "열네 살", "로 123", "고등학교"), _HANGUL),
    **dict.fromkeys(("när jag var N", "jag var N år"), _SV_VERB),
    "umur N": re.compile(r"(?i)umur|usia"),
    "waktu aku N tahun": re.compile(r"(?i)\b(?:aku|saya|gue|gw|gua|dia|kami|ia)\b"),
    "aku masih N tahun": re.compile(r"(?i)tahun|thn|th\b"),
    "gymnasiet": re.compile(r"(?i)gymnasi|skol"),
    "SMA Negeri": re.compile(r"SM[APK]|SD|MTs|MA|MI|Universitas|Sekolah|Pesantren|Institut"),
    **dict.fromkeys(("سنة", "عمري", "من عمري", "في سن", "شارع", "مدرسة"), _ARABIC),
    # rules whose keyword alternations are too many to be read off as gates
    "caddesi": re.compile(r"Cad|Cd\.|Sok|Sk\.|Bulvar|Blv\.|Mah"),
    "lisesi": re.compile(r"Lisesi|İlkokulu|Ortaokulu|Üniversitesi|Koleji|İlköğretim"),
    "dwunastoletni": re.compile(r"(?i)nasto"),
    "liceum": re.compile(r"(?i)liceum|szkoł|gimnazjum|technikum|zespół|uniwersytet"),
    "college": re.compile(r"(?i)college|lyceum|gymnasium|school"),
    "-gymnasium": re.compile(r"Gymnasium|schule"),
    "lycée": re.compile(r"(?i)lycée|collège|école|université|liceo|scuola|istituto|università"),
    "colegio": re.compile(r"Instituto|Colegio|IES|CEIP|Escuela|Universi|Facultad|Escola|Colégio|"
                          r"Liceu|Faculdade"),
}


class MultilingualQuasiRecognizer(RegexRecognizer):
    RULES = AGE_RULES + STREET_RULES + SCHOOL_RULES

    def rules_for(self, text: str) -> list[RegexRule]:
        open_: dict[re.Pattern[str], bool] = {}
        out = []
        for rule in self.rules:
            gate = EXTRA_GATES.get(rule.name)
            if gate is not None:
                ok = open_.get(gate)
                if ok is None:
                    ok = open_[gate] = gate.search(text) is not None
                if not ok:
                    continue
            out.append(rule)
        return out

    def validate(self, rule: RegexRule, match: re.Match[str], text: str) -> float | None:
        if rule.entity == AGE and match.groupdict().get("n"):  # others: number words
            digits = match.group("n").translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
            if not 1 <= int(digits) <= 99:
                return None
            start = match.start("n")
            if _DURATION_BEFORE.search(text[max(0, start - 40):start]) or (
                    _DURATION_AFTER.match(text, match.end())):
                return None
        return rule.score
