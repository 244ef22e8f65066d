// A row's recent samples as an inline SVG line: oldest at the left, a gap where a sample failed (null).
import { svg } from './common.js';

/** The most points a sparkline keeps, as the API's `recent` does. */
export const SPARK_POINTS = 60;

const WIDTH = 120;
const HEIGHT = 28;
const PAD = 2;
const MIN_SPREAD = 10;

/** An empty sparkline; draw(numbers) redraws it. */
export function sparkline() {
  const root = svg('svg', { 'data-testid': 'sparkline', class: 'sparkline', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: WIDTH, height: HEIGHT, 'aria-hidden': 'true' });
  const line = svg('path', { class: 'line' });
  const last = svg('circle', { class: 'last', r: 1.8 });
  root.append(line, last);
  root.draw = (numbers) => {
    const { d, end } = path(numbers ?? []);
    line.setAttribute('d', d);
    if (end) {
      last.setAttribute('cx', end[0].toFixed(1));
      last.setAttribute('cy', end[1].toFixed(1));
      last.removeAttribute('visibility');
    } else {
      last.setAttribute('visibility', 'hidden');
    }
  };
  return root;
}

/** The path's d: a polyline per run of numbers, broken at each null; and where the last point is, if it is one. */
export function path(numbers) {
  let min = Infinity;
  let max = -Infinity;
  for (const n of numbers) {
    if (typeof n === 'number') {
      min = Math.min(min, n);
      max = Math.max(max, n);
    }
  }
  if (min === Infinity) {
    return { d: '', end: null };
  }
  const span = max - min || 1;
  // Right-aligned, the newest at the right edge; a target with few samples yet spreads them over a sixth of the
  // width at least, so three samples read as a line, not a spike.
  const stepX = (WIDTH - 2 * PAD) / Math.max(1, Math.min(SPARK_POINTS, Math.max(numbers.length, MIN_SPREAD)) - 1);
  const x0 = WIDTH - PAD - (numbers.length - 1) * stepX;
  const y = (n) => (max === min ? HEIGHT / 2 : HEIGHT - PAD - ((n - min) / span) * (HEIGHT - 2 * PAD));
  let d = '';
  let pen = false;
  numbers.forEach((n, i) => {
    if (typeof n !== 'number') {
      pen = false;
      return;
    }
    const px = (x0 + i * stepX).toFixed(1);
    const py = y(n).toFixed(1);
    d += `${pen ? 'L' : 'M'}${px} ${py}`;
    pen = true;
  });
  // A lone point between gaps draws nothing as a line; a tiny stroke makes it visible.
  d = d.replace(/M([\d.]+) ([\d.]+)(?=M|$)/g, (m, px, py) => `M${px} ${py}h0.01`);
  const lastIndex = numbers.length - 1;
  const end = typeof numbers[lastIndex] === 'number' ? [x0 + lastIndex * stepX, y(numbers[lastIndex])] : null;
  return { d, end };
}
