// Assessment page: one save for every changed answer, autosave, filters and a warning
// before leaving with unsaved changes. Without this script the form still works: it
// posts every row and the server keeps only the changed ones.
document.addEventListener("DOMContentLoaded", () => {
  const page = document.querySelector("[data-assessment]");
  if (!page) return;
  const AUTOSAVE_MS = 3000;
  const rows = Array.from(page.querySelectorAll("[data-row]"));
  const byId = new Map(rows.map((row) => [row.dataset.row, row]));

  // --- Filters and index -------------------------------------------------------------
  const tests = {
    semua: () => true,
    belum: (row) => row.dataset.answered !== "1",
    "tanpa-bukti": (row) => row.dataset.evidence !== "1",
    dikembalikan: (row) => row.dataset.returned === "1",
    "perlu-diperbarui": (row) => row.dataset.carried === "1",
  };
  const filterLinks = Array.from(page.querySelectorAll("[data-filter]"));

  function countFilters() {
    filterLinks.forEach((link) => {
      const test = tests[link.dataset.filter];
      const badge = link.querySelector("[data-filter-count]");
      if (test && badge) badge.textContent = rows.filter(test).length;
    });
  }

  function applyFilter(key) {
    const test = tests[key] || tests.semua;
    let shown = 0;
    rows.forEach((row) => {
      row.hidden = !test(row);
      if (!row.hidden) shown += 1;
    });
    page.querySelectorAll("[data-indicator]").forEach((section) => {
      section.hidden = !section.querySelector("[data-row]:not([hidden])");
    });
    page.querySelectorAll("[data-group]").forEach((group) => {
      group.hidden = !group.querySelector("[data-indicator]:not([hidden])");
    });
    filterLinks.forEach((link) => {
      const active = link.dataset.filter === key;
      link.classList.toggle("btn-secondary", active);
      link.classList.toggle("btn-outline-secondary", !active);
      if (active) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
    const empty = page.querySelector("[data-filter-empty]");
    if (empty) empty.hidden = shown > 0;
  }

  filterLinks.forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      applyFilter(link.dataset.filter);
      const url = new URL(window.location.href);
      url.searchParams.set("tampil", link.dataset.filter);
      window.history.replaceState(null, "", url);
    });
  });

  // An indicator hidden by the filter is shown again when its index entry is followed.
  page.addEventListener("click", (event) => {
    const link = event.target.closest("[data-index-link]");
    if (!link) return;
    const target = document.getElementById(`indikator-${link.dataset.indexLink}`);
    if (target && target.hidden) applyFilter("semua");
  });

  // On a phone the index starts folded: the questions come first.
  const index = page.querySelector("[data-index]");
  if (index && window.matchMedia("(max-width: 991.98px)").matches) index.open = false;

  const form = page.querySelector("form[data-assessment-form]");
  if (!form) return;

  // --- Changed rows ------------------------------------------------------------------
  const status = form.querySelector("[data-save-status]");
  const problemsBox = form.querySelector("[data-save-problems]");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const versionsField = form.querySelector("[data-versions]");
  const dirty = new Set();
  let lastSaved = status.textContent.trim();

  function fields(row) {
    const prefix = `i${row.dataset.row}-`;
    return Array.from(row.querySelectorAll("input[name], textarea[name], select[name]")).filter(
      (el) => el.name.startsWith(prefix),
    );
  }

  // What the user can change in a row, as {name: value}.
  function snapshot(row) {
    const values = {};
    fields(row).forEach((el) => {
      if (el.type === "radio") {
        if (!(el.name in values)) values[el.name] = "";
        if (el.checked) values[el.name] = el.value;
      } else if (el.type === "checkbox") {
        values[el.name] = el.checked ? el.value : "";
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function same(a, b) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if ((a[key] || "") !== (b[key] || "")) return false;
    return true;
  }

  const initial = new Map(rows.filter((r) => r.dataset.version).map((r) => [r, snapshot(r)]));

  function markRow(row) {
    if (!initial.has(row)) return;
    const changed = !same(snapshot(row), initial.get(row));
    row.classList.toggle("row-changed", changed);
    if (changed) dirty.add(row);
    else dirty.delete(row);
  }

  function setStatus(kind, extra) {
    const words = status.dataset[`text${kind[0].toUpperCase()}${kind.slice(1)}`] || "";
    status.textContent = extra ? `${words} ${extra}` : words;
    status.classList.toggle("text-danger", kind === "failed" || kind === "refused");
    status.classList.toggle("text-warning-emphasis", kind === "unsaved");
  }

  function refreshStatus() {
    if (inFlight) return;
    if (dirty.size) setStatus("unsaved", `(${dirty.size})`);
    else status.textContent = lastSaved;
  }

  function onEdit(event) {
    const row = event.target.closest("[data-row]");
    if (!row) return;
    if (event.target.matches("[data-accept]") && event.target.checked) {
      // Accepting the suggestion is choosing its answer.
      const radio = row.querySelector(
        `input[type=radio][name="i${row.dataset.row}-status"][value="${event.target.dataset.accept}"]`,
      );
      if (radio) radio.checked = true;
    }
    markRow(row);
    refreshStatus();
    schedule();
  }
  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);

  // --- Saving ------------------------------------------------------------------------
  let timer = null;
  let inFlight = null;
  let again = false;

  function schedule() {
    window.clearTimeout(timer);
    if (dirty.size) timer = window.setTimeout(() => save(false), AUTOSAVE_MS);
  }

  function syncVersions() {
    versionsField.value = rows
      .filter((row) => row.dataset.version)
      .map((row) => `${row.dataset.row}:${row.dataset.version}:${row.dataset.was}`)
      .join(";");
  }

  function showProblems(body) {
    rows.forEach((row) => {
      const box = row.querySelector("[data-row-errors]");
      const found = (body.errors || {})[row.dataset.row];
      if (box) box.replaceChildren(...(found || []).map((text) => {
        const line = document.createElement("div");
        line.textContent = text;
        return line;
      }));
      row.classList.toggle("row-invalid", Boolean(found));
    });
    Object.entries(body.versions || {}).forEach(([pk, version]) => {
      const row = byId.get(pk);
      if (row) row.dataset.version = version;
    });
    syncVersions();
    problemsBox.hidden = false;
    problemsBox.replaceChildren();
    const intro = document.createElement("div");
    intro.textContent = body.message || "";
    problemsBox.append(intro);
    Object.entries(body.errors || {}).forEach(([pk, found]) => {
      found.forEach((text) => {
        const link = document.createElement("a");
        link.href = `#butir-${pk}`;
        link.className = "d-block link-danger";
        link.textContent = text;
        problemsBox.append(link);
      });
    });
  }

  function applySaved(body, sent) {
    problemsBox.hidden = true;
    sent.forEach((values, row) => {
      const info = body.saved[row.dataset.row];
      const box = row.querySelector("[data-row-errors]");
      if (box) box.replaceChildren();
      row.classList.remove("row-invalid");
      const done = { ...values };
      if (info) {
        row.dataset.version = info.version;
        row.dataset.was = info.was;
        row.dataset.answered = info.answered ? "1" : "0";
        row.dataset.carried = "0";
        const points = row.querySelector("[data-row-points]");
        if (points) points.textContent = info.points;
        row.querySelectorAll("[data-carried-badge], [data-confirm-carried]").forEach((el) => {
          el.remove();
        });
        Object.keys(done).forEach((name) => {
          if (name.endsWith("-confirm")) delete done[name];
        });
        const accept = row.querySelector("[data-accept]");
        if (accept) {
          accept.checked = false;
          Object.keys(done).forEach((name) => {
            if (name.endsWith("-accept")) done[name] = "";
          });
        }
      }
      initial.set(row, done);
      markRow(row);
    });
    Object.entries(body.indicators || {}).forEach(([id, info]) => {
      const section = page.querySelector(`[data-indicator="${id}"]`);
      if (!section) return;
      section.querySelector("[data-indicator-points]").textContent = info.points;
      section.querySelector("[data-indicator-answered]").textContent = info.answered;
    });
    Object.entries(body.groups || {}).forEach(([code, points]) => {
      const target = page.querySelector(`[data-group="${code}"] [data-group-points]`);
      if (target) target.textContent = points;
    });
    const summary = page.querySelector("[data-summary]");
    if (summary && body.summary_html) summary.innerHTML = body.summary_html;
    const indexBody = page.querySelector("[data-index-body]");
    if (indexBody && body.index_html) indexBody.innerHTML = body.index_html;
    syncVersions();
    countFilters();
    lastSaved = `${status.dataset.textSaved} ${body.saved_at}`;
  }

  function save(explicit, options = {}) {
    window.clearTimeout(timer);
    if (inFlight) {
      again = true;
      return inFlight;
    }
    if (!dirty.size) {
      if (explicit) refreshStatus();
      return Promise.resolve();
    }
    const sent = new Map(Array.from(dirty).map((row) => [row, snapshot(row)]));
    const data = new FormData();
    data.append("csrfmiddlewaretoken", csrf);
    data.append(
      "versions",
      Array.from(sent.keys())
        .map((row) => `${row.dataset.row}:${row.dataset.version}:${row.dataset.was}`)
        .join(";"),
    );
    sent.forEach((values) => {
      Object.entries(values).forEach(([name, value]) => data.append(name, value));
    });
    setStatus("saving");
    inFlight = fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      keepalive: Boolean(options.keepalive),
      headers: { Accept: "application/json", "X-CSRFToken": csrf },
    })
      .then((response) =>
        response.json().then((body) => ({ ok: response.ok && body.ok, body })),
      )
      .then(({ ok, body }) => {
        inFlight = null;
        if (ok) {
          applySaved(body, sent);
          refreshStatus();
        } else {
          showProblems(body);
          setStatus("refused");
          if (explicit) {
            const first = byId.get(Object.keys(body.errors || {})[0]);
            if (first) first.scrollIntoView({ block: "center" });
          }
        }
      })
      .catch(() => {
        inFlight = null;
        setStatus("failed");
      })
      .finally(() => {
        inFlight = null;
        if (again) {
          again = false;
          schedule();
        }
      });
    return inFlight;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save(true);
  });

  // A tab closed or switched away from saves what is pending; leaving with unsaved
  // changes asks first.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && dirty.size && !inFlight) {
      save(false, { keepalive: true });
    }
  });
  window.addEventListener("beforeunload", (event) => {
    if (dirty.size || inFlight) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
});
