// @ts-check
/** The connector UI: webhooks, the Add/Edit Webhook form, deliveries, and sending an event by hand. */
import { onUnauthenticated } from './api.js';
import { startRouter } from './kit/router.js';
import { renderDeliveries } from './deliveries-view.js';
import { openLoginDialog } from './login-dialog.js';
import { renderSendEvent } from './send-event-view.js';
import { renderWebhookForm } from './webhook-form.js';
import { renderWebhooks } from './webhooks-view.js';

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const nav = /** @type {HTMLElement} */ (document.querySelector('nav'));

onUnauthenticated(openLoginDialog);

startRouter({
  main,
  nav,
  fallback: '/webhooks',
  routes: [
    { pattern: /^\/webhooks$/, view: renderWebhooks, nav: '/webhooks' },
    { pattern: /^\/webhooks\/new$/, view: (element) => renderWebhookForm(element, undefined), nav: '/webhooks' },
    { pattern: /^\/webhooks\/([^/]+)$/, view: (element, [id]) => renderWebhookForm(element, id), nav: '/webhooks' },
    { pattern: /^\/deliveries$/, view: renderDeliveries, nav: '/deliveries' },
    { pattern: /^\/send$/, view: renderSendEvent, nav: '/send' },
  ],
});
