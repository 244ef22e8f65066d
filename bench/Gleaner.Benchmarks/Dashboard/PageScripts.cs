namespace Gleaner.Benchmarks.Dashboard;

/// <summary>
/// What the benchmark runs inside the page (through the DevTools protocol, which the page's CSP does not govern).
/// Times are the page's own performance.now(): milliseconds from the navigation's start.
/// </summary>
internal static class PageScripts
{
    /// <summary>
    /// Installed before any of the page's scripts run: notes when the first overview row enters the DOM and when
    /// the next frame (the one that paints it) begins its work, and collects long tasks (50 ms or more on the main thread).
    /// </summary>
    public const string Probe = """
        (() => {
          const b = window.__bench = { firstRow: null, firstRowFrame: null, longTasks: [] };
          new MutationObserver((_, observer) => {
            if (b.firstRow === null && document.querySelector('[data-testid=row]')) {
              b.firstRow = performance.now();
              observer.disconnect();
              requestAnimationFrame(() => { b.firstRowFrame = performance.now(); });
            }
          }).observe(document, { childList: true, subtree: true });
          try {
            new PerformanceObserver(list => {
              for (const e of list.getEntries()) b.longTasks.push([e.startTime, e.duration]);
            }).observe({ type: 'longtask', buffered: true });
          } catch (e) { b.longTaskError = String(e); }
        })();
        """;

    /// <summary>What one load of the overview took, once its first row is painted.</summary>
    public const string LoadTimes = """
        async () => {
          const b = window.__bench;
          const deadline = performance.now() + 10000;
          while (b.firstRowFrame === null && performance.now() < deadline) await new Promise(r => requestAnimationFrame(r));
          const nav = performance.getEntriesByType('navigation')[0];
          const fcp = performance.getEntriesByType('paint').find(e => e.name === 'first-contentful-paint');
          return {
            fcp: fcp ? fcp.startTime : -1,
            firstRow: b.firstRow ?? -1,
            firstRowFrame: b.firstRowFrame ?? -1,
            responseEnd: nav.responseEnd,
            domContentLoaded: nav.domContentLoadedEventEnd,
            rows: document.querySelectorAll('[data-testid=row]').length,
            transferred: performance.getEntriesByType('resource').reduce((n, e) => n + e.transferSize, nav.transferSize),
          };
        }
        """;

    /// <summary>
    /// For <c>seconds</c>: the gaps between a chain of setTimeout(0) callbacks (Chromium clamps a nested chain to
    /// 4 ms, so an idle page shows ~4 ms; more is the time the main thread was busy) and between animation frames
    /// (16.7 ms at 60 Hz), and the long tasks that began meanwhile.
    /// </summary>
    public const string Heartbeat = """
        async seconds => {
          const start = performance.now(), end = start + seconds * 1000;
          const gaps = [], frames = [];
          await new Promise(resolve => {
            let last = performance.now(), lastFrame = null, pending = 2;
            const done = () => { if (--pending === 0) resolve(); };
            const tick = () => {
              const now = performance.now();
              gaps.push(now - last);
              last = now;
              if (now < end) setTimeout(tick, 0); else done();
            };
            const frame = t => {
              if (lastFrame !== null) frames.push(t - lastFrame);
              lastFrame = t;
              if (performance.now() < end) requestAnimationFrame(frame); else done();
            };
            setTimeout(tick, 0);
            requestAnimationFrame(frame);
          });
          const longTasks = window.__bench.longTasks.filter(([t]) => t >= start && t < end).map(([, d]) => d);
          return { gaps, frames, longTasks };
        }
        """;

    /// <summary>
    /// Types <c>q</c> into the search box as one input event (what a paste or the last keystroke sends) and resolves
    /// with the milliseconds until a frame shows only rows whose names hold it, or hold something else than
    /// <c>previous</c> when clearing; -1 after 10 s. Includes the page's debounce.
    /// </summary>
    public const string Search = """
        async ([selector, q, previous]) => {
          const input = document.querySelector(selector);
          if (!input) return -2;
          const rows = () => [...document.querySelectorAll('[data-testid=row]')].map(r => (r.dataset.name || '').toLowerCase());
          const shown = q === ''
            ? () => rows().some(n => !n.includes(previous.toLowerCase()))
            : () => { const r = rows(); return r.length > 0 && r.every(n => n.includes(q.toLowerCase())); };
          const t0 = performance.now();
          input.value = q;
          input.dispatchEvent(new Event('input', { bubbles: true }));
          while (performance.now() - t0 < 10000) {
            const t = await new Promise(r => requestAnimationFrame(r));
            if (shown()) return t - t0;
          }
          return -1;
        }
        """;

    /// <summary>The name and value text of every row on screen, to see that the live stream reached them.</summary>
    public const string VisibleValues = """
        () => Object.fromEntries([...document.querySelectorAll('[data-testid=row]')].map(r =>
          [r.dataset.name, (r.querySelector('[data-testid=value]') || r).textContent]))
        """;
}
