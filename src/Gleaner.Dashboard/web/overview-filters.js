// The overview's filters: search by name (debounced), outcome (a menu of the counts), host (set by clicking one).
// They live in the URL (?q=&outcome=&host=) so a view can be bookmarked; a change calls back to fetch again.
import { count, el, setText } from './common.js';

const SEARCH_DEBOUNCE_MS = 150;
const KEYS = ['q', 'outcome', 'host'];
const $ = (id) => document.getElementById(id);

/** How many targets the counts hold in all. */
export function sumOf(counts) {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

export class Filters {
  /** @param {() => void} onChange called after any filter changed (the URL is already updated). */
  constructor(onChange) {
    const query = new URLSearchParams(location.search);
    this.values = Object.fromEntries(KEYS.map((key) => [key, query.get(key) ?? '']));
    this.onChange = onChange;
    this.search = $('search');
    this.menu = $('outcome');
    let timer = 0;
    this.search.value = this.values.q;
    this.search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.set('q', this.search.value.trim()), SEARCH_DEBOUNCE_MS);
    });
    this.menu.addEventListener('change', () => this.set('outcome', this.menu.value));
    $('host-clear').addEventListener('click', () => this.set('host', ''));
    this.showHost();
  }

  /** True when any filter is set. */
  get any() {
    return KEYS.some((key) => this.values[key]);
  }

  /** The filters as /api/targets takes them (and the page's URL shows them). */
  query() {
    const query = new URLSearchParams();
    for (const key of KEYS) {
      if (this.values[key]) {
        query.set(key, this.values[key]);
      }
    }
    return query;
  }

  set(key, value) {
    if (this.values[key] === value) {
      return;
    }
    this.values[key] = value;
    const text = this.query().toString();
    history.replaceState(null, '', text ? `/?${text}` : '/');
    this.showHost();
    this.onChange();
  }

  showHost() {
    $('host-filter').hidden = !this.values.host;
    setText($('host-name'), this.values.host);
  }

  /** The outcome menu (all, ok, failing, then each name present with its count; the current choice always stays) and the header's ok and failing counts. */
  showCounts(outcomes) {
    const ok = outcomes.ok ?? 0;
    const failureNames = Object.keys(outcomes).filter((name) => name !== 'ok' && name !== 'pending');
    const failing = failureNames.reduce((sum, name) => sum + outcomes[name], 0);
    const choices = [['', `all (${count(sumOf(outcomes))})`], ['ok', `ok (${count(ok)})`], ['failing', `failing (${count(failing)})`]];
    for (const name of [...failureNames, ...('pending' in outcomes ? ['pending'] : [])]) {
      choices.push([name, `${name} (${count(outcomes[name])})`]);
    }
    const chosen = this.values.outcome;
    if (!choices.some(([value]) => value === chosen)) {
      choices.push([chosen, `${chosen} (0)`]);
    }
    // Rebuilt only when a count changed: an open menu is not yanked away every fetch.
    const key = (pairs) => pairs.map(([value, label]) => `${value}\u0000${label}`).join('\u0001');
    if (key([...this.menu.options].map((o) => [o.value, o.textContent])) !== key(choices)) {
      this.menu.replaceChildren(...choices.map(([value, label]) => el('option', { value }, label)));
    }
    this.menu.value = chosen;
    setText($('count-ok'), count(ok));
    setText($('count-failing'), count(failing));
  }
}
