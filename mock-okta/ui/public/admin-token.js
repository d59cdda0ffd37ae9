// @ts-check
/**
 * The admin token, for a mock started with one (`flowhook mock --admin-token`): every admin API call
 * carries it as `Authorization: Bearer`. When the API answers 401, the page asks for the token once and
 * keeps it in sessionStorage, so it lasts as long as this tab and reaches no other site or tab.
 */
import { ApiError, requestJson } from './kit/http.js';
import { h } from './kit/dom.js';

const STORAGE_KEY = 'flowhook-mock-admin-token';

/**
 * requestJson with the admin token, if the page has one; a 401 forgets it and asks for it.
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 */
export async function adminRequest(method, path, body) {
  const token = sessionStorage.getItem(STORAGE_KEY);
  try {
    return await requestJson(method, path, body, token === null ? {} : { authorization: `Bearer ${token}` });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      sessionStorage.removeItem(STORAGE_KEY);
      openAdminTokenDialog(token !== null);
    }
    throw err;
  }
}

/**
 * Asks for the token once; further 401s while the dialog is open change nothing.
 * @param {boolean} refused whether the token the page had was refused
 */
function openAdminTokenDialog(refused) {
  if (document.getElementById('admin-token-dialog')) return;
  const input = h('input', { type: 'password', id: 'admin-token', autocomplete: 'off', required: true, spellcheck: 'false' });
  const use = () => {
    const token = input.value.trim();
    if (token === '') return;
    sessionStorage.setItem(STORAGE_KEY, token);
    location.reload();
  };
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') use();
  });
  const dialog = h(
    'dialog',
    { id: 'admin-token-dialog', class: 'login-dialog', 'aria-labelledby': 'admin-token-title' },
    h('h2', { id: 'admin-token-title' }, 'Admin token'),
    h('p', {}, refused ? 'The mock did not accept that admin token.' : 'This mock was started with an admin token: its admin API answers only requests that carry it.'),
    h('p', {}, 'Enter the token given to flowhook mock (', h('code', {}, '--admin-token'), ' or ', h('code', {}, 'FLOWHOOK_MOCK_ADMIN_TOKEN'), '). This tab keeps it until it closes.'),
    h('div', { class: 'field' }, h('label', { for: 'admin-token' }, 'Admin token'), input),
    h('button', { type: 'button', class: 'button-primary', onclick: use }, 'Use token'),
  );
  dialog.addEventListener('cancel', (event) => event.preventDefault());
  document.body.append(dialog);
  dialog.showModal();
  input.focus();
}
