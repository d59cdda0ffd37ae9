// @ts-check
/**
 * "View event's payload schema": the fields a body template can use, read from `GET /api/schema/event`,
 * each with its Handlebars path and a button that inserts `{{path}}` into the template at the cursor.
 */
import { api } from './api.js';
import { h, replace, uniqueId, visuallyHidden } from './kit/dom.js';
import { errorText } from './kit/http.js';

/** @typedef {import('./api.js').JsonSchema} JsonSchema */
/** @typedef {{ path: string, type: string, description: string }} SchemaField */

/** Deeper fields are left out; the event nests five levels at most. */
const MAX_DEPTH = 6;

/** @param {HTMLTextAreaElement} template */
export function payloadSchemaPanel(template) {
  const element = h('div', { class: 'schema-panel', id: uniqueId('schema'), hidden: true, role: 'region', 'aria-label': "Event's payload schema" });
  const toggle = h('button', { type: 'button', class: 'button-link', 'aria-expanded': 'false', 'aria-controls': element.id }, "View event's payload schema");
  /** @type {((open: boolean) => void)[]} */
  const listeners = [];
  let loaded = false;

  toggle.addEventListener('click', async () => {
    const open = element.hidden;
    element.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? "Hide event's payload schema" : "View event's payload schema";
    for (const listener of listeners) listener(open);
    if (!open || loaded) return;
    loaded = true;
    replace(element, h('p', { class: 'empty' }, 'Loading the schema…'));
    try {
      replace(element, fieldTable(schemaFields(await api.eventSchema())));
    } catch (err) {
      loaded = false;
      replace(element, h('p', { class: 'empty' }, errorText(err)));
    }
  });

  /** @param {SchemaField[]} fields */
  function fieldTable(fields) {
    return h(
      'table',
      { 'aria-label': 'Fields of the event' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, visuallyHidden('Insert')))),
      h(
        'tbody',
        {},
        fields.map((schemaField) =>
          h(
            'tr',
            {},
            h(
              'td',
              {},
              h('code', { class: 'schema-path' }, schemaField.path),
              ' ',
              h('span', { class: 'muted' }, schemaField.type),
              schemaField.description === '' ? null : h('div', { class: 'hint' }, schemaField.description),
            ),
            h('td', { class: 'actions' }, h('button', { type: 'button', class: 'button-small', 'aria-label': `Insert {{${schemaField.path}}}`, onclick: () => insert(`{{${schemaField.path}}}`) }, 'Insert')),
          ),
        ),
      ),
    );
  }

  /** @param {string} text */
  function insert(text) {
    template.setRangeText(text, template.selectionStart, template.selectionEnd, 'end');
    template.dispatchEvent(new Event('input', { bubbles: true }));
    template.focus();
  }

  return {
    element,
    toggle,
    /** @param {(open: boolean) => void} listener */
    onToggle(listener) {
      listeners.push(listener);
    },
  };
}

/**
 * Every field of the schema with its Handlebars path (`data.access_groups.[0].integration.name`).
 * @param {JsonSchema} schema
 * @returns {SchemaField[]}
 */
export function schemaFields(schema) {
  const defs = schema.$defs ?? {};
  /** @param {JsonSchema} node @returns {JsonSchema} */
  const resolve = (node) => {
    const target = node.$ref === undefined ? node : (defs[node.$ref.replace('#/$defs/', '')] ?? {});
    const alternative = target.oneOf?.map(resolve).find((option) => option.type !== 'null');
    return alternative ?? target;
  };
  /** @type {SchemaField[]} */
  const fields = [];
  /** @param {JsonSchema} node @param {string} prefix @param {number} depth */
  function walk(node, prefix, depth) {
    if (depth > MAX_DEPTH) return;
    for (const [name, property] of Object.entries(resolve(node).properties ?? {})) {
      const resolved = resolve(property);
      const path = prefix === '' ? name : `${prefix}.${name}`;
      fields.push({ path, type: typeName(property, resolved), description: property.description ?? resolved.description ?? '' });
      if (resolved.properties) walk(resolved, path, depth + 1);
      if (resolved.items) walk(resolved.items, `${path}.[0]`, depth + 1);
    }
  }
  walk(schema, '', 0);
  return fields;
}

/**
 * @param {JsonSchema} property
 * @param {JsonSchema} resolved
 * @returns {string}
 */
function typeName(property, resolved) {
  const nullable = property.oneOf?.some((option) => option.type === 'null') || (Array.isArray(resolved.type) && resolved.type.includes('null'));
  const types = (Array.isArray(resolved.type) ? resolved.type : [resolved.type ?? (resolved.properties ? 'object' : 'any')]).filter((type) => type !== 'null');
  const base = types[0] === 'array' && resolved.items ? `array of ${typeName(resolved.items, resolvedItems(resolved.items))}` : types.join(' or ');
  return nullable ? `${base} or null` : base;
}

/** @param {JsonSchema} items */
function resolvedItems(items) {
  return items.$ref === undefined ? items : { type: 'object' };
}
