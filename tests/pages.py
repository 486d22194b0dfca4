"""Reading rendered pages in tests: the parts a person or a browser acts on."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    text: str = ""


class Page(HTMLParser):
    """A page's title, headings, scripts, stylesheets, table rows and inline code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.headings: list[Element] = []
        self.scripts: list[Element] = []
        self.stylesheets: list[str] = []
        self.inline_styles: list[str] = []
        self.event_handlers: list[str] = []
        # Rows of the tables in each <section>, keyed by the section's aria-labelledby.
        self.tables: dict[str, list[list[str]]] = {}
        # Summary lists (<dt> key, <dd> value) in each <section>, keyed the same way.
        self.summaries: dict[str, dict[str, str]] = {}
        self._key = ""
        self._open: list[Element] = []
        self._section = ""
        self._row: list[str] | None = None

    def h(self, tag: str) -> list[str]:
        return [heading.text for heading in self.headings if heading.tag == tag]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "style" in attributes or tag == "style":
            self.inline_styles.append(tag)
        self.event_handlers.extend(name for name in attributes if name.startswith("on"))
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append(attributes.get("href") or "")
        elif tag == "section":
            self._section = attributes.get("aria-labelledby") or ""
        elif tag == "tr":
            self._row = []
        if tag not in {"link", "meta", "br", "img", "input"}:
            self._open.append(Element(tag, attributes))

    def handle_endtag(self, tag: str) -> None:
        element = None
        while self._open:
            element = self._open.pop()
            if element.tag == tag:
                break
        if element is None or element.tag != tag:
            return
        text = " ".join(element.text.split())
        if tag == "title":
            self.title = text
        elif tag in {"h1", "h2", "h3"}:
            self.headings.append(Element(tag, element.attrs, text))
        elif tag == "script":
            self.scripts.append(Element(tag, element.attrs, element.text))
        elif tag in {"th", "td"} and self._row is not None:
            self._row.append(text)
        elif tag == "dt":
            self._key = text
        elif tag == "dd":
            self.summaries.setdefault(self._section, {})[self._key] = text
        elif tag == "tr" and self._row is not None:
            self.tables.setdefault(self._section, []).append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data


def parse(html: bytes | str) -> Page:
    page = Page()
    page.feed(html.decode() if isinstance(html, bytes) else html)
    page.close()
    return page
