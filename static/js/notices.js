// The navbar's bell and "Menunggu" badge (templates/base.html), kept current without a
// reload: every 60 s while the tab is visible, and at once when it becomes visible again.
(() => {
  const box = document.querySelector("[data-notice-counts]");
  if (!box) return;
  const PERIOD = 60 * 1000;
  const bell = box.querySelector("[data-bell]");
  const unread = box.querySelector("[data-unread]");
  const waitingLink = box.querySelector("[data-waiting-link]");
  const waiting = box.querySelector("[data-waiting]");
  const label = (template, n) => template.replace("%(n)s", String(n));

  function show(counts) {
    const n = Number(counts.unread) || 0;
    const m = Number(counts.waiting) || 0;
    unread.textContent = String(n);
    unread.hidden = n === 0;
    bell.setAttribute("aria-label", label(box.dataset.unreadLabel, n));
    const icon = bell.querySelector(".bi");
    icon.classList.toggle("bi-bell-fill", n > 0);
    icon.classList.toggle("bi-bell", n === 0);
    waiting.textContent = String(m);
    waitingLink.hidden = m === 0;
    waitingLink.querySelector("[data-waiting-sentence]").textContent = label(
      box.dataset.waitingLabel,
      m,
    );
  }

  async function poll() {
    if (document.visibilityState !== "visible") return;
    try {
      const response = await fetch(box.dataset.url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      // Signed out meanwhile: the login page answers, not JSON. Keep what is shown.
      const type = response.headers.get("Content-Type") || "";
      if (response.ok && type.includes("application/json")) show(await response.json());
    } catch {
      // Offline for a moment: the next poll tries again.
    }
  }

  let timer = null;
  const start = () => {
    if (timer === null) timer = window.setInterval(poll, PERIOD);
  };
  const stop = () => {
    window.clearInterval(timer);
    timer = null;
  };
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      poll();
      start();
    } else {
      stop();
    }
  });
  if (document.visibilityState === "visible") start();
})();
