// The new operator's set-password link: "Salin" copies it (or selects it, where the
// clipboard is not available, as on plain http).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-copy]").forEach((button) => {
    const input = document.querySelector(button.dataset.copy);
    if (!input) return;
    input.addEventListener("focus", () => input.select());
    button.addEventListener("click", () => {
      input.select();
      if (navigator.clipboard) navigator.clipboard.writeText(input.value);
    });
  });
});
