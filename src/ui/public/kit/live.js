// @ts-check
/**
 * Live views poll: neither API has a push channel, and a one-second poll of a local server is cheap.
 * A poll waits for the previous one to finish and skips while the tab is hidden.
 */

/**
 * Calls `poll` now and then every `intervalMs` until the returned stop function is called; `report`
 * hears of each poll's failure, or null once one succeeds.
 * @param {() => Promise<void>} poll
 * @param {number} intervalMs
 * @param {(error: unknown) => void} report
 * @returns {() => void} stop
 */
export function every(poll, intervalMs, report) {
  let stopped = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  async function tick() {
    if (stopped) return;
    if (document.visibilityState !== 'hidden') {
      try {
        await poll();
        report(null);
      } catch (err) {
        report(err);
      }
    }
    if (!stopped) timer = setTimeout(tick, intervalMs);
  }
  void tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
