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
