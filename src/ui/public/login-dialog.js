// @ts-check
/**
 * What the UI shows when the API answers 401: the page has no session (never logged in, the session
 * ended, or flowhook serve restarted). It says where the login URL is, and takes a pasted API token,
 * which goes to the login URL; the server answers with the session cookie and sends the browser back
 * to `/`, so the token never stays in the address bar.
 */
import { h } from './kit/dom.js';

/** Opens the dialog once; further 401s while it is open change nothing. */
export function openLoginDialog() {
  if (document.getElementById('login-dialog')) return;
  const token = h('input', { type: 'password', id: 'login-token', autocomplete: 'off', required: true, spellcheck: 'false' });
  const logIn = () => {
    if (token.value.trim() === '') return;
    location.assign(`/login?token=${encodeURIComponent(token.value.trim())}`);
  };
  token.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') logIn();
  });
  const dialog = h(
    'dialog',
    { id: 'login-dialog', class: 'login-dialog', 'aria-labelledby': 'login-title' },
    h('h2', { id: 'login-title' }, 'Log in to flowhook'),
    h('p', {}, 'This page has no session: it was never logged in, the session ended, or flowhook serve restarted.'),
    h('p', {}, 'Open the login URL that flowhook serve printed when it started (it ends in ', h('code', {}, '/login?token=…'), '), or paste an API token: the one in ', h('code', {}, '<database>.api-token'), ' beside the database, or one from ', h('code', {}, 'FLOWHOOK_API_TOKENS'), '.'),
    h('div', { class: 'field' }, h('label', { for: 'login-token' }, 'API token'), token),
    h('button', { type: 'button', class: 'button-primary', onclick: logIn }, 'Log in'),
  );
  dialog.addEventListener('cancel', (event) => event.preventDefault());
  document.body.append(dialog);
  dialog.showModal();
  token.focus();
}
