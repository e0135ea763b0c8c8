// Draws each figure of the dashboard with Apache ECharts (served at /console/echarts.js).
'use strict';
document.addEventListener('DOMContentLoaded', () => {
  if (!window.echarts) return; // the tables beside the charts carry the same numbers
  for (const el of document.querySelectorAll('.chart[data-figure]')) {
    const f = JSON.parse(el.dataset.figure);
    const chart = window.echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 20, top: 40, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: f.categories },
      yAxis: { type: 'value', minInterval: 1 },
      series: f.series.map((s) => ({ name: s.name, type: 'bar', stack: 'total', data: s.data })),
    });
    window.addEventListener('resize', () => chart.resize());
  }
});
