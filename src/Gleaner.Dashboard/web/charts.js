// The target page's three uPlot charts, built from a target's samples. uPlot is the global the classic script
// /assets/uPlot.iife.min.js defines; it builds its legend with textContent, so names stay text.

/** Buckets of the failures chart over the range. */
export const FAILURE_BUCKETS = 60;

const PHASES = ['dns', 'connect', 'tls', 'headers', 'body', 'total'];
const PALETTE = ['#d9480f', '#7048e8', '#1098ad', '#e64980', '#5c940d', '#f59f00', '#364fc7', '#862e9c', '#0b7285', '#c92a2a'];
const PHASE_COLOURS = { dns: '#1098ad', connect: '#7048e8', tls: '#e64980', headers: '#f59f00', body: '#5c940d', total: '#343a40' };
const SYNC = { key: 'gleaner-target', setSeries: false };

const seconds = (iso) => Date.parse(iso) / 1000;

/** x (due, seconds) and y (the number; null where the sample failed or was not a number): failures draw as gaps. */
export function valueData(samples) {
  const x = new Array(samples.length);
  const y = new Array(samples.length);
  samples.forEach((s, i) => {
    x[i] = seconds(s.due);
    y[i] = s.outcome === 'ok' && typeof s.number === 'number' ? s.number : null;
  });
  return [x, y];
}

/** Per failure outcome present, how many samples failed so in each of FAILURE_BUCKETS equal slices of [from, to). */
export function failureData(samples, fromIso, toIso) {
  const from = seconds(fromIso);
  const width = Math.max(1, (seconds(toIso) - from) / FAILURE_BUCKETS);
  const x = Array.from({ length: FAILURE_BUCKETS + 1 }, (_, i) => from + i * width);
  const byOutcome = new Map();
  for (const s of samples) {
    if (s.outcome === 'ok') {
      continue;
    }
    let counts = byOutcome.get(s.outcome);
    if (!counts) {
      counts = new Array(FAILURE_BUCKETS + 1).fill(0);
      byOutcome.set(s.outcome, counts);
    }
    const bucket = Math.min(FAILURE_BUCKETS - 1, Math.max(0, Math.floor((seconds(s.due) - from) / width)));
    counts[bucket]++;
  }
  // The last x closes the last step; it repeats the last bucket's count.
  for (const counts of byOutcome.values()) {
    counts[FAILURE_BUCKETS] = counts[FAILURE_BUCKETS - 1];
  }
  const names = [...byOutcome.keys()].sort();
  return { names, data: [x, ...names.map((name) => byOutcome.get(name))] };
}

/** x and one series per phase, in milliseconds. */
export function latencyData(samples) {
  return [samples.map((s) => seconds(s.due)), ...PHASES.map((phase) => samples.map((s) => s.timings?.[phase] ?? null))];
}

function sized(container, height) {
  return { width: Math.max(200, container.clientWidth), height };
}

/** Keeps a chart as wide as its container. Returns a function that stops it. */
function follow(chart, container, height) {
  const observer = new ResizeObserver(() => chart.setSize(sized(container, height)));
  observer.observe(container);
  return () => observer.disconnect();
}

function build(container, height, options, data) {
  container.replaceChildren();
  const chart = new uPlot({ ...sized(container, height), ...options }, data, container);
  const stop = follow(chart, container, height);
  return { chart, destroy: () => { stop(); chart.destroy(); } };
}

/** The value over time; drag to zoom x, double-click to reset (uPlot's defaults). */
export function valueChart(container, samples, unit) {
  const label = unit ? `value (${unit})` : 'value';
  return build(container, 260, {
    cursor: { sync: SYNC },
    scales: { x: { time: true } },
    series: [{}, { label, stroke: '#1971c2', fill: 'rgba(25, 113, 194, 0.08)', width: 1.5, spanGaps: false, points: { size: 4 } }],
    axes: [{}, { label: unit ?? '' }],
  }, valueData(samples));
}

/** Failures by outcome name, counted per bucket, as stepped lines with a legend of the names. */
export function failuresChart(container, samples, from, to) {
  const { names, data } = failureData(samples, from, to);
  if (names.length === 0) {
    container.replaceChildren();
    const note = document.createElement('p');
    note.className = 'muted chart-note';
    note.textContent = 'No failures in this range.';
    container.append(note);
    return { chart: null, destroy: () => container.replaceChildren() };
  }
  const stepped = uPlot.paths.stepped({ align: 1 });
  return build(container, 180, {
    cursor: { sync: SYNC },
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    series: [{}, ...names.map((name, i) => ({
      label: name,
      stroke: PALETTE[i % PALETTE.length],
      fill: `${PALETTE[i % PALETTE.length]}33`,
      width: 1.5,
      paths: stepped,
      points: { show: false },
    }))],
    axes: [{}, { label: 'failures' }],
  }, data);
}

/** Where each sample's time went. */
export function latencyChart(container, samples) {
  return build(container, 220, {
    cursor: { sync: SYNC },
    scales: { x: { time: true } },
    series: [{}, ...PHASES.map((phase) => ({ label: phase, stroke: PHASE_COLOURS[phase], width: phase === 'total' ? 2 : 1, points: { show: false } }))],
    axes: [{}, { label: 'ms' }],
  }, latencyData(samples));
}

/** Appends a live sample to the value chart; a reader's zoom stays where it is. */
export function appendValue(view, dueIso, number) {
  const chart = view?.chart;
  if (!chart) {
    return;
  }
  const [x, y] = chart.data;
  const at = seconds(dueIso);
  if (x.length > 0 && at <= x[x.length - 1]) {
    return;
  }
  const zoomed = x.length > 1 && (chart.scales.x.min > x[0] || chart.scales.x.max < x[x.length - 1]);
  chart.setData([[...x, at], [...y, number]], !zoomed);
}
