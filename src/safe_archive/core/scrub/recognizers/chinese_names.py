"""Person names in Chinese text: a character tagger (no word segmentation needed).

Chinese is written without spaces and without capitals, so none of the surface cues of the
other languages hold. A structured averaged perceptron tags each character B (first of a
name), I (inside a name) or O, from the characters around it (one and two either side, the
bigrams they make, and their kind: Han, Latin, digit, the name dot "·"), and from where
the words and names of a lexicon (``resources/scrub/zh_words.tsv``, made from jieba's word
list, MIT) start and end around it: the lexicon tells the tagger where words begin, which
the 4,000 training sentences alone cannot. Its weights (``resources/scrub/zh_names.tsv``)
are learnt by ``bench/zh_name_tagger_train.py`` from the Universal NER Chinese-GSD train
split (CC BY-SA 4.0; see resources/scrub/README.md). Decoding is Viterbi over the three tags
(I never follows O). Pure Python, deterministic; weights and lexicon are read on first use
(only posts in Chinese pay for them).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from importlib import resources

from safe_archive.core.scrub.compact import (
    CompactFlags,
    CompactVectors,
    release_freed_memory,
)

TAGS = ("O", "B", "I")
# added to the B and I score of every character: above 0 the tagger finds more names for
# some more wrong ones (chosen on the dev split, see docs/quality.md)
NAME_BIAS = 20.0
_NAME_DOTS = frozenset("·‧・•")
# the common single-character family names (the traditional "Hundred Family Surnames" and
# today's most frequent ones), Traditional and Simplified forms
SURNAMES = frozenset(
    "王李張张劉刘陳陈楊杨黃黄趙赵吳吴周徐孫孙馬马朱胡郭何高林羅罗鄭郑梁謝谢宋唐許许韓韩馮冯"
    "鄧邓曹彭曾蕭萧田董袁潘于蔣蒋蔡余杜葉叶程蘇苏魏呂吕丁任沈姚盧卢姜崔鍾钟譚谭陸陆汪范金石"
    "廖賈贾夏韋韦付傅方白鄒邹孟熊秦邱江尹薛閆闫段雷侯龍龙史陶黎賀贺顧顾毛郝龔龚邵萬万錢钱"
    "嚴严覃武戴莫孔向湯汤常溫温康施文牛樊葛邢安齊齐易喬乔伍龐庞顏颜倪莊庄聶聂章魯鲁岳翟殷"
    "詹申歐欧耿關关蘭兰焦俞左柳甘祝包寧宁尚符舒阮柯紀纪梅童凌畢毕單单季裴霍塗涂成苗谷盛曲"
    "翁冉駱骆藍蓝路游辛靳管柴蒙鮑鲍華华喻祁蒲房滕屈饒饶解牟艾尤陽阳時时穆農农司卓古吉繆缪"
    "簡简車车項项連连蘆芦麥麦褚婁娄竇窦戚岑景黨党宮宫費费卜冷晏席衛卫米柏宗瞿桂全佟應应臧"
    "閔闵苟鄔邬邊边卞姬師师和仇欒栾隋商刁沙榮荣巫寇桑郎甄叢丛仲虞敖鞏巩明佘池查麻苑遲迟鄺邝"
)
COMPOUND_SURNAMES = frozenset(
    "歐陽 欧阳 司馬 司马 諸葛 诸葛 上官 東方 东方 夏侯 皇甫 尉遲 尉迟 公孫 公孙 慕容 長孫 长孙 "
    "宇文 司徒 令狐 端木 軒轅 轩辕 呼延 南宮 南宫".split()
)


def chars_of(text: str) -> list[str]:
    """The characters the tagger reads: any white space as one plain space."""
    return [" " if ch.isspace() else ch for ch in text]


# titles and relations written before or after a name (Simplified and Traditional)
TITLES = tuple(
    "教练 教練 老师 老師 先生 女士 小姐 医生 醫生 教授 同学 同學 经理 經理 主任 校长 校長 "
    "牧师 牧師 神父 导演 導演 上司 老板 老闆 叔叔 阿姨 表哥 表姐 哥哥 姐姐 舅舅 同事 室友 "
    "男友 女友 前男友 前女友 丈夫 老公 继父 繼父 名叫 叫做 名字叫 名字是".split())
# characters that end a given name before they could be part of it
_FUNCTION = frozenset("的是在说說和也就都把被给給对對跟从從到了着著过過与與及或还還又很")


def char_kind(c: str) -> str:
    if c in ("<s>", "</s>"):
        return c
    if c in _NAME_DOTS:
        return "D"
    if c.isdigit():
        return "9"
    if c.isascii() and c.isalpha():
        return "A" if c.isupper() else "a"
    if c.isspace():
        return "_"
    if unicodedata.category(c).startswith("L"):
        return "H"
    return "P"


def features(chars: Sequence[str], i: int) -> list[str]:
    """The feature names of character ``i`` (the same at training and at run time)."""
    n = len(chars)

    def c(k: int) -> str:
        j = i + k
        return chars[j] if 0 <= j < n else ("<s>" if j < 0 else "</s>")

    m3, m2, m1, c0, p1, p2, p3 = c(-3), c(-2), c(-1), c(0), c(1), c(2), c(3)
    k = char_kind

    def sur(j: int) -> str:
        return "S" if c(j) in SURNAMES else ("C" if c(j) + c(j + 1) in COMPOUND_SURNAMES
                                             else "-")

    s = sur(-2) + sur(-1) + sur(0) + sur(1)
    return ["b", "0" + c0, "-" + m1, "+" + p1, "=" + m2, "#" + p2, "<" + m1 + c0,
            ">" + c0 + p1, "[" + m2 + m1, "]" + p1 + p2, "~" + m1 + p1,
            "{" + m3 + m2, "}" + p2 + p3,
            "k" + k(m1) + k(c0) + k(p1), "K" + k(m2) + k(m1) + k(c0) + k(p1) + k(p2),
            "s" + s, "t" + s + k(m1) + k(c0) + k(p1) + k(p2)]


# the word lexicon (``resources/scrub/zh_words.tsv``): words of 2..LEX_MAX characters, each
# marked W (a word) or N (tagged a person's name in the source dictionary)
LEX_MAX = 4
WORD, NAME = 1, 2


def lexicon_spans(chars: Sequence[str], lexicon: Mapping[str, int]) -> list[tuple[int, ...]]:
    """Per character: the longest lexicon word (W) and name (N) starting there, ending there,
    and whether one covers it from the inside: (ws, we, wi, ns, ne, ni)."""
    n = len(chars)
    m = [[0] * 6 for _ in range(n)]
    for i in range(n):
        if char_kind(chars[i]) != "H":
            continue
        for ln in range(2, min(LEX_MAX, n - i) + 1):
            kind = lexicon.get("".join(chars[i:i + ln]), 0)
            for flag, o in ((WORD, 0), (NAME, 3)):
                if kind & flag:
                    m[i][o] = max(m[i][o], ln)
                    m[i + ln - 1][o + 1] = max(m[i + ln - 1][o + 1], ln)
                    for k in range(i + 1, i + ln - 1):
                        m[k][o + 2] = 1
    return [tuple(r) for r in m]


def sentence_features(chars: Sequence[str], lexicon: Mapping[str, int] | None = None
                      ) -> list[list[str]]:
    """The features of every character of a sentence: :func:`features`, and with a lexicon
    where dictionary words and names start and end around it."""
    out = [features(chars, i) for i in range(len(chars))]
    if not lexicon:
        return out
    lex = lexicon_spans(chars, lexicon)
    none = (0, 0, 0, 0, 0, 0)
    for i, fs in enumerate(out):
        ws, we, wi, ns, ne, ni = lex[i]
        p = lex[i - 1] if i else none
        q = lex[i + 1] if i + 1 < len(lex) else none
        fs += [f"Lw{ws}{we}{wi}", f"Ln{ns}{ne}{ni}", f"Lb{min(ws, 2)}{min(ns, 2)}{wi}{ni}",
               f"Lx{p[1]}{q[0]}", f"Ly{p[4]}{q[3]}", f"Lz{p[1]}{ws}{ns}{q[0]}"]
    return out


def viterbi(scores: list[list[float]], trans: list[list[float]]) -> list[int]:
    """Best tag sequence; ``scores[i][t]`` per character, ``trans[a][b]`` tag a -> tag b
    (I after O is not allowed; nor I first)."""
    n = len(scores)
    if not n:
        return []
    neg = float("-inf")
    best = [[scores[0][0], scores[0][1], neg]]
    back: list[list[int]] = [[0, 0, 0]]
    for i in range(1, n):
        row, ptr = [], []
        for t in range(3):
            cands = [best[-1][a] + trans[a][t] if not (a == 0 and t == 2) else neg
                     for a in range(3)]
            a = max(range(3), key=lambda x: (cands[x], -x))
            row.append(cands[a] + scores[i][t])
            ptr.append(a)
        best.append(row)
        back.append(ptr)
    t = max(range(3), key=lambda x: (best[-1][x], -x))
    path = [t]
    for i in range(n - 1, 0, -1):
        t = back[i][t]
        path.append(t)
    return path[::-1]


class ChineseNameTagger:
    """``weights``: feature -> (O, B, I) weights (kept as :class:`CompactVectors`: 67,000
    features as a dict of tuples held ~26 MiB of a scrub worker, see docs/quality.md);
    ``trans``: 3x3 tag transition weights."""

    def __init__(self, weights: Mapping[str, Sequence[float]],
                 trans: list[list[float]], bias: float | None = None,
                 lexicon: Mapping[str, int] | None = None) -> None:
        self.weights = weights if isinstance(weights, CompactVectors) else CompactVectors(
            weights.items(), 3, fast=True)
        self.trans = trans
        self.bias = NAME_BIAS if bias is None else bias
        self.lexicon: Mapping[str, int] = lexicon or {}

    def tag(self, chars: Sequence[str]) -> list[int]:
        find_all = self.weights.find_all
        values = self.weights.numbers
        scores = []
        for fs in sentence_features(chars, self.lexicon):
            s = [0.0, self.bias, self.bias]
            for k in find_all(fs):
                if k >= 0:  # (an unknown feature weighs 0.0: adding it changes nothing)
                    k *= 3
                    s[0] += values[k]
                    s[1] += values[k + 1]
                    s[2] += values[k + 2]
            scores.append(s)
        return viterbi(scores, self.trans)

    def names(self, text: str, start: int = 0, end: int | None = None
              ) -> Iterator[tuple[int, int]]:
        """(start, end) of each name in ``text[start:end]``, in order, not overlapping."""
        end = len(text) if end is None else end
        found = set(self._tagged(text, start, end)) | set(_titled(text, start, end))
        found |= set(_listed(text, found, start, end))
        for name in {text[a:b] for a, b in found if b - a >= 2}:  # the same name again
            k = text.find(name, start, end)
            while k >= 0:
                found.add((k, k + len(name)))
                k = text.find(name, k + 1, end)
        spans = sorted(found, key=lambda ab: (ab[0], -ab[1]))  # the longer of two at one place
        last = start
        for a, b in spans:
            if a >= last:
                yield a, b
                last = b

    def _tagged(self, text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
        tags = self.tag(chars_of(text[start:end]))
        i = 0
        while i < len(tags):
            if tags[i] != 1:
                i += 1
                continue
            j = i + 1
            while j < len(tags) and tags[j] == 2:
                j += 1
            a, b = self._repair(text, start + i, start + j, start, end)
            if b > a:
                yield a, b
            i = max(j, b - start)


    def _repair(self, text: str, a: int, b: int, lo: int, hi: int) -> tuple[int, int]:
        """Whole Latin words ("Ivan Pas" -> "Ivan Paskievich", then "William Drayton
        Rutherford"); a transliterated name goes on after its dot while the next character
        is one names are written with ("瑪利亞·安東妮" -> "瑪利亞·安東妮婭")."""
        while a > lo and _latin(text[a - 1]) and _latin(text[a]):
            a -= 1
        while b < hi and _latin(text[b - 1]) and _latin(text[b]):
            b += 1
        while (b + 1 < hi and text[b] == " " and _latin(text[b - 1]) and text[b + 1].isascii()
               and text[b + 1].isupper()):
            b += 2
            while b < hi and _latin(text[b]):
                b += 1
        if any(ch in _NAME_DOTS for ch in text[a:b]):
            while b < hi and char_kind(text[b]) == "H" and self._inside(text[b]):
                b += 1
        elif b - a >= 2 and all(char_kind(ch) == "H" for ch in text[a:b]):
            # a name cut short ("努爾哈|赤", "吳念|真", "伊呂|西"): the characters next to it
            # that are more often inside names than outside join it
            top = 3 if text[a] in SURNAMES else 6
            while b < hi and b - a < top and char_kind(text[b]) == "H" and (
                    text[b] not in _FUNCTION) and self._inside(text[b]):
                b += 1
            while a > lo and b - a < 6 and text[a] not in SURNAMES and char_kind(
                    text[a - 1]) == "H" and text[a - 1] not in _FUNCTION and self._inside(
                    text[a - 1]):
                a -= 1
        for title in TITLES:  # "张伟老|师": the title is not part of the name
            k = text.find(title, max(a + 1, b - len(title) + 1), b + len(title) - 1)
            if a < k < b:
                b = k
        while b > a and (text[b - 1].isspace() or text[b - 1] in _NAME_DOTS):
            b -= 1
        return a, b

    def _inside(self, ch: str) -> bool:
        """The character alone is more often inside a name than outside one."""
        w = self.weights.get("0" + ch)
        return w is not None and w[2] > w[0]


def _titled(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A family name right after a title or a relation ("教练王建国", "老師陳志明"): the
    family name and the two characters after it (most given names have two), fewer when
    punctuation or a function character ("的", "是", "说" ...) comes first."""
    for title in TITLES:
        k = text.find(title, start, end)
        while k >= 0:
            a = k + len(title)
            n = 2 if text[a:a + 2] in COMPOUND_SURNAMES else 1
            if a < end and (n == 2 or text[a] in SURNAMES):
                b = a + n
                while b < min(end, a + n + 2) and char_kind(text[b]) == "H" and (
                        text[b] not in _FUNCTION):
                    b += 1
                if b > a + n:
                    yield a, b
            k = text.find(title, k + 1, end)


# what separates the items of a list of names ("黃復生、盧師諦", "余文樂、蔡卓妍、黎國輝等")
_LIST_MARKS = frozenset("、")
_ITEM_ENDS = frozenset("、，,。；;：:（）()「」《》和與与及等或跟")


def _listed(text: str, found: set[tuple[int, int]], start: int, end: int
            ) -> Iterator[tuple[int, int]]:
    """Items of a list next to a name found: a family name and one or two characters,
    the whole item between list marks (before a found name: the two or three characters
    before its mark, when they start with a family name)."""
    todo = sorted(found)
    seen = set(found)
    while todo:
        a, b = todo.pop()
        new = []
        if b < end and text[b] in _LIST_MARKS:  # the item after
            c = b + 1
            d = c
            while d < end and d - c < 4 and text[d] not in _ITEM_ENDS and char_kind(
                    text[d]) == "H":
                d += 1
            if (d == end or text[d] in _ITEM_ENDS) and _surname_item(text[c:d]):
                new.append((c, d))
        if a - 1 > start and text[a - 1] in _LIST_MARKS:  # the item before
            for n in (3, 2):
                c = a - 1 - n
                if c >= start and _surname_item(text[c:a - 1]) and all(
                        text[k] not in _ITEM_ENDS for k in range(c, a - 1)):
                    new.append((c, a - 1))
                    break
        for span in new:
            if span not in seen:
                seen.add(span)
                todo.append(span)
                yield span


def _surname_item(item: str) -> bool:
    n = 2 if item[:2] in COMPOUND_SURNAMES else 1
    return n + 1 <= len(item) <= n + 2 and (n == 2 or item[0] in SURNAMES) and all(
        char_kind(ch) == "H" and ch not in _FUNCTION for ch in item)


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


@cache
def load_lexicon() -> Mapping[str, int]:
    """The shipped word lexicon (``resources/scrub/zh_words.tsv``), shared by the tagger and
    the character NER."""
    scrub = resources.files("safe_archive.resources") / "scrub"
    lexicon = parse_lexicon((scrub / "zh_words.tsv").read_text(encoding="utf-8"))
    release_freed_memory()
    return lexicon


@cache
def load_tagger() -> ChineseNameTagger:
    """The shipped weights and lexicon (``resources/scrub/zh_names.tsv``, ``zh_words.tsv``)."""
    scrub = resources.files("safe_archive.resources") / "scrub"
    tagger = parse_weights((scrub / "zh_names.tsv").read_text(encoding="utf-8"), load_lexicon())
    release_freed_memory()
    return tagger


@cache
def tagger_at(bias: float) -> ChineseNameTagger:
    """The shipped tagger with another name bias (larger: more names, more wrong ones)."""
    t = load_tagger()
    return ChineseNameTagger(t.weights, t.trans, bias=bias, lexicon=t.lexicon)


def parse_lexicon(text: str) -> Mapping[str, int]:
    """``zh_words.tsv``: one word a line, a tab, W (a word) and/or N (a name). A compact
    read-only mapping (:class:`CompactFlags`: 144,000 words as a dict held ~19 MiB)."""

    def items() -> Iterator[tuple[str, int]]:
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            word, kinds = line.split("\t")
            yield word, (WORD if "W" in kinds else 0) | (NAME if "N" in kinds else 0)

    return CompactFlags(items())


def parse_weights(text: str, lexicon: Mapping[str, int] | None = None) -> ChineseNameTagger:
    trans = [[0.0] * 3 for _ in range(3)]

    def items() -> Iterator[tuple[str, tuple[float, float, float]]]:
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            key, o, b, i = line.split("\t")
            row = (float(o), float(b), float(i))
            if key.startswith("__T"):  # a transition row "__T<from>"
                trans[TAGS.index(key[3:])] = list(row)
            else:
                yield key, row

    weights = CompactVectors(items(), 3, fast=True)  # ~23 lookups a character
    return ChineseNameTagger(weights, trans, lexicon=lexicon)


def format_weights(weights: dict[str, Sequence[float]], trans: Sequence[Sequence[float]]
                   ) -> str:
    lines = ["# feature\tO\tB\tI  (bench/zh_name_tagger_train.py; Universal NER Chinese-GSD "
             "train, CC BY-SA 4.0, see README.md)"]
    for t, row in zip(TAGS, trans):
        lines.append("__T" + t + "\t" + "\t".join(f"{x:.3f}" for x in row))
    for key in sorted(weights):
        w = weights[key]
        lines.append(key + "\t" + "\t".join(f"{x:.3f}" for x in w))
    return "\n".join(lines) + "\n"
