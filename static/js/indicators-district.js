// District readiness page: cluster bars and the yearly trend. The numbers are also in tables.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("indicators-district-data");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const self = "#0d6efd";
  const verified = "#198754";

  const clusters = document.getElementById("cluster-chart");
  if (clusters && data.clusters.labels.length) {
    const datasets = [{ label: "Mandiri (%)", data: data.clusters.self, backgroundColor: self }];
    if (data.clusters.verified.some((v) => v !== null)) {
      datasets.push({ label: "Terverifikasi (%)", data: data.clusters.verified, backgroundColor: verified });
    }
    new Chart(clusters, {
      type: "bar",
      data: { labels: data.clusters.labels, datasets },
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
    const datasets = [
      { label: "Mandiri", data: data.trend.self, borderColor: self, backgroundColor: self },
      { label: "Terverifikasi", data: data.trend.verified, borderColor: verified, backgroundColor: verified, spanGaps: true },
    ];
    if (data.trend.awards.some((v) => v !== null)) {
      datasets.push({ label: "Nilai resmi", data: data.trend.awards, borderColor: "#fd7e14", backgroundColor: "#fd7e14", showLine: false, pointRadius: 6 });
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
