// @ts-check
/** A message that a view leaves for the next one (a form that saved, for the list it returns to). */

let pending = '';

/** @param {string} text */
export function leaveNotice(text) {
  pending = text;
}

/** The message left for this view, once. */
export function takeNotice() {
  const text = pending;
  pending = '';
  return text;
}
