// Progress-update form: say that 100% marks the item done. No inline scripts (CSP).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-testid=update-form]").forEach((form) => {
    const percent = form.querySelector("input[name=percent]");
    const hint = form.querySelector("[data-percent-hint]");
    if (!percent || !hint) return;
    const toggle = () => {
      hint.hidden = Number(percent.value) < 100;
    };
    percent.addEventListener("input", toggle);
    toggle();
  });
});
