"""The load test's write mix: users who save forms over HTTP as a person does in a browser.

A write user signs in through the login form with a session of its own, then, in turns,
opens a form page, reads the form as a browser shows it (every field with the value it
shows, the CSRF token in the ``csrfmiddlewaretoken`` hidden input), changes one thing,
posts it with the session and CSRF cookies and follows the redirect:

- **a progress update** on an action item of the district (``plans:item_update``): a new
  percent and a text naming the run and the post;
- **an attendance save** of a training day (``trainings:attendance``): one participant's
  tick box flipped, every other field sent as the page showed it.

Neither form carries a one-time token: a double submit is caught by the write functions,
which store a repeat as nothing (``post_progress_update`` returns the item's latest update
when a post repeats it word for word; ``record_attendance`` writes only the rows that
change). So every post here differs from the stored state, or it would be a successful
post that stores no row. For the same reason each write user has an action item and a
training day of its own: two people posting one day's list from pages opened at the
same moment undo each other's tick (the later list wins).

``WriteMix.verify`` counts, after the run, the rows the posts stored (the progress
updates with the run's text, the attendance history rows of the users' days since the
run began) against the successful posts.
"""

import html
import http.cookiejar
import random
import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser

PROGRESS, ATTENDANCE, FORM_PAGES = "progress_update", "attendance_save", "form_pages"
LOGIN_PATH = "/akun/masuk/"
PROGRESS_TEXT = "[skala] uji beban"  # marked as the scale data set's rows are (bench/scale.py)
SUCCESS = re.compile(r'class="alert alert-success\b')
# What a page with a refused form shows: crispy's field errors and non-field errors, and
# the error message of the attendance page (messages.error, a danger alert).
FORM_ERROR = re.compile(r'class="[^"]*\b(?:is-invalid|invalid-feedback|alert-danger)\b[^"]*"[^>]*>')


@dataclass
class Page:
    status: int
    url: str
    location: str
    body: str
    ms: float


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hands a redirect back (as an HTTPError): the caller times and follows it itself."""

    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies (session, CSRF, messages) kept across requests, a new connection each."""

    def __init__(self, base: str, timeout: float = 10):
        self.base, self.timeout = base, timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect
        )

    def open(self, path, data: bytes | None = None, content_type="", referer="") -> Page:
        url = urllib.parse.urljoin(self.base, path)
        headers = {}
        if data is not None:  # what a browser sends with a form
            headers = {"Content-Type": content_type, "Origin": self.base, "Referer": referer}
        request = urllib.request.Request(url, data=data, headers=headers)
        started = time.perf_counter()
        try:
            response = self.opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:  # a redirect or an error status: a page too
            response = error
        with response:
            body = response.read().decode()
        ms = (time.perf_counter() - started) * 1000
        return Page(response.status, url, response.headers.get("Location", ""), body, ms)

    def submit(self, form: "Form", page: Page) -> Page:
        data, content_type = form.encoded()
        action = urllib.parse.urljoin(page.url, form.attrs.get("action") or page.url)
        return self.open(action, data, content_type, referer=page.url)

    def sign_in(self, username: str, password: str) -> None:
        page = self.open(LOGIN_PATH)
        form = find_form(page.body, lambda form: form.get("password") is not None)
        form.set("username", username)
        form.set("password", password)
        done = self.submit(form, page)
        if done.status != 302 or "sessionid" not in self.cookies():
            raise SystemExit(f"login failed: HTTP {done.status}, no session cookie")

    def cookies(self) -> dict[str, str]:
        return {cookie.name: cookie.value for cookie in self.jar}


@dataclass
class Field:
    name: str
    kind: str
    value: str | None
    on: bool = True  # a check box or radio button is sent only when ticked


@dataclass
class Form:
    attrs: dict
    fields: list[Field] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        return next((f.value for f in self.fields if f.name == name), None)

    def set(self, name: str, value: str) -> None:
        """Type into the one field of that name (a page without it is an error, counted)."""
        found = [f for f in self.fields if f.name == name]
        if len(found) != 1:
            raise LookupError(f"the form has {len(found)} fields named {name!r}")
        found[0].value = value

    def encoded(self) -> tuple[bytes, str]:
        """The body a browser sends: multipart with an empty part per file box, or urlencoded."""
        sent = [f for f in self.fields if f.on and f.value is not None]
        if self.attrs.get("enctype") != "multipart/form-data":
            pairs = [(f.name, f.value) for f in sent if f.kind != "file"]
            return urllib.parse.urlencode(pairs).encode(), "application/x-www-form-urlencoded"
        boundary = f"----bench{secrets.token_hex(8)}"
        parts = []
        for f in sent:
            if f.kind == "file":  # no file chosen: a part with an empty name and no content
                head = f'name="{f.name}"; filename=""\r\nContent-Type: application/octet-stream'
                parts.append(f"--{boundary}\r\nContent-Disposition: form-data; {head}\r\n\r\n")
            else:
                parts.append(
                    f"--{boundary}\r\nContent-Disposition: form-data; "
                    f'name="{f.name}"\r\n\r\n{f.value}'
                )
        body = "\r\n".join([*parts, f"--{boundary}--\r\n"])
        return body.encode(), f"multipart/form-data; boundary={boundary}"


class _FormParser(HTMLParser):
    """Every form of a page with its fields and the values the browser shows in them."""

    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._select: Field | None = None
        self._option: list | None = None  # [value, selected, text]
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: "" if value is None else value for key, value in attrs}
        if tag == "form":
            self.forms.append(Form(attrs))
            return
        name = attrs.get("name")
        if not self.forms or "disabled" in attrs:
            return
        fields = self.forms[-1].fields
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            ticked = kind not in ("checkbox", "radio") or "checked" in attrs
            default = "on" if kind in ("checkbox", "radio") else ""
            fields.append(Field(name, kind, attrs.get("value", default), ticked))
        elif tag == "select" and name:
            self._select = Field(name, "select", None)
            fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._end_option()
            self._option = [attrs.get("value"), "selected" in attrs, ""]
        elif tag == "textarea" and name:
            self._textarea = Field(name, "textarea", "")
            fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        elif self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag):
        if tag == "option":
            self._end_option()
        elif tag == "select":
            self._end_option()
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the line break that follows <textarea> (Django writes one).
            self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None

    def _end_option(self):
        """The first option, or the one marked selected, is the select's value."""
        if self._option is None:
            return
        value, selected, text = self._option
        value = text.strip() if value is None else value
        if selected or self._select.value is None:
            self._select.value = value
        self._option = None


def find_form(page: str, wanted) -> Form:
    """The page's form that ``wanted`` accepts; it must hold a CSRF token."""
    parser = _FormParser()
    parser.feed(page)
    form = next((form for form in parser.forms if wanted(form)), None)
    if form is None:
        raise LookupError("no such form on the page")
    if not form.get("csrfmiddlewaretoken"):
        raise LookupError("the form has no csrfmiddlewaretoken")
    return form


def form_errors(page: str) -> str:
    """What a page says was wrong with the form ('' when it says nothing)."""
    found = FORM_ERROR.search(page)
    if found is None:
        return ""
    text = re.sub(r"<[^>]+>", " ", page[found.end() : found.end() + 400].split("</div>")[0])
    return " ".join(html.unescape(text).split())[:160] or "form error"


@dataclass
class Target:
    """A write user's own records: an action item and a training day."""

    update_path: str
    attendance_path: str
    day: int


class WriteUser:
    """One person saving forms, in turns a progress update and an attendance save."""

    def __init__(self, number: int, browser: Browser, target: Target, run: str):
        self.number, self.browser, self.target, self.run = number, browser, target, run
        self.rng = random.Random(1000 + number)
        self.posted = {PROGRESS: 0, ATTENDANCE: 0}

    def warm_up(self) -> None:
        """Open both form pages once, untimed (the workers compile their templates)."""
        for path in (self.target.update_path, self.target.attendance_path):
            self.browser.open(path)

    def run_until(self, stop: float, pause, recorder) -> None:
        kinds = [PROGRESS, ATTENDANCE] if self.number % 2 else [ATTENDANCE, PROGRESS]
        turn = 0
        while time.monotonic() < stop:
            kind = kinds[turn % 2]
            turn += 1
            try:
                self._save(kind, pause, recorder)
            except OSError as exc:  # a refused or timed-out connection: counted, no time
                recorder.error(kind, repr(exc))
            pause()

    def _save(self, kind, pause, recorder) -> None:
        """GET the form, read it, think, POST it, follow the redirect (as a browser does)."""
        if kind == PROGRESS:
            path, wanted = self.target.update_path, _is_update_form
        else:
            path, wanted = self.target.attendance_path, _is_attendance_form
        page = self.browser.open(path)
        form, problem = None, f"HTTP {page.status}"
        if page.status == 200:
            try:
                form = find_form(page.body, wanted)
                (self._change_progress if kind == PROGRESS else self._toggle_attendance)(form)
            except LookupError as exc:
                form, problem = None, str(exc)
        recorder.add(FORM_PAGES, page.ms, None if form else f"GET {path}: {problem}")
        if form is None:
            return
        pause()
        posted = self.browser.submit(form, page)
        if posted.status != 302 or not posted.location:
            problem = form_errors(posted.body) or "no redirect"
            recorder.add(kind, posted.ms, f"POST {path}: HTTP {posted.status}: {problem}")
            return
        recorder.add(kind, posted.ms)
        self.posted[kind] += 1
        after = self.browser.open(posted.location)  # the browser follows at once
        problem = None
        if after.status != 200:
            problem = f"HTTP {after.status}"
        elif not SUCCESS.search(after.body) or form_errors(after.body):
            problem = form_errors(after.body) or "no success message"
        recorder.add(FORM_PAGES, after.ms, problem and f"GET {posted.location}: {problem}")

    def _change_progress(self, form: Form) -> None:
        """A new percent and a text of its own: never a repeat of the latest update."""
        current = form.get("percent")
        percents = [p for p in range(5, 101, 5) if str(p) != current]
        form.set("percent", str(self.rng.choice(percents)))
        n = sum(self.posted.values())
        form.set("text", f"{PROGRESS_TEXT} {self.run} pengguna {self.number} #{n}")

    def _toggle_attendance(self, form: Form) -> None:
        """Flip one participant's tick; the rest (ticks, reasons) goes back as shown."""
        boxes = [f for f in form.fields if f.name == "present" and f.kind == "checkbox"]
        if not boxes:
            raise LookupError("no participant on the attendance page")
        box = self.rng.choice(boxes)
        box.on = not box.on


def _is_update_form(form: Form) -> bool:
    return form.attrs.get("data-testid") == "update-form"


def _is_attendance_form(form: Form) -> bool:
    return "data-attendance" in form.attrs


class WriteMix:
    """The write users of one run, their records, and the count of what they stored."""

    def __init__(self, district, user, count: int, seed: int = 21):
        self.user, self.run = user, secrets.token_hex(4)
        self.targets = choose_targets(district, user, count, random.Random(seed))
        self.users: list[WriteUser] = []
        self.since = None  # set by start()

    def sign_in(self, base: str, password: str) -> list[WriteUser]:
        """Each write user signs in through the login form: a session and CSRF cookie of its own."""
        for number, target in enumerate(self.targets):
            browser = Browser(base)
            browser.sign_in(self.user.username, password)
            self.users.append(WriteUser(number, browser, target, self.run))
        return self.users

    def start(self) -> None:
        """Stored rows count from here (the attendance history rows carry their time)."""
        from django.utils import timezone

        self.since = timezone.now()

    def verify(self) -> dict:
        """The rows the run stored against its successful posts, per kind."""
        from trainings.models import Attendance
        from trainings.plans.models import ProgressUpdate

        stored = {
            PROGRESS: ProgressUpdate.objects.filter(
                text__startswith=f"{PROGRESS_TEXT} {self.run} ", author=self.user
            ).count(),
            ATTENDANCE: Attendance.history.filter(
                day_id__in=[t.day for t in self.targets],
                history_user=self.user,
                history_date__gte=self.since,
            ).count(),
        }
        return {
            kind: {"posted": sum(u.posted[kind] for u in self.users), "stored": stored[kind]}
            for kind in (PROGRESS, ATTENDANCE)
        }


def choose_targets(district, user, count: int, rng: random.Random) -> list[Target]:
    """``count`` action items the user may post progress on and as many training days of
    the district, one of each per write user (their paths and the day's key)."""
    from django.urls import reverse

    from trainings.models import Training, TrainingDay
    from trainings.plans.models import ActionItem

    items = list(
        ActionItem.objects.editable_by(user)
        .filter(plan__district=district, plan__is_active=True)
        .exclude(status=ActionItem.Status.CANCELLED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    trainings = (
        Training.objects.editable_by(user)
        .filter(district=district, is_active=True, participants__is_active=True)
        .distinct()
    )
    days, numbers = [], {}
    # Numbered as the attendance page numbers them: the training's days by date, from 1.
    for training, day in (
        TrainingDay.objects.filter(training__in=trainings)
        .order_by("training", "date")
        .values_list("training", "pk")
    ):
        numbers[training] = numbers.get(training, 0) + 1
        days.append((training, numbers[training], day))
    if len(items) < count or len(days) < count:
        raise SystemExit(
            f"{district.code}: {len(items)} open action items and {len(days)} training days "
            f"with participants, {count} write users need as many of each "
            "(seed with bench/seed_scale.py, or pick another --district)"
        )
    return [
        Target(
            reverse("plans:item_update", args=[item]),
            reverse("trainings:attendance", args=[training, number]),
            day,
        )
        for item, (training, number, day) in zip(
            rng.sample(items, count), rng.sample(days, count), strict=True
        )
    ]
