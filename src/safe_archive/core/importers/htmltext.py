"""Mastodon status HTML to plain text.

Paragraphs become blank-line separated, ``<br>`` a newline. Links show their full ``href``
(Mastodon shortens the visible text with ``invisible``/``ellipsis`` spans); mention and hashtag
links keep their visible ``@user``/``#tag``. Character references are decoded by the parser
(Mastodon text has no offsets, so nothing needs doing before unescaping).
"""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = {"p", "div", "blockquote", "li", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skip = 0  # depth inside an "invisible" span
        self._span_stack: list[bool] = []
        self._link: list[tuple[str | None, bool]] = []  # (href, shown as href)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self._block()
        elif tag == "span":
            invisible = "invisible" in classes
            self._span_stack.append(invisible)
            if invisible:
                self._skip += 1
        elif tag == "a":
            href = found.get("href")
            plain = href is not None and not ({"mention", "hashtag", "u-url"} & set(classes)) and href.startswith(("http://", "https://"))
            if href and plain:
                self.links.append(href)
                self.parts.append(href)
                self._skip += 1
            self._link.append((href, plain))

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._block()
        elif tag == "span" and self._span_stack:
            if self._span_stack.pop():
                self._skip -= 1
        elif tag == "a" and self._link:
            _, plain = self._link.pop()
            if plain:
                self._skip -= 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._skip <= 0:
            self.parts.append(data)

    def _block(self) -> None:
        if self.parts and not "".join(self.parts[-2:]).endswith("\n\n"):
            self.parts.append("\n\n")


def html_to_text(html_text: str) -> tuple[str, list[str]]:
    """Plain text and the plain links (not mentions/hashtags) of a status's HTML."""
    parser = _Text()
    parser.feed(html_text)
    parser.close()
    text = "".join(parser.parts)
    lines = [line.rstrip() for line in text.split("\n")]
    cleaned = "\n".join(lines).strip()
    while "\n\n\n" in cleaned:
        cleaned = cleaned.replace("\n\n\n", "\n\n")
    return cleaned, list(dict.fromkeys(parser.links))
