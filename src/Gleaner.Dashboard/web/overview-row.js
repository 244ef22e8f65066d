// One row of the overview, reused as the list scrolls: its cells are built once and refilled from a target's item.
import { ago, el, localTime, outcomeClass, outcomeText, setText, targetHref } from './common.js';
import { sparkline } from './sparkline.js';
import { temperatureScale, thermometer } from './thermometer.js';

export class RowView {
  /** @param {(host: string) => void} onHost called when the row's host is clicked (filter by it). */
  constructor(onHost) {
    this.item = null;
    this.name = el('a', { class: 'name' });
    this.host = el('button', { type: 'button', class: 'host', title: 'Show only this host' });
    this.host.addEventListener('click', () => this.item && onHost(this.item.host));
    this.gauge = el('span', { class: 'gauge' });
    this.value = el('span', { 'data-testid': 'value', class: 'value' });
    this.unit = el('span', { 'data-testid': 'unit', class: 'unit' });
    this.outcome = el('span', { 'data-testid': 'outcome', class: 'outcome' });
    this.age = el('span', { 'data-testid': 'age', class: 'age' });
    this.changed = el('span', { 'data-testid': 'changed', class: 'changed' });
    this.spark = sparkline();
    this.thermometer = null;
    this.root = el('div', { class: 'row', role: 'row' },
      el('div', { class: 'cell cell-name' }, this.name, this.host),
      el('div', { class: 'cell cell-value' }, this.gauge, this.value, this.unit),
      el('div', { class: 'cell cell-outcome' }, this.outcome),
      el('div', { class: 'cell cell-age' }, this.age),
      el('div', { class: 'cell cell-changed' }, this.changed),
      el('div', { class: 'cell cell-spark' }, this.spark));
  }

  /** Takes the row off screen until it is reused; a spare row is no target's row (tests find rows by their hooks). */
  release() {
    this.item = null;
    this.root.hidden = true;
    this.root.removeAttribute('data-testid');
    this.root.removeAttribute('data-name');
  }

  /** Places the row at list position `index`. */
  place(index, rowHeight) {
    this.root.style.transform = `translateY(${index * rowHeight}px)`;
  }

  /** Shows a target, or a placeholder while its window is being fetched. */
  fill(item) {
    this.item = item;
    if (!item) {
      this.root.classList.add('loading');
      this.root.removeAttribute('data-testid');
      this.root.removeAttribute('data-name');
      setText(this.name, '…');
      this.name.removeAttribute('href');
      for (const cell of [this.host, this.value, this.unit, this.outcome, this.age, this.changed]) {
        setText(cell, '');
      }
      this.showGauge(null);
      this.spark.draw([]);
      return;
    }
    this.root.classList.remove('loading');
    this.root.setAttribute('data-testid', 'row');
    this.root.setAttribute('data-name', item.name);
    setText(this.name, item.name);
    this.name.setAttribute('href', targetHref(item.name));
    this.name.setAttribute('title', item.url ? `${item.name}\n${item.url}` : item.name);
    setText(this.host, item.host);
    this.host.hidden = !item.host;
    this.showValue(item);
    this.showOutcome(item);
    this.tick();
    this.spark.draw(item.recent);
  }

  /** Refreshes the relative times (once a second). */
  tick(now = Date.now()) {
    if (!this.item) {
      return;
    }
    setText(this.age, ago(this.item.at, now));
    setText(this.changed, ago(this.item.changed_at, now));
  }

  /** Marks the row briefly after a live sample changed its value. */
  flash() {
    this.value.parentElement.animate([{ backgroundColor: 'rgba(255, 200, 60, 0.45)' }, { backgroundColor: 'transparent' }], { duration: 1200, easing: 'ease-out' });
  }

  showValue(item) {
    const text = item.value ?? '—';
    setText(this.value, text);
    this.value.setAttribute('title', text);
    setText(this.unit, item.unit ?? '');
    this.showGauge(temperatureScale(item.unit) && typeof item.number === 'number' ? item : null);
  }

  showOutcome(item) {
    setText(this.outcome, outcomeText(item));
    this.outcome.className = `outcome ${outcomeClass(item.outcome)}`;
    if (item.error) {
      this.outcome.setAttribute('title', item.error);
    } else {
      this.outcome.removeAttribute('title');
    }
    this.age.setAttribute('title', localTime(item.at));
    this.changed.setAttribute('title', localTime(item.changed_at));
  }

  showGauge(item) {
    if (!item) {
      this.gauge.hidden = true;
      return;
    }
    // One thermometer per row, rebuilt only when the unit (its scale) changes.
    if (!this.thermometer || this.thermometer.unit !== item.unit) {
      this.thermometer = thermometer(item.number, item.unit);
      this.thermometer.unit = item.unit;
      this.gauge.replaceChildren(this.thermometer);
    } else {
      this.thermometer.update(item.number);
    }
    this.gauge.hidden = false;
  }
}
