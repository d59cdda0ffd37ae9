// @ts-check
/** Times, durations and bodies as people read them. */

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium', hour12: false });

/**
 * `14:03:27` for today, `28 Nov 2026, 14:03:27` otherwise; the full ISO time is the element's title.
 * @param {string} iso
 */
export function formatTime(iso) {
  const date = new Date(iso);
  return date.toDateString() === new Date().toDateString() ? TIME.format(date) : DATE_TIME.format(date);
}

/**
 * `38 ms`, `1.25 s`.
 * @param {number | null | undefined} ms
 */
export function formatDuration(ms) {
  if (ms === null || ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/**
 * A body for reading: JSON text or values indented, anything else as it is.
 * @param {unknown} body
 */
export function formatBody(body) {
  if (body === null || body === undefined || body === '') return '(empty)';
  if (typeof body !== 'string') return JSON.stringify(body, null, 2);
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/**
 * Header or query fields as `name: value` lines.
 * @param {Record<string, string | string[]>} fields
 */
export function formatFields(fields) {
  const lines = Object.entries(fields).map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : value}`);
  return lines.length === 0 ? '(none)' : lines.join('\n');
}
