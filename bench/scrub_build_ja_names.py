"""Build resources/scrub/names_ja.tsv: Japanese surnames and given names written in kanji.

From ``japanese-personal-name-dataset`` 0.4.0 (PyPI, MIT, © 2022 shuheilocale): the 1,999
surnames of ``last_name_org.csv`` (population estimates after 名字由来net; every one kept,
the rarest has ~7,700 bearers) and the kanji spellings of the given names in
``first_name_man_opti.csv`` / ``first_name_woman_opti.csv`` (one to three characters). The
readings, romaji and counts are not kept. Build-time only:

    pip download --no-deps japanese-personal-name-dataset==0.4.0   # then unzip the wheel
    python bench/scrub_build_ja_names.py PATH/TO/japanese_personal_name_dataset/dataset
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "scrub" / "names_ja.tsv"
_KANJI = re.compile(r"[\u4E00-\u9FFF々]{1,3}")


def main(data: Path) -> None:
    with (data / "last_name_org.csv").open(encoding="utf-8") as f:
        surnames = sorted({row[0] for row in csv.reader(f) if row and _KANJI.fullmatch(row[0])})
    given: set[str] = set()
    for name in ("first_name_man_opti.csv", "first_name_woman_opti.csv"):
        with (data / name).open(encoding="utf-8") as f:
            for row in csv.reader(f):
                given.update(k for k in row[2:] if _KANJI.fullmatch(k))
    lines = ["# Japanese surnames (S) and given names (G) in kanji, from japanese-personal-name-"
             "dataset 0.4.0\n# (MIT, (c) 2022 shuheilocale); built by "
             "bench/scrub_build_ja_names.py\n"]
    lines += [f"S\t{s}\n" for s in surnames] + [f"G\t{g}\n" for g in sorted(given)]
    OUT.write_text("".join(lines), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(surnames)} surnames, {len(given)} given names")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
