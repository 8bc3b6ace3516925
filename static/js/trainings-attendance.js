// Attendance page: live count of ticked boxes and a "tick everyone" button.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-attendance]");
  if (!form) return;
  const boxes = Array.from(form.querySelectorAll("input.attendance-box"));
  const counter = form.querySelector("[data-present-count]");
  const update = () => {
    counter.textContent = boxes.filter((box) => box.checked).length;
  };
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
