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
          // The select itself stays in the accessibility tree (hidden, not removed) while
          // Tom Select moves the label's "for" to the box: it keeps its name too.
          if (label) {
            this.control_input.setAttribute("aria-label", label.textContent.trim());
            // The hidden select is not a second "Lembaga" control to a screen reader.
            select.setAttribute("aria-hidden", "true");
          }
        },
      });
    });
  });
})();

// Date pickers (flatpickr, static/vendor/flatpickr) on the dd/mm/yyyy text boxes
// (kla_portal.forms.DateInput marks them data-date-picker). The box stays a text box with
// its label: typing dd/mm/yyyy still works, a picked day is written as dd/mm/yyyy, and the
// server parses what it always parsed. Month names follow the page's language.
(() => {
  // The server's DATE_INPUT_FORMATS (kla_portal/formats): d/m/Y, d-m-Y, Y-m-d.
  const FORMATS = [
    [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, (m) => [m[3], m[2], m[1]]],
    [/^(\d{1,2})-(\d{1,2})-(\d{4})$/, (m) => [m[3], m[2], m[1]]],
    [/^(\d{4})-(\d{1,2})-(\d{1,2})$/, (m) => [m[1], m[2], m[3]]],
  ];
  // flatpickr's own parser lets any character stand for "/" and rolls 31/02 over to March;
  // this one reads only what the server reads, and an impossible day reads as nothing.
  const parseDate = (text) => {
    for (const [pattern, parts] of FORMATS) {
      const match = pattern.exec(text.trim());
      if (!match) continue;
      const [year, month, day] = parts(match).map(Number);
      const date = new Date(year, month - 1, day);
      if (date.getMonth() === month - 1 && date.getDate() === day) return date;
    }
    return undefined;
  };
  document.addEventListener("DOMContentLoaded", () => {
    if (typeof flatpickr === "undefined") return;
    const lang = document.documentElement.lang || "";
    const locale = lang.startsWith("id") && flatpickr.l10ns.id ? flatpickr.l10ns.id : "default";
    document.querySelectorAll("input[data-date-picker]").forEach((input) => {
      // flatpickr empties a box whose text it cannot read; the officer's text is kept
      // instead, so the server answers with its message rather than saving an empty date.
      let typed = "";
      input.addEventListener("input", () => {
        typed = input.value;
      });
      flatpickr(input, {
        locale,
        dateFormat: "d/m/Y",
        allowInput: true,
        disableMobile: true,
        parseDate,
        onChange: (dates) => {
          if (dates.length) typed = "";
        },
      });
      input.addEventListener("blur", () => {
        if (!input.value && typed) input.value = typed;
      });
    });
  });
})();
