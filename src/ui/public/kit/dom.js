// @ts-check
/**
 * Elements from a tag, properties and children. Views build the DOM with these only, never from HTML
 * strings, so text that came from an API or a flow can never become markup.
 */

/** @typedef {Node | string | number | null | undefined | false} ChildItem */
/** Children may come in arrays, nested two deep (rows of cells); empty values are dropped. @typedef {ChildItem | ChildItem[] | (ChildItem | ChildItem[])[]} Child */

/** Set as properties, so that they describe the current state rather than the default. */
const PROPERTIES = new Set(['value', 'checked', 'selected', 'indeterminate']);

/**
 * `h('button', { type: 'button', onclick }, 'Save')`. `on…` functions become listeners, `false`,
 * `null` and `undefined` leave an attribute out, `true` sets it empty.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown>} [props]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
    } else if (PROPERTIES.has(name)) {
      Reflect.set(element, name, value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  element.append(...nodes(children));
  return element;
}

/**
 * Children as nodes, nested arrays flattened and empty values dropped.
 * @param {Child[]} children
 * @returns {(Node | string)[]}
 */
export function nodes(children) {
  /** @type {(Node | string)[]} */
  const result = [];
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) result.push(...nodes(child));
    else result.push(typeof child === 'number' ? String(child) : child);
  }
  return result;
}

/**
 * Replaces the children of `parent`.
 * @param {Element} parent
 * @param {...Child} children
 */
export function replace(parent, ...children) {
  parent.replaceChildren(...nodes(children));
}

let lastId = 0;

/**
 * A fresh element id with a readable prefix, for label `for` and `aria-describedby`.
 * @param {string} prefix
 */
export function uniqueId(prefix) {
  lastId += 1;
  return `${prefix}-${lastId}`;
}

/**
 * Text for screen readers only: the header of a column of buttons, which would otherwise be empty.
 * @param {string} text
 */
export function visuallyHidden(text) {
  return h('span', { class: 'visually-hidden' }, text);
}

/**
 * Makes a click anywhere on a table row call `toggle` (open or close its details), except a click on a
 * control of the row's own or a selection of its text. The row's toggle button stays the way in from the
 * keyboard and for screen readers; the row only gets a pointer cursor.
 * @param {HTMLTableRowElement} row
 * @param {() => void} toggle
 */
export function toggleOnRowClick(row, toggle) {
  row.classList.add('toggles');
  row.addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest('a, button, input, select, textarea, label')) return;
    if (String(document.getSelection() ?? '') !== '') return;
    toggle();
  });
}

/**
 * A status dot: green for active, white for inactive, as in Apono's webhooks table.
 * @param {boolean} active
 */
export function statusDot(active) {
  return h('span', { class: `dot ${active ? 'dot-on' : 'dot-off'}`, 'aria-hidden': 'true' });
}

/**
 * A switch: a checkbox with `role="switch"`, so it is announced as on/off and toggled with Space; its
 * text says the state (`on` or `off`).
 * @param {{ on: string, off: string, checked: boolean, onchange?: (checked: boolean) => void, id?: string }} options
 */
export function toggleSwitch({ on, off, checked, onchange, id = uniqueId('switch') }) {
  const text = h('span', {}, checked ? on : off);
  const input = h('input', {
    type: 'checkbox',
    role: 'switch',
    id,
    checked,
    onchange: () => {
      text.textContent = input.checked ? on : off;
      onchange?.(input.checked);
    },
  });
  return { input, element: h('label', { class: 'switch', for: id }, input, h('span', { class: 'switch-track', 'aria-hidden': 'true' }), text) };
}

/**
 * A button that copies `text()` to the clipboard and says so.
 * @param {{ label: string, text: () => string }} options
 */
export function copyButton({ label, text }) {
  const button = h('button', {
    type: 'button',
    class: 'button-small',
    'aria-label': label,
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(text());
        button.textContent = 'Copied';
      } catch {
        button.textContent = 'Copy failed';
      }
      setTimeout(() => {
        button.textContent = 'Copy';
      }, 1500);
    },
  }, 'Copy');
  return button;
}

/**
 * A list of values edited as chips: type a value and press Enter (or ",") to add it, × to remove it.
 * Apono's "Expected Values" works this way.
 * @param {{ label: string, values: readonly string[], placeholder?: string, id?: string }} options
 */
export function chipsInput({ label, values, placeholder = 'Type a value and press Enter', id = uniqueId('chips') }) {
  /** @type {string[]} */
  const current = [...values];
  const list = h('ul', { class: 'chips', 'aria-label': `${label}: values` });
  const input = h('input', { type: 'text', id, placeholder, autocomplete: 'off' });

  function render() {
    replace(
      list,
      current.map((value, index) =>
        h(
          'li',
          { class: 'chip' },
          h('span', {}, value),
          h('button', {
            type: 'button',
            class: 'chip-remove',
            'aria-label': `Remove ${value} from ${label}`,
            onclick: () => {
              current.splice(index, 1);
              changed();
              input.focus();
            },
          }, '×'),
        ),
      ),
    );
  }

  /** Adds what was typed as a chip. */
  function commit() {
    const value = input.value.trim();
    if (value === '') return;
    current.push(value);
    input.value = '';
    changed();
  }

  function changed() {
    render();
    list.dispatchEvent(new Event('change', { bubbles: true }));
  }

  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      commit();
    } else if (event.key === 'Backspace' && input.value === '' && current.length > 0) {
      current.pop();
      changed();
    }
  });
  render();
  return {
    input,
    element: h('div', { class: 'chips-input' }, list, input),
    /** The values, with one typed but not yet added with Enter as the last. */
    values() {
      const typed = input.value.trim();
      return typed === '' ? [...current] : [...current, typed];
    },
  };
}
