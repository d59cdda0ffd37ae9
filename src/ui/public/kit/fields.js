// @ts-check
/**
 * Labelled form fields, and the API's problems (`details: [{ path: "$.url", message }]`) shown next to
 * the field whose JSON path is the longest prefix of the problem's path. A field says which path it
 * stands for with `data-problem-path`, so rows added later find their problems too.
 */
import { h, uniqueId } from './dom.js';

/** @typedef {import('./dom.js').Child} Child */
/** @typedef {import('./http.js').Problem} Problem */

/**
 * A label, a control, an optional hint, and the slot for the problems of `path`.
 * @param {{ label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, path?: string, hint?: Child, problemLabel?: string }} options
 */
export function field({ label, control, path, hint, problemLabel = label }) {
  if (control.id === '') control.id = uniqueId('field');
  const { hintElement, errorElement, describedBy } = notes(hint);
  control.setAttribute('aria-describedby', describedBy);
  return h(
    'div',
    { class: 'field', 'data-problem-path': path, 'data-problem-label': problemLabel },
    h('label', { for: control.id }, label),
    control,
    hintElement,
    errorElement,
  );
}

/**
 * Several controls under one legend (a group of checkboxes, a list of rows).
 * @param {{ legend: string, content: Child, path?: string, hint?: Child, problemLabel?: string }} options
 */
export function fieldGroup({ legend, content, path, hint, problemLabel = legend }) {
  const { hintElement, errorElement, describedBy } = notes(hint);
  return h(
    'fieldset',
    { class: 'field', 'data-problem-path': path, 'data-problem-label': problemLabel, 'aria-describedby': describedBy },
    h('legend', {}, legend),
    content,
    hintElement,
    errorElement,
  );
}

/**
 * The problem slot of a field that is built by hand (a table row): mark its element with
 * `data-problem-path` and put this inside it.
 */
export function problemSlot() {
  return h('p', { class: 'field-error', id: uniqueId('error'), hidden: true });
}

/** @param {Child} hint */
function notes(hint) {
  const hintElement = hint === undefined || hint === null || hint === false ? null : h('div', { class: 'hint', id: uniqueId('hint') }, hint);
  const errorElement = problemSlot();
  return { hintElement, errorElement, describedBy: [hintElement?.id, errorElement.id].filter(Boolean).join(' ') };
}

/**
 * Empties every problem slot under `root` and `general`.
 * @param {HTMLElement} root
 * @param {HTMLElement} general
 */
export function clearProblems(root, general) {
  for (const slot of root.querySelectorAll('.field-error')) {
    slot.replaceChildren();
    slot.setAttribute('hidden', '');
  }
  for (const control of root.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  general.replaceChildren();
  general.hidden = true;
}

/**
 * Shows each problem at the field that stands for its path, or in `general` when none does; returns the
 * first field that got one, to move the focus there.
 * @param {HTMLElement} root
 * @param {readonly Problem[]} problems
 * @param {HTMLElement} general
 * @returns {HTMLElement | null}
 */
export function showProblems(root, problems, general) {
  clearProblems(root, general);
  /** @type {HTMLElement[]} */
  const fields = [...root.querySelectorAll('[data-problem-path]')].filter((element) => element instanceof HTMLElement);
  /** @type {HTMLElement | null} */
  let first = null;
  for (const problem of problems) {
    const owner = ownerOf(fields, problem.path);
    const slot = owner?.querySelector(':scope > .field-error, :scope > * > .field-error');
    if (!owner || !slot) {
      general.append(h('li', {}, `${problem.path} ${problem.message}`));
      general.hidden = false;
      continue;
    }
    const rest = problem.path.slice((owner.dataset.problemPath ?? '').length).replace(/^\./, '');
    slot.append(h('span', {}, `${owner.dataset.problemLabel ?? ''}${rest === '' ? '' : ` ${rest}`} ${problem.message}`));
    slot.removeAttribute('hidden');
    owner.querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true');
    first ??= owner;
  }
  return first;
}

/**
 * The field whose path is the longest prefix of `path` that ends at a segment boundary.
 * @param {HTMLElement[]} fields
 * @param {string} path
 */
function ownerOf(fields, path) {
  /** @type {HTMLElement | undefined} */
  let best;
  for (const element of fields) {
    const prefix = element.dataset.problemPath ?? '';
    const boundary = path.length === prefix.length || path[prefix.length] === '.' || path[prefix.length] === '[';
    if (path.startsWith(prefix) && boundary && prefix.length > (best?.dataset.problemPath ?? '').length) best = element;
  }
  return best;
}
