// Province and national rankings: a sortable table (click a header) and a chart.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("table[data-sortable]").forEach((table) => {
    const body = table.tBodies[0];
    table.querySelectorAll("th[data-sort]").forEach((th, index) => {
      const button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", () => {
        const numeric = th.dataset.sort === "number";
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th[data-sort]").forEach((other) => other.removeAttribute("aria-sort"));
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

  const source = document.getElementById("indicators-ranking-data");
  const canvas = document.getElementById("ranking-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  if (data.counts) {
    new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: [{ label: "Kabupaten/kota", data: data.counts, backgroundColor: "#0d6efd" }] },
      options: { responsive: true, maintainAspectRatio: false, scales: { y: { ticks: { precision: 0 } } }, plugins: { legend: { display: false } } },
    });
    return;
  }
  canvas.parentElement.style.height = `${data.labels.length * 30 + 90}px`;
  const datasets = [{ label: "Mandiri", data: data.self, backgroundColor: "#0d6efd" }];
  if (data.verified.some((v) => v !== null)) {
    datasets.push({ label: "Terverifikasi", data: data.verified, backgroundColor: "#198754" });
  }
  new Chart(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { min: 0, max: 1000 }, y: { ticks: { autoSkip: false } } },
      plugins: { legend: { position: "bottom" } },
    },
  });
});
