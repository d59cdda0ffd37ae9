/**
 * The event payload schema as one standalone JSON Schema document, for Apono's "View event's payload
 * schema": AccessRequestEvent from openapi/flowhook.yaml with the schemas it uses under `$defs`.
 */
import { flowhookSchemas } from '../flowhook-schemas.js';

const ROOT = 'AccessRequestEvent';
const REF_PREFIX = '#/components/schemas/';

export function eventPayloadSchema(): Record<string, unknown> {
  const components = (flowhookSchemas.document.components as { schemas: Record<string, unknown> }).schemas;
  const defs: Record<string, unknown> = {};
  const pending = [ROOT];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (name in defs) continue;
    const text = JSON.stringify(components[name] ?? {});
    for (const [, used] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) if (used !== undefined) pending.push(used);
    defs[name] = JSON.parse(text.replaceAll(`"$ref":"${REF_PREFIX}`, '"$ref":"#/$defs/')) as unknown;
  }
  const { [ROOT]: root, ...rest } = defs;
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title: ROOT, ...(root as Record<string, unknown>), $defs: rest };
}
