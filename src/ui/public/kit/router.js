// @ts-check
/**
 * Views by location hash (`#/webhooks/wh_1`), so the server serves one page and the back button works.
 * A view renders into the main element and returns what to do when it is left (stop polling).
 */
import { replace } from './dom.js';

/** @typedef {(main: HTMLElement, params: string[]) => (void | (() => void))} View */
/** @typedef {{ pattern: RegExp, view: View, nav: string }} Route */

/**
 * Renders the route that matches the hash, now and on every change; unknown hashes go to `fallback`.
 * @param {{ main: HTMLElement, nav: HTMLElement, routes: Route[], fallback: string }} options
 */
export function startRouter({ main, nav, routes, fallback }) {
  /** @type {(() => void) | undefined} */
  let leave;
  let first = true;

  function render() {
    const path = location.hash.replace(/^#/, '') || fallback;
    const route = routes.find((candidate) => candidate.pattern.test(path));
    if (!route) {
      location.replace(`#${fallback}`);
      return;
    }
    leave?.();
    leave = undefined;
    const params = route.pattern.exec(path)?.slice(1).map(decodeURIComponent) ?? [];
    for (const link of nav.querySelectorAll('a')) {
      if (link.getAttribute('href') === `#${route.nav}`) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    replace(main);
    leave = route.view(main, params) ?? undefined;
    if (!first) main.focus();
    first = false;
  }

  window.addEventListener('hashchange', render);
  render();
}

/**
 * Goes to a view.
 * @param {string} path
 */
export function go(path) {
  location.hash = path;
}
