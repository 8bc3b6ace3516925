// Searchable pickers (Tom Select, static/vendor/tom-select): a form's select of more than
// PICKER_MIN options (48 institutions, 500 people) becomes a box one types into. Shorter
// selects stay native, as do selects another script narrows (the RTL question picker) or
// marked data-no-picker. The select keeps its name and value: the form posts as before.
// The words come from the script tag's data attributes, translated by the template.
(() => {
  const PICKER_MIN = 20;
  const words = document.currentScript ? document.currentScript.dataset : {};
  const skip = "[data-no-picker], [data-question-picker], [data-indicator-picker]";
  const note = (text) => {
    const div = document.createElement("div");
    div.className = "no-results";
    div.textContent = text;
    return div;
  };
  document.addEventListener("DOMContentLoaded", () => {
    if (typeof TomSelect === "undefined") return;
    document.querySelectorAll("form select.form-select").forEach((select) => {
      if (select.matches(skip) || select.options.length <= PICKER_MIN) return;
      const label = select.id && document.querySelector(`label[for="${select.id}"]`);
      const plugins = {};
      if (select.multiple) plugins.remove_button = { title: words.remove || "" };
      // The empty choice ("---------") becomes the placeholder; a clear button takes it back.
      else if (!select.required) plugins.clear_button = { title: words.clear || "" };
      new TomSelect(select, {
        create: false,
        maxOptions: null,
        allowEmptyOption: false,
        placeholder: words.placeholder || "",
        plugins,
        render: { no_results: () => note(words.noResults || "") },
        onInitialize() {
          // The typed-into box takes the select's label, so a screen reader names it.
          if (label) this.control_input.setAttribute("aria-label", label.textContent.trim());
        },
      });
    });
  });
})();
