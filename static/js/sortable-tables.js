// Sortable tables: click a column header (th[data-sort] holding a button) of a
// table[data-sortable] to sort its rows; th[data-sort="number"] sorts numbers, the
// cell's data-value where it has one. On a table with data-numbers-first="descending"
// numbers sort largest first on the first click (the completeness board: the agencies
// to chase come on top). Rows outside the first tbody (a totals row in tfoot) stay put.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("table[data-sortable]").forEach((table) => {
    const body = table.tBodies[0];
    const headers = table.querySelectorAll("thead th[data-sort]");
    const numbersDescendFirst = table.dataset.numbersFirst === "descending";
    headers.forEach((th) => {
      const button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", () => {
        const numeric = th.dataset.sort === "number";
        const current = th.getAttribute("aria-sort");
        const ascending =
          numeric && numbersDescendFirst ? current === "descending" : current !== "ascending";
        headers.forEach((other) => other.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const column = Array.from(th.parentElement.children).indexOf(th);
        const value = (row) => {
          const cell = row.children[column];
          const raw = cell ? (cell.dataset.value ?? cell.textContent.trim()) : "";
          if (!numeric) return raw.toLowerCase();
          const number = parseFloat(raw);
          return Number.isNaN(number) ? -Infinity : number;
        };
        const rows = Array.from(body.rows);
        rows.sort((a, b) => {
          const x = value(a);
          const y = value(b);
          if (x < y) return ascending ? -1 : 1;
          if (x > y) return ascending ? 1 : -1;
          return 0;
        });
        rows.forEach((row) => body.appendChild(row));
      });
    });
  });
});
