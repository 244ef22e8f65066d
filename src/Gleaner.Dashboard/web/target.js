// One target: its reading (a thermometer when it is a temperature), its history on three uPlot charts over a
// chosen range, and its events. Live samples of this target move the reading and extend the value chart.
import { ApiError, ago, el, getJson, localTime, openLiveStream, outcomeClass, outcomeText, safeHref, setText } from './common.js';
import { appendValue, failuresChart, latencyChart, valueChart } from './charts.js';
import { temperatureScale, thermometer } from './thermometer.js';

const THIN_POINTS = 1500;
const RANGES = { '1h': 3600e3, '6h': 6 * 3600e3, '1d': 86400e3, '7d': 7 * 86400e3, '30d': 30 * 86400e3 };
const DEFAULT_RANGE = '1d';

const $ = (id) => document.getElementById(id);
const query = new URLSearchParams(location.search);
const name = query.get('name');
const path = name === null ? '' : `/api/targets/${encodeURIComponent(name)}`;
let range = query.get('range') in RANGES ? query.get('range') : DEFAULT_RANGE;
let item = null;
let charts = [];
let loading = null;
let gauge = null;

function fail(text) {
  const message = $('message');
  message.hidden = false;
  setText(message, text);
}

// --- the reading ----------------------------------------------------------------------------------------------

function showSummary() {
  $('summary').hidden = false;
  document.title = `${item.name} · Gleaner`;
  setText($('name'), item.name);
  const url = $('url');
  url.replaceChildren();
  const href = safeHref(item.url);
  if (href) {
    url.append(el('a', { href, rel: 'noreferrer noopener', target: '_blank' }, item.url));
  } else if (item.url) {
    url.append(item.url);
  }
  if (item.host) {
    url.append(' ', el('a', { class: 'muted', href: `/?host=${encodeURIComponent(item.host)}` }, `every target on ${item.host}`));
  }
  setText($('value'), item.value ?? '—');
  setText($('unit'), item.unit ?? '');
  const outcome = $('outcome');
  setText(outcome, outcomeText(item));
  outcome.className = `outcome ${outcomeClass(item.outcome)}`;
  if (item.error) {
    outcome.setAttribute('title', item.error);
  } else {
    outcome.removeAttribute('title');
  }
  $('age').setAttribute('title', localTime(item.at));
  $('changed').setAttribute('title', localTime(item.changed_at));
  tick();
  showGauge();
}

function showGauge() {
  const box = $('gauge');
  const temperature = temperatureScale(item.unit) && typeof item.number === 'number';
  box.hidden = !temperature;
  if (!temperature) {
    return;
  }
  if (!gauge || gauge.unit !== item.unit) {
    gauge = thermometer(item.number, item.unit, { large: true });
    gauge.unit = item.unit;
    box.replaceChildren(gauge);
  } else {
    gauge.update(item.number);
  }
}

function tick() {
  if (item) {
    setText($('age'), ago(item.at) || 'never');
    setText($('changed'), ago(item.changed_at) || 'never');
  }
}

// --- history ----------------------------------------------------------------------------------------------------

function showRange() {
  for (const button of document.querySelectorAll('[data-range]')) {
    button.setAttribute('aria-pressed', String(button.dataset.range === range));
  }
}

async function loadHistory() {
  loading?.abort();
  const controller = new AbortController();
  loading = controller;
  showRange();
  const to = new Date();
  const from = new Date(to.getTime() - RANGES[range]);
  setText($('range-note'), 'loading…');
  let page;
  try {
    // Beyond a day the server thins the samples to what the chart can show (each bucket's low, high and last value,
    // and every failure): a week of a target sampled every 10 s is 60,000 samples, 20 MB.
    const thin = RANGES[range] > RANGES['1d'] ? `&points=${THIN_POINTS}` : '';
    page = await getJson(`${path}/samples?from=${from.toISOString()}&to=${to.toISOString()}${thin}`, controller.signal);
  } catch (error) {
    if (error.name !== 'AbortError') {
      setText($('range-note'), `could not load samples: ${error.message}`);
    }
    return;
  }
  for (const chart of charts) {
    chart.destroy();
  }
  const samples = page.samples;
  charts = [
    valueChart($('value-chart'), samples, item.unit),
    failuresChart($('failures-chart'), samples, page.from, page.to),
    latencyChart($('latency-chart'), samples),
  ];
  const shown = RANGES[range] > RANGES['1d'] ? ' (thinned: each stretch\'s low, high and last, and every failure)' : '';
  const note = `${samples.length.toLocaleString('en-US')} samples${shown}${page.truncated ? ' (the first 200,000 only)' : ''} · drag to zoom, double-click to reset`;
  setText($('range-note'), note);
}

async function loadEvents() {
  const body = $('events').tBodies[0];
  let answer;
  try {
    answer = await getJson(`/api/events?target=${encodeURIComponent(name)}`);
  } catch (error) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 5, class: 'muted' }, `could not load events: ${error.message}`)));
    return;
  }
  if (answer.events.length === 0) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'No events in the last 7 days.')));
    return;
  }
  body.replaceChildren(...answer.events.map((e) => el('tr', { class: `kind-${e.kind}` },
    el('td', { class: 'time', title: e.at }, localTime(e.at)),
    el('td', {}, el('span', { class: `kind ${e.kind}` }, e.kind)),
    el('td', { class: 'change' }, e.from ?? '—', ' → ', e.to ?? '—'),
    el('td', {}, el('span', { class: `outcome ${outcomeClass(e.outcome)}` }, outcomeText(e))),
    el('td', { class: 'event-message' }, e.message ?? ''))));
}

// --- live -------------------------------------------------------------------------------------------------------

let eventsTimer = 0;

function takeSamples(items) {
  for (const update of items) {
    if (update.name !== name || !item) {
      continue;
    }
    const { changed, due, ...state } = update;
    const outcomeBefore = item.outcome;
    item = { ...item, ...state };
    showSummary();
    if (due) {
      appendValue(charts[0], due, update.outcome === 'ok' && typeof update.number === 'number' ? update.number : null);
    }
    // A change, failure or recovery writes an event: read the table again once the store has it.
    if (changed || update.outcome !== outcomeBefore) {
      clearTimeout(eventsTimer);
      eventsTimer = setTimeout(loadEvents, 2000);
    }
  }
}

// --- start ------------------------------------------------------------------------------------------------------

async function start() {
  if (name === null || name === '') {
    fail('No target named: open a target from the overview.');
    return;
  }
  $('api-link').setAttribute('href', path);
  try {
    item = await getJson(path);
  } catch (error) {
    fail(error instanceof ApiError && error.status === 404
      ? `There is no target named “${name}”.`
      : `Could not load the target: ${error.message}`);
    return;
  }
  showSummary();
  $('history').hidden = false;
  for (const button of document.querySelectorAll('[data-range]')) {
    button.addEventListener('click', () => {
      range = button.dataset.range;
      const next = new URLSearchParams(location.search);
      next.set('range', range);
      history.replaceState(null, '', `/target?${next}`);
      loadHistory();
    });
  }
  setInterval(tick, 1000);
  loadHistory();
  loadEvents();
}

openLiveStream($('live'), takeSamples);
start();
