// chart.jsx - a bar chart drawn by Chart.js on a canvas. Chart.js sets sizes
// through the CSSOM (allowed by style-src 'self'), adds no stylesheet and draws
// every text on the canvas, so a label with markup in it is only ever text.
// A missing value (null: suppressed, or no figure) is left out, never drawn as
// zero; the label says why.
import { useEffect, useRef } from 'preact/hooks';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/* labels: strings; series: [{label, values: (number|null)[]}]; summary: the canvas' text. */
export function BarChart({ labels, series, summary, horizontal }) {
  const ref = useRef(null);
  useEffect(() => {
    const colours = ['#1f4e79', '#b35900', '#2e7d32', '#6a1b9a'];
    const chart = new Chart(ref.current, {
      type: 'bar',
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: s.values,
          backgroundColor: colours[i % colours.length],
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: horizontal ? 'y' : 'x',
        plugins: { legend: { display: series.length > 1 } },
        scales: { x: { ticks: { autoSkip: !horizontal } }, y: { beginAtZero: true, ticks: { autoSkip: false } } },
      },
    });
    return () => chart.destroy();
  }, [JSON.stringify(labels), JSON.stringify(series)]);
  return (
    <div class="chart">
      <canvas ref={ref} role="img" aria-label={summary} data-values={JSON.stringify(series[0] ? series[0].values : [])}>
        {summary}
      </canvas>
    </div>
  );
}
