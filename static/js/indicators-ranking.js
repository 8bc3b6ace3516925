// Province and national rankings: the chart (the table sorts by sortable-tables.js).
// The province chart has a bar per completed stage (EM, VA, VL) of each ranked district;
// a stage not completed has no bar.
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
  const colours = ["#0d6efd", "#198754", "#fd7e14"];
  const datasets = data.datasets
    .map((set, index) => ({ label: set.label, data: set.data, backgroundColor: colours[index % colours.length] }))
    .filter((set) => set.data.some((v) => v !== null));
  canvas.parentElement.style.height = `${data.labels.length * 18 * Math.max(datasets.length, 1) + 90}px`;
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
