"""PERSON outside English: given names, rare capitalised words and their surnames, by language.

Runs on the stretches of a post that :mod:`safe_archive.core.scrub.language` found to be in a
language with a word list (``resources/scrub/words/<lang>.tsv``, word frequencies from
wordfreq). Per stretch:

* a capitalised word that is a known given name (the census and international given names
  of ``names.tsv``, compared without accents, plus ``names_arabic.txt`` for Arabic script) and
  not a frequent word of that language ("Rosa" is a name, "Nada" in Spanish is "nothing");
* a capitalised word inside a sentence that is rare in that language (not in the list of the
  language's frequent words): "… quando Tancredi mi …" — not in languages that capitalise
  every noun (German, Luxembourgish), where only given names and titles count;
* a title ("Sr.", "Frau", "pani", "Bay", "السيد") and the capitalised word after it;
* the name's continuation: further capitalised words that are not frequent, with particles
  between ("Ana de Souza", "Sanne de Vries", "Leonardo da Vinci"), Arabic "ال…" family names.

Lower-case names and names that are also frequent words are not found this way (the
archive-known identifiers and the review still catch them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from presidio_analyzer import RecognizerResult

from safe_archive.core.scrub.entities import PERSON
from safe_archive.core.scrub.language import Segment
from safe_archive.core.scrub.recognizers.cue_names import CUED, cue_names
from safe_archive.core.scrub.recognizers.cyrillic_names import (
    greek_given,
    greek_key,
    greek_surname,
    is_cyrillic,
    is_greek,
    load_cyrillic_names,
    patronymic,
    surname_ending,
)
from safe_archive.core.scrub.wordlists import WORD_LISTS, fold, load_word_list
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer

# languages without a word list whose names a trained tagger finds (chinese_names.py)
TAGGED = frozenset({"zh"})
NOUN_CAPITALISING = frozenset({"de", "lb"})
# languages that write compounds as one word ("Kriminalpolitiet"): an unknown word opening a
# sentence is as likely a compound as a name there
COMPOUNDING = frozenset({"da", "sv", "no", "nb", "nl", "fi", "hu", "de"})
UNCASED_SCRIPTS = frozenset({"ar", "fa", "he"})
# ... unless it is short and (where the train splits tell word endings) ends like no word
COMPOUND_MIN_LEN = 8

KNOWN_MAX_ZIPF = 5.5  # a known name inside a sentence, or a capitalised word after a name
NOUN_KNOWN_MAX_ZIPF = 5.0  # the same where every noun is capitalised (German)
INITIAL_MAX_ZIPF = 5.0  # a given name opening a sentence ("Chiara mi aspettava")
RARE_MAX_ZIPF = 3.5  # a capitalised word inside a sentence rarer than this is a name
COMMON_EDGE_ZIPF = 4.5  # a word this frequent at an edge of an NER span is cut off it
INITIAL_UNKNOWN = True  # an unknown capitalised word opening a sentence is a name
# names_uner.tsv (Universal NER train): a word tagged PERSON at least NAME_MIN times and
# NAME_RATIO times as often as it is capitalised outside a name is a name; one capitalised
# mid-sentence NOT_NAME_MIN times and NOT_NAME_RATIO times as often as it is a name is not;
# an ending seen SUFFIX_MIN times in names and SUFFIX_RATIO times as often as elsewhere
# marks a surname ("-ović", "-sen", "-ová")
NAME_MIN, NAME_RATIO = 2, 2.0
NOT_NAME_MIN, NOT_NAME_RATIO = 2, 4
SUFFIX_MIN, SUFFIX_RATIO, SUFFIX_ANY_RATIO = 15, 5.0, 1.0
# an ending that words of any case outside names have WORD_SUFFIX_RATIO times as often as
# names: an unknown word opening a sentence with it is no name ("Konajte", "Vyčítali")
WORD_SUFFIX_RATIO = 20
# in a post mixing English: a capitalised word this frequent in English, and more frequent
# there than in the segment's language, is an English word ("Sunday", "My")
ENGLISH_WORD_ZIPF = 4.5
# languages whose genitive adds "s" to a name ("Lars' far", "Kelds oplæg")
GENITIVE_S = frozenset({"da", "sv", "nb", "no"})
_ROMAN = re.compile(r"[IVX]{1,5}")
# initials written together right before a name ("H.L. ", "J.P.")
_JOINED_INITIALS = re.compile(r"(?<![\w.])(?:[A-ZÀ-ÖØ-Þ]\.){2,3} ?$")

# a word, not inside a hashtag, handle, e-mail or link ("#JaTeż", "@Ana", "x.com/Ana")
_TOKEN = re.compile(r"(?<![\w#@＠/.])[^\W\d_]+(?:-[^\W\d_]+)*(?![\w@])")
_SENTENCE_END = re.compile(r"[.!?…:;\n\"«»“”()\[\]]|[-–—]\s*$")
_PARTICLES = frozenset(
    "de da do dos das del della dello di du des van von der den ter ten le la al el bin "
    "ibn bint abu".split()
)
# the second word of a two-word particle ("de la", "de los", "van der"; "de a", "de os" are
# how Portuguese treebanks split "da", "dos")
_SECOND_PARTICLES = frozenset("la las los le les a o os as der den de du des".split())
_TITLES = frozenset(
    "sr sra srta señor señora don doña dr dra m mme mlle monsieur madame herr frau hr fr "
    "dhr mevr meneer mevrouw sig sig.ra signor signora dott prof bay bayan sayın pan pani "
    "panem panią senhor senhora dona sra".split()
) | {"السيد", "السيدة", "الأستاذ", "الأستاذة", "الدكتور", "الدكتورة", "الشيخ"} | {
    "зовут", "звали", "звать", "звуть", "звати", "господин", "госпожа", "пані",  # "is called"
    "λένε", "ονομάζομαι", "λέγομαι", "κύριος", "κύριο", "κυρία", "κ"}
# a known name in capitals inside a post that is not shouting ("… i FRANCIS FORD COPPOLAS nye
# film", "MARKO: Ja sam …"): posts with more than this share of words in capitals are shouting
SHOUTING_SHARE = 0.5
# a Cyrillic given name opening a sentence, alone (the dictionary's stems also make "Марка",
# "Поля" of ordinary words there): rarer than this
CYRILLIC_INITIAL_MAX_ZIPF = 4.0
# a verb in the past tense after a Cyrillic given name opening a sentence ("Анна сказала",
# "Сергей написал", "Богдан сказав"): the name is its subject
_PAST_VERB = re.compile(r"^[а-яёіїєґ]{2,}(?:л|ла|ло|ли|лся|лась|в)$")
# where every noun is capitalised, a given name that is also a frequent word there ("Peter",
# "Thomas", "Michael": Zipf 5.0-5.1 in German) counts after a word for a person
_ROLE_NOUNS = frozenset(
    "onkel tante trainer trainerin coach lehrer lehrerin bruder schwester cousin cousine "
    "nachbar nachbarin chef chefin pfarrer pastor priester opa oma großvater großmutter "
    "stiefvater stiefmutter stiefbruder freund freundin kollege kollegin betreuer betreuerin "
    "arzt ärztin therapeut therapeutin professor professorin sohn tochter vater mutter papa "
    "mama ehemann ex schwager schwägerin neffe nichte pate patenonkel erzieher erzieherin "
    "gruppenleiter jugendleiter vorgesetzter hausmeister mitschüler mitschülerin".split())
# Greek words for a person before a name ("ο προπονητής μου Γιώργος", "τον θείο μου τον
# Νίκο", "η δασκάλα Ελένη"): accents removed, final sigma folded (cyrillic_names.greek_key)
_GREEK_ROLES = frozenset(
    "προπονητησ προπονητη προπονητρια θειοσ θειο θειου θεια θειασ δασκαλοσ δασκαλο δασκαλου "
    "δασκαλα δασκαλασ καθηγητησ καθηγητη καθηγητρια καθηγητριασ ξαδερφοσ ξαδερφο ξαδερφου "
    "ξαδερφη ξαδελφοσ ξαδελφο ξαδελφη αδερφοσ αδερφο αδερφου αδερφη αδελφοσ αδελφο αδελφη "
    "πατριοσ πατριο πατριου μητρια φιλοσ φιλο φιλου φιλη φιλησ γειτονασ γειτονα γειτονισσα "
    "ιερεασ ιερεα παπασ γιατροσ γιατρο γιατρου προισταμενοσ προισταμενο προισταμενη "
    "αφεντικο συμμαθητησ συμμαθητη συμμαθητρια νονοσ νονο νονου νονα κουμπαροσ κουμπαρο "
    "κουμπαρα συντροφοσ συντροφο συζυγοσ συζυγο αντρασ αντρα πρωην μπαμπασ μαμα παππουσ "
    "παππου γιαγια ανιψιοσ ανιψι ανιψια εκπαιδευτησ εκπαιδευτη διευθυντησ διευθυντη "
    "διευθυντρια συναδελφοσ συναδελφο συναδελφου ψυχολογοσ ψυχολογο γυμναστησ γυμναστη "
    "πατερασ πατερα μητερα αγορι κοριτσι εραστησ εραστη".split())
# possessives and articles that may stand between the word for a person and the name
_GREEK_BETWEEN = frozenset("μου σου του της μασ σασ τουσ ο η τον την το".split())
_AR_INTRO = frozenset({"اسمه", "اسمها", "يدعى", "تدعى", "اسمي"})
_AR_PREFIXES = ("و", "ف", "ب", "ل")
@dataclass(frozen=True, slots=True)
class NameEvidence:
    """What the Universal NER train splits say about capitalised words (``names_uner.tsv``)."""

    names: frozenset[str]  # mostly (part of) a PERSON wherever they occur, any language
    not_names: dict[str, frozenset[str]]  # per word list: capitalised mid-sentence, no name
    suffixes: dict[str, frozenset[str]]  # per word list: endings of that language's names
    # per word list: endings of words that are almost never names ("-ali", "-ite")
    word_suffixes: dict[str, frozenset[str]]

    def is_name(self, key: str) -> bool:
        return key in self.names

    def suffix_name(self, lang_list: str, key: str) -> bool:
        return _ends(key, self.suffixes.get(lang_list, frozenset()))

    def suffix_word(self, lang_list: str, key: str) -> bool:
        return _ends(key, self.word_suffixes.get(lang_list, frozenset()))


def _ends(key: str, sufs: frozenset[str]) -> bool:
    """``key`` ends in one of ``sufs``, the longest known ending deciding."""
    return len(key) >= 5 and any(key[-n:] in sufs for n in (4, 3, 2))


@cache
def load_name_evidence() -> NameEvidence:
    """Read ``names_uner.tsv`` (bench/scrub_build_names_uner.py) into the three sets."""
    path = resources.files("safe_archive.resources") / "scrub" / "names_uner.tsv"
    per: dict[str, int] = {}
    other: dict[str, int] = {}
    not_names: dict[str, set[str]] = {}
    suffixes: dict[str, set[str]] = {}
    word_suffixes: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        kind, lang, key, p_, o_, *any_ = line.split("\t")
        p, o = int(p_), int(o_)
        if kind == "word":
            per[key] = per.get(key, 0) + p
            other[key] = other.get(key, 0) + o
            if o >= NOT_NAME_MIN and p * NOT_NAME_RATIO <= o:
                not_names.setdefault(lang, set()).add(key)
            continue
        n_any = int(any_[0])
        if p >= SUFFIX_MIN and p >= SUFFIX_RATIO * o and p >= SUFFIX_ANY_RATIO * n_any:
            suffixes.setdefault(lang, set()).add(key)
        if p * WORD_SUFFIX_RATIO < n_any:
            word_suffixes.setdefault(lang, set()).add(key)
    names = frozenset(k for k, p in per.items() if p >= NAME_MIN and p >= NAME_RATIO * other[k])
    return NameEvidence(names, {k: frozenset(v) for k, v in not_names.items()},
                        {k: frozenset(v) for k, v in suffixes.items()},
                        {k: frozenset(v) for k, v in word_suffixes.items()})


@cache
def load_given_names_intl() -> frozenset[str]:
    """Common given names of the languages handled here (``given_names_intl.txt``): the
    census lists "lukas", "sebastien", "selin" only as surnames."""
    path = resources.files("safe_archive.resources") / "scrub" / "given_names_intl.txt"
    return frozenset(fold(w) for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.startswith("#") for w in line.split())


@cache
def load_arabic_names() -> frozenset[str]:
    path = resources.files("safe_archive.resources") / "scrub" / "names_arabic.txt"
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


class MultilingualNameRecognizer(RegexRecognizer):
    """Not registered with Presidio: the scrub calls :meth:`analyze_segments` with the
    language segments of each post."""

    def __init__(self, given_names: Iterable[str], surnames: Iterable[str] = (),
                 english_words: dict[str, float] | None = None, zh_ner: bool = True,
                 zh_tagger: bool = True, zh_ner_path: str | None = None,
                 zh_confirm_bias: float | None = None, uner_ner: bool = True,
                 zh_lac: bool = True) -> None:
        super().__init__(rules=[])
        self.zh_ner = zh_ner
        self.zh_lac = zh_lac
        self.zh_ner_path = zh_ner_path
        self.zh_tagger = zh_tagger
        self.zh_confirm_bias = zh_confirm_bias
        self.uner_ner = uner_ner
        self.english = english_words or {}  # code-switched posts: English words are no names
        self.supported_entities = [PERSON]
        self.given = frozenset(fold(n) for n in given_names)
        self.known = self.given | frozenset(fold(n) for n in surnames)

    def analyze_segments(self, text: str, segments: list[Segment]) -> list[RecognizerResult]:
        """Names in the segments of languages we handle (others, English included, skipped:
        an English segment only tells that the post is code-switched)."""
        out: list[RecognizerResult] = []
        mixed = any(seg.lang == "en" for seg in segments)
        for seg in segments:
            if seg.lang in TAGGED:
                out.extend(self.result(PERSON, a, b, 0.6, "multilingual")
                           for a, b in self._chinese(text, seg))
                continue
            if seg.lang in CUED:  # Japanese, Korean, Vietnamese: honorifics, surnames
                out.extend(self.result(PERSON, a, b, 0.6, "multilingual")
                           for a, b in cue_names(seg.lang, text, seg.start, seg.end))
                continue
            name = WORD_LISTS.get(seg.lang)
            if name is None:
                continue
            words = load_word_list(name)
            found = (self._uncased(text, seg, words) if seg.lang in UNCASED_SCRIPTS
                     else self._cased(text, seg, words, mixed))
            out.extend(found)
            if self.uner_ner:  # a language with an NER of its own (recognizers/uner_ner)
                from safe_archive.core.scrub.recognizers.uner_ner import uner_names

                for a, b in uner_names(seg.lang, text, seg.start, seg.end):
                    a, b = self._trim_common(text, a, b, words)
                    # a name the rules found already is not reported twice
                    if b > a and not any(r.start <= a and b <= r.end for r in found):
                        out.append(self.result(PERSON, a, b, 0.5, "multilingual"))
        return out

    def _trim_common(self, text: str, a: int, b: int, words: Mapping[str, float]
                     ) -> tuple[int, int]:
        """An NER span less the frequent words of its language at its ends that are no
        known given names, or are far more often words ("Minha mãe" -> nothing)."""
        toks = list(_TOKEN.finditer(text, a, b))
        while toks and self._common(toks[0].group(), words):
            toks.pop(0)
        while toks and self._common(toks[-1].group(), words):
            toks.pop()
        return (toks[0].start(), toks[-1].end()) if toks else (a, a)

    def _common(self, w: str, words: Mapping[str, float]) -> bool:
        z = words.get(w.casefold(), 0.0)
        return z >= COMMON_EDGE_ZIPF and (fold(w) not in self.given or z >= KNOWN_MAX_ZIPF)

    def _chinese(self, text: str, seg: Segment) -> list[tuple[int, int]]:
        """Names in a Chinese stretch (the finders load on the first Chinese stretch): the
        tagger's, each joined with the character NER's names that overlap it, which mends
        names the tagger cut short ("吉田美|和") or split. The NER's names alone are not
        taken: on dev they were mostly places, titles and words (docs/quality.md). With the
        tagger off (``EngineConfig.zh_tagger``), the NER's names. With ``zh_confirm_bias``,
        also the names the tagger finds only at that larger name bias and the NER finds
        exactly so. With ``zh_lac``, also the persons of Baidu LAC (``chinese_lac``), and a
        tagger's name the NER does not find is dropped where LAC reads no person and it
        looks like a word opening with a family name (``chinese_lac.unsupported``), and a
        "thank you" opening a name is cut off (``chinese_lac.without_thanks``); names that
        overlap are joined."""
        from safe_archive.core.scrub.recognizers.chinese_names import load_tagger, tagger_at
        from safe_archive.core.scrub.recognizers.chinese_ner import load_chinese_ner

        ner = load_chinese_ner(self.zh_ner_path) if self.zh_ner else None
        tagged: set[tuple[int, int]] = set()
        by_ner: set[tuple[int, int]] = set()
        if ner is None or self.zh_tagger:
            tagged = set(load_tagger().names(text, seg.start, seg.end))
            found = set(tagged)
            loose: set[tuple[int, int]] = set()
            if ner is not None and self.zh_confirm_bias is not None:
                loose = set(tagger_at(self.zh_confirm_bias).names(text, seg.start, seg.end))
            if ner is not None and (tagged or loose):  # (no name: nothing for the NER to mend)
                by_ner = set(ner.names(text, seg.start, seg.end))
                found.update((a, b) for a, b in by_ner
                             if any(a < d and c < b for c, d in tagged))
                found.update(loose & by_ner)
        else:
            found = set(ner.names(text, seg.start, seg.end))
        if self.zh_lac:  # Baidu LAC's persons (recognizers/chinese_lac), joined with ours
            from safe_archive.core.scrub.recognizers.chinese_lac import (
                lac_persons,
                load_lac,
                unsupported,
                without_thanks,
            )

            words = load_lac().words(text, seg.start, seg.end)
            found = {(a, b) for a, b in found if (a, b) not in tagged or any(
                c < b and a < d for c, d in by_ner) or not unsupported(text, a, b, words)}
            found = {ab for a, b in found if (ab := without_thanks(text, a, b, words))}
            found.update(lac_persons(text, words, self.english))
        kept: list[tuple[int, int]] = []
        for a, b in sorted(found):
            if kept and a < kept[-1][1]:
                kept[-1] = (kept[-1][0], max(b, kept[-1][1]))
            else:
                kept.append((a, b))
        return kept

    # -- cased scripts ----------------------------------------------------------------------
    def _cased(self, text: str, seg: Segment, words: Mapping[str, float], mixed: bool = False
               ) -> list[RecognizerResult]:
        toks = list(_TOKEN.finditer(text, seg.start, seg.end))
        nouns = seg.lang in NOUN_CAPITALISING
        # a capitalised word inside a sentence is a name if it is a known name not *very*
        # frequent (surnames and given names are frequent in news text: "Silva" 5.1); where
        # every noun is capitalised, frequency must say more
        known_max = NOUN_KNOWN_MAX_ZIPF if nouns else KNOWN_MAX_ZIPF
        hits: dict[int, float] = {}
        evidence = load_name_evidence()
        lst = WORD_LISTS[seg.lang]
        not_names = evidence.not_names.get(lst, frozenset())
        shouting = sum(1 for t in toks if len(t.group()) > 1 and t.group().isupper()) > (
            SHOUTING_SHARE * len(toks))
        for i, m in enumerate(toks):
            w = m.group()
            caps = not _capitalised(w) and len(w) >= 3 and w.isupper() and not shouting
            if not _capitalised(w) and not caps:
                continue
            if len(w) == 1:
                continue  # initials join a name (see _initials), never start one alone
            # "Hâlâ" is listed as "hala": the accent-free spelling's frequency counts too
            z = max(words.get(w.casefold(), 0.0), words.get(fold(w), 0.0))
            initial = self._initial(text, toks, i, seg.start)
            prev = toks[i - 1].group().casefold().rstrip(".") if i else ""
            titled = bool(i) and prev in _TITLES and text[toks[i - 1].end():m.start()] in (
                " ", ". ")
            key = fold(w)
            if caps:  # "FRANCIS FORD COPPOLAS", "MARKO:": only known names
                if key not in not_names and z < known_max and (
                        self._known(w, key) or evidence.is_name(key)):
                    hits[i] = 0.5
                continue
            if titled:
                hits[i] = 0.85
                continue
            if key in not_names:
                continue  # capitalised mid-sentence in this language's news, and no name
            cyrillic = is_cyrillic(w)
            if cyrillic:
                if (not initial and z < INITIAL_MAX_ZIPF and (patronymic(w) or (
                        surname_ending(w) and self._known(w, key)))):
                    hits[i] = 0.55  # "Сергей Петрович", "тренер Иванов"
                    continue
                if initial and self._given(w, key) and (
                        z < CYRILLIC_INITIAL_MAX_ZIPF or self._surname_follows(
                            text, toks, i, words, known_max) or (
                            z < known_max and i + 1 < len(toks)
                            and text[m.end():toks[i + 1].start()] == " "
                            and _PAST_VERB.search(toks[i + 1].group()))):
                    hits[i] = 0.6  # "Аркадий Шестопалов …", "Оксана / Анна сказала …"
                    continue
            if is_greek(w) and z < known_max:  # only names are capitalised mid-sentence
                nxt = toks[i + 1].group() if i + 1 < len(toks) else ""
                if not initial and z < INITIAL_MAX_ZIPF and greek_surname(w):
                    hits[i] = 0.55  # "ο προπονητής Παπαδάκης"
                    continue
                if (not initial or z < RARE_MAX_ZIPF) and _capitalised(nxt) and greek_surname(
                        nxt) and text[m.end():toks[i + 1].start()] == " ":
                    hits[i] = 0.55  # "ο Γιώργος Νικολάου": a given name before a surname
                    continue
                if (not initial or z < INITIAL_MAX_ZIPF) and greek_given(w):
                    hits[i] = 0.6  # "τον Γιώργο", "της Μαρίας": a given name in any case
                    continue
                if not initial and _greek_role_before(text, toks, i):
                    hits[i] = 0.55  # "ο προπονητής μου Στέλιος"
                    continue
            uner = evidence.is_name(key) or (
                seg.lang in GENITIVE_S and key.endswith("s") and len(key) > 3
                and (key[:-1] in self.known or evidence.is_name(key[:-1])))
            if uner and z < known_max:
                hits[i] = 0.55
                continue
            z_en = self.english.get(w.casefold(), 0.0)
            if mixed and z_en >= ENGLISH_WORD_ZIPF and z_en > z + 1.0:
                continue  # "every Sunday", "My number is" in a code-switched post
            elif not initial and (self._given(w, key) if nouns else self._known(w, key)) and (
                    z < known_max):
                hits[i] = 0.6
            elif (not initial and nouns and self._given(w, key) and z < KNOWN_MAX_ZIPF
                  and prev in _ROLE_NOUNS and text[toks[i - 1].end():m.start()] == " "):
                hits[i] = 0.55  # "mein Onkel Peter"
            elif (not initial and not nouns and z < RARE_MAX_ZIPF and len(w) >= 3
                  and self.english.get(w.casefold(), 0.0) < 4.0):  # "every Sunday"
                hits[i] = 0.45
            elif not initial and not nouns and z < INITIAL_MAX_ZIPF and evidence.suffix_name(
                    lst, key):
                hits[i] = 0.45  # "kaže Babić": frequent in the news, but ends as surnames do
            elif initial and not cyrillic and key in self.given and z < INITIAL_MAX_ZIPF:
                hits[i] = 0.6
            elif initial and self._known(w, key) and z < known_max and self._surname_follows(
                    text, toks, i, words, known_max):
                hits[i] = 0.5
            elif (initial and not nouns and z < INITIAL_MAX_ZIPF
                  and evidence.suffix_name(lst, key)):
                hits[i] = 0.45  # "Babić kaže …": ends like this language's surnames
            elif initial and not nouns and z == 0.0 and len(w) >= 4 and not (
                    evidence.suffix_word(lst, key) or _possessed(lst, key, words)) and self._recurs(
                    text, toks, i, seg.lang not in COMPOUNDING or (
                        lst in evidence.word_suffixes and len(w) <= COMPOUND_MIN_LEN)):
                hits[i] = 0.4  # "Sejdiu kaže …": unknown, and capitalised again later
        self._initials(text, toks, hits, words)
        return self._join(text, toks, hits, words, known_max, seg.lang in GENITIVE_S)

    def _given(self, word: str, key: str) -> bool:
        """A given name: of the Latin lists, or of the Russian/Ukrainian dictionary."""
        return key in self.given or (is_cyrillic(word) and load_cyrillic_names().given(word))

    def _known(self, word: str, key: str) -> bool:
        """A given name or a surname (Latin lists or the Russian/Ukrainian dictionary)."""
        return key in self.known or (is_cyrillic(word) and load_cyrillic_names().known(word))

    @staticmethod
    def _initials(text: str, toks: list[re.Match[str]], hits: dict[int, float],
                  words: Mapping[str, float]) -> None:
        """"H. C. Andersen", "A. I. Rabin": capital letters with a full stop before a name
        (found, or capitalised and rare) start it."""
        for i in range(len(toks) - 2, -1, -1):
            w = toks[i].group()
            if len(w) != 1 or not w.isupper() or text[toks[i].end():toks[i + 1].start()] != ". ":
                continue
            nxt = toks[i + 1].group()
            if i + 1 in hits or (len(nxt) > 1 and _capitalised(nxt)
                                 and words.get(nxt.casefold(), 0.0) < RARE_MAX_ZIPF):
                hits[i] = hits.get(i + 1, 0.45)

    @staticmethod
    def _recurs(text: str, toks: list[re.Match[str]], i: int, alone: bool) -> bool:
        """Unknown words opening a sentence count when ``alone`` and INITIAL_UNKNOWN say so,
        or when the same word is capitalised elsewhere in the post."""
        if INITIAL_UNKNOWN and alone:
            return True
        w = toks[i].group()
        return any(t.group() == w for j, t in enumerate(toks) if j != i)

    def _surname_follows(self, text: str, toks: list[re.Match[str]], i: int,
                         words: Mapping[str, float], limit: float) -> bool:
        if i + 1 >= len(toks) or text[toks[i].end():toks[i + 1].start()] != " ":
            return False
        nxt = toks[i + 1].group()
        return _capitalised(nxt) and words.get(nxt.casefold(), 0.0) < limit and (
            self._known(nxt, fold(nxt)) or words.get(nxt.casefold(), 0.0) < RARE_MAX_ZIPF
            or (is_cyrillic(nxt) and patronymic(nxt)))

    @staticmethod
    def _initial(text: str, toks: list[re.Match[str]], i: int, seg_start: int) -> bool:
        before = text[toks[i - 1].end() if i else seg_start:toks[i].start()]
        if not i:
            return True
        return bool(_SENTENCE_END.search(before)) or "'" in before or "’" in before and (
            toks[i - 1].end() - toks[i - 1].start() > 2)

    def _join(self, text: str, toks: list[re.Match[str]], hits: dict[int, float],
              words: Mapping[str, float], limit: float, genitive: bool = False
              ) -> list[RecognizerResult]:
        out = []
        i = 0
        while i < len(toks):
            if i not in hits:
                i += 1
                continue
            score = hits[i]
            j = i
            end = toks[i].end()
            while j + 1 < len(toks):
                gap = text[toks[j].end():toks[j + 1].start()]
                nxt = toks[j + 1].group()
                initial = len(toks[j].group()) == 1 and toks[j].group().isupper()
                if gap == ". " and initial and _capitalised(nxt):
                    j += 1  # "George W. Bush"
                    end = toks[j].end()
                    continue
                if gap != " ":
                    break
                if _ROMAN.fullmatch(nxt) and (j + 2 >= len(toks) or not _ROMAN.fullmatch(
                        toks[j + 2].group())):
                    j += 1  # "Pius XII", "Jána Pavla II."
                    end = toks[j].end() + (text[toks[j].end():toks[j].end() + 1] == ".")
                    break
                caps = toks[j].group().isupper() and len(nxt) > 1 and nxt.isupper()
                if j + 1 in hits or ((_capitalised(nxt) or caps) and (
                        words.get(nxt.casefold(), 0.0) < limit or j + 2 in hits and
                        text[toks[j + 1].end():toks[j + 2].start()] == " ")):
                    j += 1
                    end = toks[j].end()
                    score = max(score, hits.get(j, 0.0))
                    continue
                if (nxt.casefold() in _PARTICLES and j + 2 < len(toks)
                        and text[toks[j + 1].end():toks[j + 2].start()] == " "
                        and _capitalised(toks[j + 2].group())
                        and words.get(toks[j + 2].group().casefold(), 0.0) < limit):
                    j += 2
                    end = toks[j].end()
                    continue
                if (nxt.casefold() in _PARTICLES and j + 3 < len(toks)
                        and toks[j + 2].group() in _SECOND_PARTICLES
                        and text[toks[j + 1].end():toks[j + 2].start()] == " "
                        and text[toks[j + 2].end():toks[j + 3].start()] == " "
                        and _capitalised(toks[j + 3].group())
                        and words.get(toks[j + 3].group().casefold(), 0.0) < limit):
                    j += 3  # "Rafael de los Santos", "Mies van der Rohe", "Gomes de a Silva"
                    end = toks[j].end()
                    continue
                break
            if len(toks[j].group()) == 1 and j == i:
                i = j + 1  # a lone initial
                continue
            start = toks[i].start()
            joined = _JOINED_INITIALS.search(text, max(0, start - 12), start)
            if joined:
                start = joined.start()  # "H.L. Hansen"
            if (genitive and toks[j].group()[-1:] in "sxzSXZ" and end < len(text) and text[end] in "'’"
                    and text[end + 1:end + 2] in ("", " ")):
                end += 1  # "Lars' far"
            out.append(self.result(PERSON, start, end, score, "multilingual"))
            i = j + 1
        return out

    # -- Arabic script ----------------------------------------------------------------------
    def _uncased(self, text: str, seg: Segment, words: Mapping[str, float]
                 ) -> list[RecognizerResult]:
        names = load_arabic_names()
        toks = list(_TOKEN.finditer(text, seg.start, seg.end))
        hits: dict[int, float] = {}
        for i, m in enumerate(toks):
            w = m.group()
            prev = toks[i - 1].group() if i else ""
            if prev in _AR_INTRO or prev in _TITLES:
                hits[i] = 0.8
            elif self._arabic_name(w, names):
                hits[i] = 0.6
        out = []
        i = 0
        while i < len(toks):
            if i not in hits:
                i += 1
                continue
            start = toks[i].start()
            if toks[i].group()[:1] in _AR_PREFIXES and toks[i].group()[1:] in names:
                start += 1  # "وأحمد": "and Ahmad"
            j = i
            while j + 1 < len(toks) and text[toks[j].end():toks[j + 1].start()] == " ":
                nxt = toks[j + 1].group()
                family = nxt.startswith("ال") and len(nxt) > 3 and words.get(nxt, 0.0) < 4.6
                if j + 1 in hits or nxt in names or family:
                    j += 1
                    continue
                break
            out.append(self.result(PERSON, start, toks[j].end(), hits[i], "multilingual"))
            i = j + 1
        return out

    @staticmethod
    def _arabic_name(word: str, names: frozenset[str]) -> bool:
        if word in names:
            return True
        return word[:1] in _AR_PREFIXES and word[1:] in names


def _possessed(lst: str, key: str, words: Mapping[str, float]) -> bool:
    """Indonesian and Malay write possessives onto a word ("Nomorku" my number, "Namanya" his
    name): with the ending taken off, a frequent word of the language is no name."""
    return lst == "id" and any(key.endswith(s) and words.get(key[:-len(s)], 0.0) >= 3.0
                               for s in ("nya", "ku", "mu"))


def _greek_role_before(text: str, toks: list[re.Match[str]], i: int) -> bool:
    """A Greek word for a person before token ``i``, perhaps with a possessive or an article
    between ("ο προπονητής μου Γιώργος", "ο θείος μου ο Νίκος"), each one space apart."""
    j = i - 1
    while j >= 0 and i - j <= 3 and text[toks[j].end():toks[j + 1].start()] == " ":
        key = greek_key(toks[j].group())
        if key in _GREEK_ROLES:
            return True
        if key not in _GREEK_BETWEEN:
            return False
        j -= 1
    return False


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not (len(word) > 1 and word.isupper())
