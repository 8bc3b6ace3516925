// District overview: institutions per sector, stacked by how far they are on their path.
document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.getElementById("sector-chart");
  const source = document.getElementById("sector-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const colours = ["#adb5bd", "#0dcaf0", "#198754"];
  // One readable row per sector, however narrow the phone.
  canvas.parentElement.style.height = `${data.labels.length * 34 + 90}px`;
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.series.map((series, i) => ({
        label: series.label,
        data: series.data,
        backgroundColor: colours[i % colours.length],
      })),
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { stacked: true, ticks: { precision: 0 } },
        y: { stacked: true, ticks: { autoSkip: false } },
      },
      plugins: { legend: { position: "bottom" } },
    },
  });
});
