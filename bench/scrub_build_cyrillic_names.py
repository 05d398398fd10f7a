"""Build resources/scrub/names_ru.tsv and names_uk.tsv: Russian and Ukrainian given names and
surnames, as stems and endings, from the OpenCorpora-format dictionaries of pymorphy3.

The name lists of the scrub are Latin (names.tsv) and Arabic; Cyrillic text had only the
"rare capitalised word" rule, which finds "Шестопалов" but not "Анна", "Сергей", "Богдан"
(frequent words) and so missed or cut names ("Аркадий Шестопалов" -> the surname only).
Names inflect ("Анну", "Сергеем", "Кравчука"), so each dictionary lemma tagged Name or Surn
is kept as the longest prefix common to its forms (its *stem*) and the set of endings its
forms add to the stem (its *class*, numbered; a few hundred classes serve all names): a word
is a name of that kind when it is a stem plus an ending of that stem's class. Dropped: stems
shorter than MIN_STEM letters ("ад" + "а" would make "Ада" of every "ада"), and names that
never inflect and are ordinary words of the language (Zipf >= COMMON_ZIPF in
resources/scrub/words/<lang>.tsv: the dictionary's "Тихо", "Фото", "Пол" are mostly "quietly",
"photo", "floor").

Build-time only (run in a scratch venv; nothing here is needed at run time):

    pip install pymorphy3 pymorphy3-dicts-ru pymorphy3-dicts-uk
    python bench/scrub_build_cyrillic_names.py

Sources and licences (resources/scrub/README.md): pymorphy3-dicts-ru 2.4.417150.4580142,
OpenCorpora dictionary revision 417150 (CC BY-SA 3.0; the stems are shared as an adaptation
under CC BY-SA 4.0); pymorphy3-dicts-uk 2.4.1.1.1663094765 (GPLv3, the LanguageTool /
dict_uk Ukrainian dictionary converted to OpenCorpora format).
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "scrub"
MIN_STEM = 3
COMMON_ZIPF = 3.5
KINDS = {"Name": "N", "Surn": "S"}
HEADER = {
    "ru": "# Russian given names (N) and surnames (S): stem, then kind:class; '~' lines: the "
          "endings of each class.\n"
          "# Built by bench/scrub_build_cyrillic_names.py from pymorphy3-dicts-ru "
          "2.4.417150.4580142\n# (OpenCorpora dictionary, revision 417150, CC BY-SA 3.0; "
          "adaptation shared under CC BY-SA 4.0).\n",
    "uk": "# Ukrainian given names (N) and surnames (S): stem, then kind:class; '~' lines: the "
          "endings of each class.\n"
          "# Built by bench/scrub_build_cyrillic_names.py from pymorphy3-dicts-uk "
          "2.4.1.1.1663094765\n# (LanguageTool/dict_uk Ukrainian dictionary in OpenCorpora "
          "format, GPLv3).\n",
}


def norm(word: str) -> str:
    return word.casefold().replace("ё", "е")


def common_words(lang: str) -> dict[str, float]:
    out = {}
    for line in (OUT / "words" / f"{lang}.tsv").read_text(encoding="utf-8").splitlines():
        w, _, z = line.partition("\t")
        out[norm(w)] = float(z)
    return out


def build(lang: str) -> tuple[dict[str, dict[str, int]], list[tuple[str, ...]]]:
    import pymorphy3  # build time only

    morph = pymorphy3.MorphAnalyzer(lang=lang)
    common = common_words(lang)
    forms: dict[str, dict[tuple[str, int], set[str]]] = defaultdict(lambda: defaultdict(set))
    for word, tag, normal, para, _idx in morph.dictionary.iter_known_words():
        for name, kind in KINDS.items():
            if name in tag and word.isalpha():
                forms[kind][(norm(normal), para)].add(norm(word))
    stems: dict[str, dict[str, int]] = defaultdict(dict)
    classes: dict[tuple[str, ...], int] = {}
    for kind, lexemes in sorted(forms.items()):
        for (lemma, _para), found in sorted(lexemes.items()):
            stem = os.path.commonprefix(sorted(found))
            if len(stem) < MIN_STEM or (len(found) == 1 and common.get(lemma, 0.0) >= COMMON_ZIPF):
                continue
            ends = tuple(sorted({f[len(stem):] for f in found}))
            if kind in stems[stem]:  # two paradigms of one stem: one class with both
                old = next(c for c, i in classes.items() if i == stems[stem][kind])
                ends = tuple(sorted(set(old) | set(ends)))
            stems[stem][kind] = classes.setdefault(ends, len(classes))
    return stems, sorted(classes, key=classes.__getitem__)


def main() -> None:
    for lang in ("ru", "uk"):
        stems, classes = build(lang)
        lines = [HEADER[lang]]
        lines += [f"~{i}\t{','.join(ends)}\n" for i, ends in enumerate(classes)]
        lines += [stem + "\t" + ",".join(f"{k}:{c}" for k, c in sorted(kinds.items())) + "\n"
                  for stem, kinds in sorted(stems.items())]
        path = OUT / f"names_{lang}.tsv"
        path.write_text("".join(lines), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(stems)} stems, {len(classes)} ending classes")


if __name__ == "__main__":
    main()
