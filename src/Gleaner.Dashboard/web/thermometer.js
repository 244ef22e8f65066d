// The product's signature since the 2003 client: a temperature shown as a thermometer. The mercury's height is the
// value within a fixed range per unit, clamped, so the same temperature reads the same height on every row.
import { svg } from './common.js';

const RANGES = {
  F: { min: -40, max: 120, step: 20 },
  C: { min: -40, max: 50, step: 10 },
  K: { min: 233, max: 323, step: 10 },
};

/** The scale of a temperature unit (F, C, K, °F, °C; case as the API gives it), or null when it is none. */
export function temperatureScale(unit) {
  if (typeof unit !== 'string') {
    return null;
  }
  const bare = unit.startsWith('°') ? unit.slice(1) : unit;
  return unit === 'K' || bare === 'F' || bare === 'C' ? RANGES[bare] : null;
}

/** Where a value sits in its scale, 0 (bottom) to 1 (top). */
export function fill(number, scale) {
  const fraction = (number - scale.min) / (scale.max - scale.min);
  return Math.min(1, Math.max(0, fraction));
}

/** Cold blue through green and amber to hot red. */
export function mercuryColour(fraction) {
  const hue = 220 - 220 * fraction;
  return `hsl(${hue.toFixed(0)} 80% 48%)`;
}

// Geometry in viewBox units: a tube over a bulb. The small one fits a 40 px row; the large one adds ticks.
const TUBE = { x: 6, width: 6, top: 2, bottom: 34 };
const BULB = { cx: 9, cy: 39, r: 6 };

/**
 * An SVG thermometer for `number` in `unit`; `large` draws the scale's ticks and labels (the target page).
 * Returns an element whose update(number) moves the mercury without rebuilding it.
 */
export function thermometer(number, unit, { large = false } = {}) {
  const scale = temperatureScale(unit);
  const width = large ? 30 : 18;
  const root = svg('svg', {
    'data-testid': 'thermometer',
    class: large ? 'thermometer large' : 'thermometer',
    viewBox: `0 0 ${width} 46`,
    width: large ? 90 : 14,
    height: large ? 138 : 36,
    role: 'img',
  });
  const label = svg('title');
  root.append(label);
  root.append(svg('rect', { class: 'glass', x: TUBE.x - 1.5, y: TUBE.top - 1.5, width: TUBE.width + 3, height: TUBE.bottom - TUBE.top + 6, rx: (TUBE.width + 3) / 2 }));
  root.append(svg('circle', { class: 'glass', cx: BULB.cx, cy: BULB.cy, r: BULB.r + 1.5 }));
  const mercury = svg('rect', { class: 'mercury', 'data-testid': 'mercury', x: TUBE.x + 1, width: TUBE.width - 2, rx: (TUBE.width - 2) / 2 });
  const bulb = svg('circle', { class: 'mercury', cx: BULB.cx, cy: BULB.cy, r: BULB.r - 1 });
  root.append(mercury, bulb);
  if (large) {
    for (let t = scale.min; t <= scale.max; t += scale.step) {
      const y = TUBE.bottom - fill(t, scale) * (TUBE.bottom - TUBE.top);
      root.append(svg('line', { class: 'tick', x1: TUBE.x + TUBE.width + 2, x2: TUBE.x + TUBE.width + 5, y1: y, y2: y }));
      root.append(svg('text', { class: 'tick-label', x: TUBE.x + TUBE.width + 7, y: y + 1.6 }, String(t)));
    }
  }
  root.update = (value) => {
    const known = typeof value === 'number' && Number.isFinite(value);
    const fraction = known ? fill(value, scale) : 0;
    // The mercury rises out of the bulb: even the bottom of the scale shows a little above it.
    const top = TUBE.bottom - fraction * (TUBE.bottom - TUBE.top);
    mercury.setAttribute('y', top.toFixed(2));
    mercury.setAttribute('height', (BULB.cy - top).toFixed(2));
    const colour = known ? mercuryColour(fraction) : '#9aa3ad';
    mercury.setAttribute('fill', colour);
    bulb.setAttribute('fill', colour);
    label.textContent = known ? `${value} ${unit} (scale ${scale.min} to ${scale.max})` : `no value (${unit})`;
  };
  root.update(number);
  return root;
}
