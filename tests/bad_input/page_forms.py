"""The POST forms of a rendered page, with the values a browser would send as they stand.

The fuzzer starts from what the page offers (hidden version fields, the selected
options, the text already there) and spoils one thing at a time, so a bad value
reaches the code that runs after a form is valid, not only the form's own checks.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class PageForm:
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    # Every field name of the form, sent or not (an unticked box, a file input).
    names: set[str] = field(default_factory=set)
    has_file: bool = False

    def data(self, **changes) -> dict[str, list[str] | str]:
        return {**self.fields, **changes}


class _Parser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[PageForm] = []
        self.form: PageForm | None = None
        self.select: str | None = None
        self.select_first: str | None = None
        self.select_chosen = False
        self.textarea: str | None = None
        self.text = ""

    def _add(self, name: str, value: str) -> None:
        assert self.form is not None
        self.form.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self.form = PageForm(action=a.get("action") or self.page_url)
            return
        if tag == "option":
            self._option(a)
            return
        if self.form is None or not a.get("name") or "disabled" in a:
            return
        name = a["name"]
        self.form.names.add(name)
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "file":
                self.form.has_file = True
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._add(name, a.get("value", "on"))
            elif kind not in ("submit", "button", "image", "reset"):
                self._add(name, a.get("value", ""))
        elif tag == "select":
            self.select, self.select_first, self.select_chosen = name, None, False
        elif tag == "textarea":
            self.textarea, self.text = name, ""

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form" and self.form is not None:
            self.forms.append(self.form)
            self.form = None
        elif tag == "textarea" and self.textarea is not None:
            self._add(self.textarea, self.text.removeprefix("\n"))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            if not self.select_chosen and self.select_first is not None:
                self._add(self.select, self.select_first)
            self.select = None

    def _option(self, a: dict[str, str]) -> None:
        if self.form is None or self.select is None:
            return
        value = a.get("value", "")
        if self.select_first is None:
            self.select_first = value
        if "selected" in a:
            self._add(self.select, value)
            self.select_chosen = True


def post_forms(html: str, page_url: str) -> list[PageForm]:
    parser = _Parser(page_url)
    parser.feed(html)
    return parser.forms
