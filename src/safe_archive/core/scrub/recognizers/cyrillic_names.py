"""Russian and Ukrainian given names and surnames, inflected ("Анну", "Сергеем", "Кравчука");
Greek surname endings.

``resources/scrub/names_ru.tsv`` and ``names_uk.tsv`` (bench/scrub_build_cyrillic_names.py,
from the OpenCorpora-format dictionaries of pymorphy3) hold each name as a stem, its kind
(N: given name, S: surname) and its class of endings; a word is of a kind when it is a stem of
that kind plus an ending of the stem's class. The two languages are read as one lexicon:
Russian posts name Ukrainians and the reverse.

Patronymics ("Петрович", "Ивановной", "Богданівна") and surname endings ("-ов", "-ская",
"-енко", "-чук") are told by their endings (:func:`patronymic`, :func:`surname_ending`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from safe_archive.core.scrub.wordlists import scrub_text

MAX_ENDING = 5  # longest ending in the lists ("ьками")

_PATRONYMIC = re.compile(
    r"(?:[ое]вич|йович|ьевич|[ое]вн|евн|ичн|івн|ївн)(?:а|у|ем|ом|е|і|ы|ой|ою|ей|и|еві|ові)?$"
    r"|(?:[ое]вич|йович)$")
_SURNAME_ENDING = re.compile(
    r"(?:[оеё]в|ин|ын|ськ|ск|цк|зьк)(?:а|у|ым|ой|ою|е|ом|ого|ому|ий|ій|ая|ую|ой|им|ої|ій|у|ою)?$"
    r"|(?:[оеё]в|[иы]н)$|(?:енк|єнк)[оаиу]$|(?:енко|єнко)$|(?:чук|щук|юк|ук)(?:а|у|ом|ові|ові)?$")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_GREEK = re.compile(r"[\u0370-\u03FF\u1F00-\u1FFF]")
# Greek surnames: "-όπουλος/-οπούλου", "-ίδης/-ίδου", "-άκης", "-άδης", "-ιάδης", "-έας",
# and the genitive of women's surnames ("Νικολάου", "Παπαδάκη")
_GREEK_SURNAME = re.compile(
    r"(?:οπουλ(?:οσ|ου|ο|οι)|ιδ(?:ησ|η|ου)|ακ(?:ησ|η|ου)|αδ(?:ησ|η|ου)|εασ|αου|εου|ογλου|"
    r"ιτησ|ιτη)$")  # accents removed, final sigma folded ("ς" -> "σ")


def norm(word: str) -> str:
    return word.casefold().replace("ё", "е")


def is_cyrillic(word: str) -> bool:
    return bool(_CYRILLIC.match(word))


def is_greek(word: str) -> bool:
    return bool(_GREEK.match(word))


def greek_surname(word: str) -> bool:
    """"Παπαδοπούλου", "Νικολάου", "Παπαδάκης": ends as Greek surnames do (accents ignored)."""
    w = "".join(c for c in unicodedata.normalize("NFD", word.casefold())
                if not unicodedata.combining(c))
    return len(w) >= 6 and bool(_GREEK_SURNAME.search(w))


def patronymic(word: str) -> bool:
    """"Петрович", "Сергеевной", "Богданівна": a patronymic (or a surname made of one)."""
    w = norm(word)
    return len(w) >= 6 and bool(_PATRONYMIC.search(w))


def surname_ending(word: str) -> bool:
    """"Петрова", "Иванов", "Кравчук", "Шевченко", "Вишневская": ends as surnames do."""
    w = norm(word)
    return len(w) >= 5 and bool(_SURNAME_ENDING.search(w))


@dataclass(frozen=True, slots=True)
class CyrillicNames:
    stems: dict[str, tuple[tuple[str, frozenset[str]], ...]]  # stem -> (kind, its endings)

    def kinds(self, word: str) -> str:
        """The kinds ``word`` is an inflected form of ("N", "S", "NS" or "")."""
        w = norm(word)
        found: set[str] = set()
        for k in range(min(MAX_ENDING, len(w) - 3) + 1):
            entry = self.stems.get(w[:len(w) - k])
            if entry is None:
                continue
            ending = w[len(w) - k:]
            found.update(kind for kind, endings in entry if ending in endings)
        return "".join(sorted(found))

    def given(self, word: str) -> bool:
        return "N" in self.kinds(word)

    def known(self, word: str) -> bool:
        return bool(self.kinds(word))


@cache
def load_cyrillic_names() -> CyrillicNames:
    stems: dict[str, set[tuple[str, frozenset[str]]]] = {}
    for lang in ("ru", "uk"):
        classes: dict[str, frozenset[str]] = {}
        for line in scrub_text(f"names_{lang}.tsv").splitlines():
            if line.startswith("#") or not line:
                continue
            key, _, value = line.partition("\t")
            if key.startswith("~"):
                classes[key[1:]] = frozenset(value.split(","))
                continue
            for item in value.split(","):
                kind, _, cls = item.partition(":")
                stems.setdefault(key, set()).add((kind, classes[cls]))
    return CyrillicNames({k: tuple(sorted(v, key=lambda kv: (kv[0], sorted(kv[1]))))
                          for k, v in stems.items()})


@cache
def load_greek_given() -> frozenset[str]:
    """The Greek given names of ``given_names_intl.txt`` in every case, accents removed and
    final sigma folded: "Γιώργος" also as "Γιώργο", "Γιώργου", "Γιώργε"; "Κώστας" as
    "Κώστα"; "Μαρία" as "Μαρίας"."""
    out: set[str] = set()
    for line in scrub_text("given_names_intl.txt").splitlines():
        if line.startswith("#"):
            continue
        for name in line.split():
            if not is_greek(name):
                continue
            k = greek_key(name)
            out.add(k)
            if k.endswith("οσ"):
                out.update((k[:-2] + "ο", k[:-2] + "ου", k[:-2] + "ε"))
            elif k.endswith(("ησ", "ασ", "εσ")):
                out.add(k[:-1])
            elif k.endswith(("α", "η", "ω")):
                out.add(k + "σ")
    return frozenset(out)


def greek_key(word: str) -> str:
    """Lower case, no accents, final sigma folded ("Γιώργος" -> "γιωργοσ")."""
    return "".join(c for c in unicodedata.normalize("NFD", word.casefold())
                   if not unicodedata.combining(c))


def greek_given(word: str) -> bool:
    """"Γιώργο", "Νίκου", "Μαρίας": a common Greek given name in any case."""
    return greek_key(word) in load_greek_given()
