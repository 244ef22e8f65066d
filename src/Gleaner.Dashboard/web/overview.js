// The overview: every target, 10,000 as fast as 10. The list is virtual: a spacer as tall as every row, a few
// dozen reused row views placed where the reader looks, and only the windows on screen fetched from /api/targets
// (a page at a time, kept in a small cache). The live stream updates the targets in that cache; the rest refresh
// when they are fetched.
import { count, getJson, openLiveStream, setText } from './common.js';
import { Filters, sumOf } from './overview-filters.js';
import { RowView } from './overview-row.js';
import { SPARK_POINTS } from './sparkline.js';

const ROW_HEIGHT = 40;
const PAGE_SIZE = 100;
const OVERSCAN_ROWS = 20;
const MAX_PAGES = 24;
const STALE_MS = 10_000;
const FETCH_EVERY_MS = 80;

const $ = (id) => document.getElementById(id);
const viewport = $('viewport');
const spacer = $('spacer');
const message = $('message');
const filters = new Filters(() => reset());
let generation = 0;
let total = 0;
let outcomes = {};
/** page number → { items, at, generation } */
const pages = new Map();
/** page number → AbortController of its fetch in flight */
const inFlight = new Map();
/** target name → its item in the cache, for the live stream */
const byName = new Map();
/** list index → the RowView showing it */
const shown = new Map();
const spareViews = [];

function showTotal() {
  const node = $('total');
  setText(node, count(total));
  node.setAttribute('data-count', String(total));
  setText($('targets-word'), total === 1 ? 'target' : 'targets');
  const all = sumOf(outcomes);
  $('of-all').hidden = all === total;
  setText($('count-all'), count(all));
  spacer.style.height = `${total * ROW_HEIGHT}px`;
  message.hidden = total > 0;
  if (total === 0) {
    setText(message, filters.any ? 'No target matches these filters.' : 'No targets yet.');
  }
}

// --- the window cache --------------------------------------------------------------------------------------------

function reset() {
  generation++;
  for (const controller of inFlight.values()) {
    controller.abort();
  }
  inFlight.clear();
  pages.clear();
  byName.clear();
  viewport.scrollTop = 0;
  render();
}

function visibleRange() {
  const first = Math.floor(viewport.scrollTop / ROW_HEIGHT);
  const last = Math.ceil((viewport.scrollTop + viewport.clientHeight) / ROW_HEIGHT);
  return { first, last };
}

function itemAt(index) {
  const page = pages.get(Math.floor(index / PAGE_SIZE));
  return page ? page.items[index % PAGE_SIZE] ?? null : null;
}

/** Fetches the pages the screen (and its overscan) needs and has not got, or has but stale; drops the others' fetches. */
function fetchNeeded() {
  const { first, last } = visibleRange();
  const from = Math.max(0, first - OVERSCAN_ROWS);
  const to = Math.max(from, Math.min(generationKnown() ? total : Infinity, last + OVERSCAN_ROWS));
  const firstPage = Math.floor(from / PAGE_SIZE);
  const lastPage = Math.max(firstPage, Math.floor(Math.max(from, to - 1) / PAGE_SIZE));
  for (const [page, controller] of inFlight) {
    if (page < firstPage || page > lastPage) {
      controller.abort();
      inFlight.delete(page);
    }
  }
  const now = Date.now();
  for (let page = firstPage; page <= lastPage; page++) {
    const cached = pages.get(page);
    if (!inFlight.has(page) && (!cached || now - cached.at > STALE_MS)) {
      fetchPage(page);
    }
  }
}

// Before the first answer of a filter the total is unknown: ask for the first page regardless.
function generationKnown() {
  return [...pages.values()].some((p) => p.generation === generation);
}

async function fetchPage(page) {
  const controller = new AbortController();
  inFlight.set(page, controller);
  const mine = generation;
  const query = filters.query();
  query.set('offset', String(page * PAGE_SIZE));
  query.set('limit', String(PAGE_SIZE));
  try {
    const answer = await getJson(`/api/targets?${query}`, controller.signal);
    if (mine !== generation) {
      return;
    }
    forget(pages.get(page));
    pages.set(page, { items: answer.items, at: Date.now(), generation: mine });
    for (const item of answer.items) {
      byName.set(item.name, item);
    }
    total = answer.total;
    outcomes = answer.outcomes;
    filters.showCounts(outcomes);
    showTotal();
    evictFarPages(page);
    render();
    if (!performance.getEntriesByName('gleaner:rows').length) {
      // When the list first showed targets: what "opens in under a second" measures.
      performance.mark('gleaner:rows');
    }
  } catch (error) {
    if (error.name !== 'AbortError' && mine === generation) {
      message.hidden = false;
      setText(message, `Could not load targets: ${error.message}`);
    }
  } finally {
    if (inFlight.get(page) === controller) {
      inFlight.delete(page);
    }
  }
}

function forget(page) {
  for (const item of page?.items ?? []) {
    if (byName.get(item.name) === item) {
      byName.delete(item.name);
    }
  }
}

function evictFarPages(near) {
  while (pages.size > MAX_PAGES) {
    let farthest = near;
    for (const page of pages.keys()) {
      if (Math.abs(page - near) > Math.abs(farthest - near)) {
        farthest = page;
      }
    }
    forget(pages.get(farthest));
    pages.delete(farthest);
  }
}

let fetchTimer = 0;
let fetchAgain = false;

/** At most one round of fetching per FETCH_EVERY_MS while scrolling: the first at once, the last when it settles. */
function fetchSoon() {
  if (fetchTimer) {
    fetchAgain = true;
    return;
  }
  fetchNeeded();
  fetchTimer = setTimeout(function settle() {
    fetchTimer = 0;
    if (fetchAgain) {
      fetchAgain = false;
      fetchSoon();
    }
  }, FETCH_EVERY_MS);
}

// --- rendering ----------------------------------------------------------------------------------------------------

function takeView() {
  const view = spareViews.pop() ?? new RowView((host) => filters.set('host', host));
  if (!view.root.isConnected) {
    spacer.append(view.root);
  }
  view.root.hidden = false;
  return view;
}

function render() {
  const { first, last } = visibleRange();
  const from = Math.max(0, first - 4);
  const to = Math.min(total, last + 4);
  for (const [index, view] of shown) {
    if (index < from || index >= to) {
      shown.delete(index);
      view.release();
      spareViews.push(view);
    }
  }
  for (let index = from; index < to; index++) {
    let view = shown.get(index);
    if (!view) {
      view = takeView();
      view.place(index, ROW_HEIGHT);
      shown.set(index, view);
      view.fill(itemAt(index));
      continue;
    }
    const item = itemAt(index);
    if (view.item !== item) {
      view.fill(item);
    }
  }
  fetchSoon();
}

let frame = 0;
viewport.addEventListener('scroll', () => {
  if (!frame) {
    frame = requestAnimationFrame(() => {
      frame = 0;
      render();
    });
  }
}, { passive: true });
addEventListener('resize', () => render());

// Ages read "3s ago" a second later; stale windows on screen are fetched again (counts, order, new targets).
setInterval(() => {
  const now = Date.now();
  for (const view of shown.values()) {
    view.tick(now);
  }
  fetchNeeded();
}, 1000);

// --- live ---------------------------------------------------------------------------------------------------------

const touched = new Map();
let liveFrame = 0;

function takeSamples(items) {
  for (const update of items) {
    const item = byName.get(update.name);
    if (!item) {
      continue;
    }
    const { changed, due, ...state } = update;
    Object.assign(item, state);
    const recent = item.recent ?? (item.recent = []);
    recent.push(update.outcome === 'ok' && typeof update.number === 'number' ? update.number : null);
    if (recent.length > SPARK_POINTS) {
      recent.splice(0, recent.length - SPARK_POINTS);
    }
    touched.set(item.name, (touched.get(item.name) ?? false) || changed === true);
  }
  if (touched.size > 0 && !liveFrame) {
    liveFrame = requestAnimationFrame(applySamples);
  }
}

// One frame's DOM work for every batch that arrived since the last: only rows on screen are touched.
function applySamples() {
  liveFrame = 0;
  for (const view of shown.values()) {
    const item = view.item;
    if (item && touched.has(item.name)) {
      view.fill(item);
      if (touched.get(item.name)) {
        view.flash();
      }
    }
  }
  touched.clear();
}

openLiveStream($('live'), takeSamples);
render();
