// What both pages share: building DOM from data (text nodes only, never markup), times as people read them, the
// API's JSON and the live stream. Every name, value and message is data: it reaches the page through textContent or
// a safe attribute, so `<img src=x onerror=alert(1)>` shows as those characters.

const SVG = 'http://www.w3.org/2000/svg';

/** An HTML element with attributes (safe ones only: class, data-*, title, aria-*, type…) and text or child nodes. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  setAttributes(node, attributes);
  append(node, children);
  return node;
}

/** An SVG element (createElementNS), attributes set one by one. */
export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  setAttributes(node, attributes);
  append(node, children);
  return node;
}

function setAttributes(node, attributes) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Sets a node's text only when it differs: the live path touches hundreds of cells a second. */
export function setText(node, text) {
  const value = text === null || text === undefined ? '' : String(text);
  if (node.textContent !== value) {
    node.textContent = value;
  }
}

/** A URL a link may point at: http and https only (a `javascript:` URL is shown, never followed). */
export function safeHref(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null;
}

/** The target page of a name, whatever characters it holds. */
export function targetHref(name) {
  return `/target?name=${encodeURIComponent(name)}`;
}

/** "now", "12s ago", "5m ago", "3h ago", "2d ago"; empty for no time. */
export function ago(iso, now = Date.now()) {
  if (!iso) {
    return '';
  }
  const seconds = Math.floor((now - Date.parse(iso)) / 1000);
  if (seconds < 1) {
    return 'now';
  }
  if (seconds < 60) {
    return `${seconds}s ago`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)}m ago`;
  }
  if (seconds < 86400) {
    return `${Math.floor(seconds / 3600)}h ago`;
  }
  return `${Math.floor(seconds / 86400)}d ago`;
}

/** A time in the reader's zone, to the second. */
export function localTime(iso) {
  return iso ? new Date(iso).toLocaleString(undefined, { hour12: false }) : '';
}

const numberFormat = new Intl.NumberFormat('en-US');

/** 10000 → "10,000". */
export function count(n) {
  return numberFormat.format(n ?? 0);
}

/** An outcome as the pages show it: "ok", a failure name, or "pending" before the first sample. */
export function outcomeName(outcome) {
  return outcome ?? 'pending';
}

/** The CSS class that colours an outcome. */
export function outcomeClass(outcome) {
  return outcome === 'ok' ? 'ok' : outcome ? 'fail' : 'pending';
}

/** A failure that happened more than once in a row says how many times. */
export function outcomeText(item) {
  const name = outcomeName(item.outcome);
  return item.outcome && item.outcome !== 'ok' && item.failures_in_a_row > 1 ? `${name} ×${item.failures_in_a_row}` : name;
}

/** An API error: its status, and the message the server gave when it gave one. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** GETs JSON; a non-2xx answer throws an ApiError that carries the server's message. */
export async function getJson(url, signal) {
  const response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = await response.json();
      if (body && typeof body.error === 'string') {
        message = body.error;
      }
    } catch {
      // Not JSON: the status says enough.
    }
    throw new ApiError(response.status, message);
  }
  return response.json();
}

/**
 * Opens the one event stream of a page and calls onSamples with each `samples` message's array. The indicator
 * says "live" while it is open and "reconnecting…" otherwise. EventSource reconnects by itself after a dropped
 * connection; after a refusal (e.g. 503, too many streams) it gives up, so a new one is opened a little later.
 */
export function openLiveStream(indicator, onSamples) {
  let source;
  const show = (live) => {
    setText(indicator, live ? 'live' : 'reconnecting…');
    indicator.classList.toggle('on', live);
  };
  const open = () => {
    source = new EventSource('/api/stream');
    source.addEventListener('open', () => show(true));
    source.addEventListener('error', () => {
      show(false);
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(open, 5000);
      }
    });
    source.addEventListener('samples', (event) => {
      let items;
      try {
        items = JSON.parse(event.data);
      } catch {
        return;
      }
      if (Array.isArray(items)) {
        onSamples(items);
      }
    });
  };
  show(false);
  open();
}
