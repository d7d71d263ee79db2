// The dashboard's charts (Chart.js, from npm at build time). A chart is drawn again whenever the filters change;
// labels are drawn on the canvas, so customer text never becomes markup.
/* global Chart */
const drawn = new Map();
const blue = '#2b5fd9';
const green = '#2e7d4f';
const amber = '#d08a1e';
const ratingColours = ['#b3261e', '#e06c3c', '#d0a21e', '#7fb05a', '#2e7d4f'];

function draw(id, config) {
  drawn.get(id)?.destroy();
  const chart = new Chart(document.getElementById(id), {
    ...config,
    options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
  });
  drawn.set(id, chart);
  return chart;
}

export const chartData = (id) => drawn.get(id)?.data;

export function drawDays(days) {
  draw('chart-days', {
    data: {
      labels: days.map((d) => d.day),
      datasets: [
        { type: 'bar', label: 'Bot only', data: days.map((d) => d.contained), backgroundColor: green, stack: 'c' },
        { type: 'bar', label: 'With a person', data: days.map((d) => d.conversations - d.contained), backgroundColor: amber, stack: 'c' },
        { type: 'line', label: 'Mean rating', data: days.map((d) => d.meanRating), borderColor: blue, backgroundColor: blue, yAxisID: 'rating', spanGaps: true, pointRadius: 2 },
      ],
    },
    options: {
      scales: {
        x: { stacked: true },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: 'conversations' } },
        rating: { position: 'right', min: 1, max: 5, grid: { drawOnChartArea: false }, title: { display: true, text: 'rating' } },
      },
    },
  });
}

export function drawReasons(reasons, label) {
  draw('chart-reasons', {
    type: 'bar',
    data: { labels: reasons.map((r) => label(r.reason)), datasets: [{ label: 'Conversations', data: reasons.map((r) => r.conversations), backgroundColor: amber }] },
    options: { indexAxis: 'y', plugins: { legend: { display: false } } },
  });
}

export function drawRatings(distribution) {
  draw('chart-csat', {
    type: 'bar',
    data: { labels: ['1', '2', '3', '4', '5'], datasets: [{ label: 'Surveys', data: distribution, backgroundColor: ratingColours }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
  });
}

export function drawChannels(channels) {
  draw('chart-channels', {
    type: 'bar',
    data: {
      labels: channels.map((c) => c.channel),
      datasets: [
        { label: 'Conversations', data: channels.map((c) => c.conversations), backgroundColor: blue },
        { label: 'Bot only', data: channels.map((c) => c.contained), backgroundColor: green },
      ],
    },
    options: { scales: { y: { beginAtZero: true } } },
  });
}
