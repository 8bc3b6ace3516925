// Attendance page: live count of ticked boxes, a "tick everyone" button, and the reason
// for an absence shown only beside those not ticked.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-attendance]");
  if (!form) return;
  const boxes = Array.from(form.querySelectorAll("input.attendance-box"));
  const counter = form.querySelector("[data-present-count]");
  // The reason for an absence (izin, sakit) only matters when the box is not ticked.
  const reasonOf = (box) => box.closest("li").querySelector("select.attendance-absence");
  const update = () => {
    counter.textContent = boxes.filter((box) => box.checked).length;
    boxes.forEach((box) => {
      const reason = reasonOf(box);
      if (reason) reason.classList.toggle("d-none", box.checked);
    });
  };
  update();
  boxes.forEach((box) => box.addEventListener("change", update));
  const all = form.querySelector("[data-check-all]");
  if (all) {
    all.addEventListener("click", () => {
      boxes.forEach((box) => {
        box.checked = true;
      });
      update();
    });
  }
});

// Offline attendance. A venue without signal: each mark made offline goes to a queue on the
// phone (IndexedDB) with the time it was made, and is sent through the API when the
// connection returns (the "online" event, or the next time the page opens). The server keeps
// the latest mark per person and day; a queued mark older than someone else's later one comes
// back as a conflict, and the page then shows the server's mark. Online, the form posts as
// before. The queue keeps one mark per user, person and day (the latest), and each user only
// sends their own: on a shared phone, another login never sends someone else's marks.
// The service worker (/sw.js) keeps this page, the training's other days and its page.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-attendance]");
  if (!form || !("indexedDB" in window)) return;
  const { training, date, user, api } = form.dataset;
  const pendingBox = form.querySelector("[data-offline-pending]");
  const messageBox = form.querySelector("[data-offline-message]");
  const fill = (label, values) => label.replace(/%\((\w+)\)s/g, (_, key) => values[key]);
  const rowOf = (id) => form.querySelector(`li[data-participant="${id}"]`);
  const csrf = () => form.querySelector("input[name=csrfmiddlewaretoken]").value;

  const statusOf = (row) => {
    if (row.querySelector("input.attendance-box").checked) return "hadir";
    const reason = row.querySelector("select.attendance-absence");
    return (reason && reason.value) || "alpa";
  };
  const show = (row, status) => {
    row.querySelector("input.attendance-box").checked = status === "hadir";
    const reason = row.querySelector("select.attendance-absence");
    if (reason) reason.value = status === "izin" || status === "sakit" ? status : "";
    row.querySelector("input.attendance-box").dispatchEvent(new Event("change"));
  };
  const say = (text) => {
    messageBox.textContent = text;
    messageBox.hidden = !text;
  };

  const opened = new Promise((resolve, reject) => {
    const request = indexedDB.open("kla-offline", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("marks", { keyPath: "key" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const store = async (mode, work) => {
    const db = await opened;
    return new Promise((resolve, reject) => {
      const tx = db.transaction("marks", mode);
      const result = work(tx.objectStore("marks"));
      tx.oncomplete = () => resolve(result && result.result);
      tx.onerror = () => reject(tx.error);
    });
  };
  const mine = async () =>
    (await store("readonly", (marks) => marks.getAll())).filter(
      (mark) => mark.user === user && mark.training === training,
    );

  const showPending = async () => {
    const n = (await mine()).length;
    pendingBox.textContent = fill(form.dataset.pendingLabel, { n });
    pendingBox.hidden = n === 0;
    form.dataset.pending = n;
  };
  const queue = async (row) => {
    const participant = Number(row.dataset.participant);
    await store("readwrite", (marks) =>
      marks.put({
        key: [user, training, participant, date].join(":"),
        user,
        training,
        participant_id: participant,
        date,
        status: statusOf(row),
        marked_at: new Date().toISOString(),
      }),
    );
    await showPending();
  };

  // Changes made online are only posted with the form: remember them in case the signal
  // goes before the button is pressed.
  const touched = new Set();
  form.addEventListener("change", (event) => {
    const row = event.target.closest("li[data-participant]");
    if (!row || !event.isTrusted) return;
    if (navigator.onLine) touched.add(row);
    else queue(row);
  });
  form.querySelector("[data-check-all]")?.addEventListener("click", () => {
    form.querySelectorAll("li[data-participant]").forEach((row) => {
      if (navigator.onLine) touched.add(row);
      else queue(row);
    });
  });
  form.addEventListener("submit", async (event) => {
    if (navigator.onLine) return;
    event.preventDefault();
    await Promise.all(Array.from(touched, queue));
    touched.clear();
    say(form.dataset.offlineLabel);
  });

  let sending = false;
  const flush = async () => {
    if (sending || !navigator.onLine) return;
    const marks = await mine();
    if (!marks.length) return;
    sending = true;
    try {
      const response = await fetch(api, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify({
          marks: marks.map(({ participant_id, date, status, marked_at }) => ({
            participant_id,
            date,
            status,
            marked_at,
          })),
        }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        say(fill(form.dataset.failedLabel, { detail: body.detail || response.status }));
        return;
      }
      // Only what was sent leaves the queue: a mark made while the request ran stays.
      await store("readwrite", (queued) => {
        marks.forEach((mark) => {
          queued.get(mark.key).onsuccess = (found) => {
            const now = found.target.result;
            if (now && now.marked_at === mark.marked_at) queued.delete(mark.key);
          };
        });
      });
      const names = [];
      body.conflicts.forEach((conflict) => {
        const row = conflict.date === date && rowOf(conflict.participant_id);
        if (row) {
          show(row, conflict.status);
          names.push(row.dataset.name);
        } else names.push(`#${conflict.participant_id} (${conflict.date})`);
      });
      say(
        names.length
          ? fill(form.dataset.conflictLabel, { names: names.join(", ") })
          : form.dataset.sentLabel,
      );
    } catch {
      // Still no connection after all: the marks stay queued for the next "online" event.
    } finally {
      sending = false;
      await showPending();
    }
  };

  // The page may come from the service worker's copy: put the queued marks back on it.
  mine().then((marks) => {
    marks.filter((mark) => mark.date === date).forEach((mark) => {
      const row = rowOf(mark.participant_id);
      if (row) show(row, mark.status);
    });
    showPending().then(flush);
  });
  window.addEventListener("online", flush);
  window.addEventListener("offline", () => say(form.dataset.offlineLabel));

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker
      .register(form.dataset.sw, { scope: "/" })
      .then(() => navigator.serviceWorker.ready)
      .then(
        (registration) =>
          new Promise((resolve) => {
            const channel = new MessageChannel();
            channel.port1.onmessage = (event) => resolve(event.data);
            const days = Array.from(document.querySelectorAll("nav[data-days] a[href]"), (a) => a.href);
            const assets = Array.from(
              document.querySelectorAll("script[src], link[rel=stylesheet][href], link[rel=icon][href]"),
              (element) => element.src || element.href,
            );
            registration.active.postMessage(
              {
                type: "keep",
                pages: [location.href, form.dataset.trainingUrl, ...days],
                assets,
              },
              [channel.port2],
            );
          }),
      )
      .then((result) => {
        form.dataset.offlineReady = result;
      })
      .catch(() => undefined);
  }
});
