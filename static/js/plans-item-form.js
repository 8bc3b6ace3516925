// RTL item form: the question picker offers the questions of the chosen indicator only, and
// a question chosen first picks its indicator. The server renders the same narrowing and
// refuses a question of another indicator; this only follows changes. No inline scripts (CSP).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-question-picker]").forEach((questions) => {
    const indicator = questions.form && questions.form.querySelector("select[data-indicator-picker]");
    if (!indicator) return;
    const narrow = () => {
      const chosen = indicator.value;
      questions.querySelectorAll("option[data-indicator]").forEach((option) => {
        const other = chosen !== "" && option.dataset.indicator !== chosen;
        option.hidden = other;
        option.disabled = other;
        if (other && option.selected) questions.value = "";
      });
    };
    indicator.addEventListener("change", narrow);
    questions.addEventListener("change", () => {
      const option = questions.selectedOptions[0];
      if (option && option.dataset.indicator && indicator.value === "") {
        indicator.value = option.dataset.indicator;
        narrow();
      }
    });
    narrow();
  });
});
