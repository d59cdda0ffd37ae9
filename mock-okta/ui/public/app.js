// @ts-check
/** The mock's UI: its API Endpoint flows, and the history of their executions. */
import { startRouter } from './kit/router.js';
import { renderExecutions } from './executions-view.js';
import { renderFlowForm } from './flow-form.js';
import { renderFlows } from './flows-view.js';

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const nav = /** @type {HTMLElement} */ (document.querySelector('nav'));

startRouter({
  main,
  nav,
  fallback: '/flows',
  routes: [
    { pattern: /^\/flows$/, view: renderFlows, nav: '/flows' },
    { pattern: /^\/flows\/new$/, view: (element) => renderFlowForm(element, undefined), nav: '/flows' },
    { pattern: /^\/flows\/([^/]+)$/, view: (element, [alias]) => renderFlowForm(element, alias), nav: '/flows' },
    { pattern: /^\/executions$/, view: renderExecutions, nav: '/executions' },
  ],
});
