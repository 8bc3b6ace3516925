// Province and national rankings: the chart (the table sorts by sortable-tables.js).
document.addEventListener("DOMContentLoaded", () => {
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
