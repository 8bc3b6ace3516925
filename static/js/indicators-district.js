// District readiness page: group bars (one set per completed stage, or the answers so far)
// and the yearly trend, a line per stage. The numbers are also in the tables.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("indicators-district-data");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const colours = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1"];
  const filled = (sets) =>
    sets
      .map((set, index) => ({ ...set, colour: colours[index % colours.length] }))
      .filter((set) => set.data.some((v) => v !== null));

  const clusters = document.getElementById("cluster-chart");
  if (clusters && data.clusters.labels.length) {
    new Chart(clusters, {
      type: "bar",
      data: {
        labels: data.clusters.labels,
        datasets: filled(data.clusters.datasets).map((set) => ({ label: set.label, data: set.data, backgroundColor: set.colour })),
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { min: 0, max: 100 } },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }

  const trend = document.getElementById("trend-chart");
  if (trend && data.trend.labels.length) {
    const datasets = filled(data.trend.datasets).map((set) => ({
      label: set.label,
      data: set.data,
      borderColor: set.colour,
      backgroundColor: set.colour,
      spanGaps: true,
    }));
    if (data.trend.awards.some((v) => v !== null)) {
      datasets.push({ label: "Nilai resmi", data: data.trend.awards, borderColor: "#dc3545", backgroundColor: "#dc3545", showLine: false, pointRadius: 6 });
    }
    new Chart(trend, {
      type: "line",
      data: { labels: data.trend.labels, datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { min: 0, max: 1000 } },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }
});
