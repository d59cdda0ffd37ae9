/**
 * Which webhooks an event goes to. A webhook sends an event when it is active, its `triggers` include the
 * event's `event_type`, and every filter list it sets matches at least one value of the event:
 *
 * | filter              | matches the event's                                                        |
 * |---------------------|-----------------------------------------------------------------------------|
 * | `integrations`      | `access_groups[].integration` name or id                                    |
 * | `integration_types` | `access_groups[].integration.type`                                          |
 * | `resource_types`    | name or id of `access_groups[].resource_types[]` and of each resource's type |
 * | `resources`         | `access_groups[].access_units[].resource` name, id or path                   |
 * | `permissions`       | `access_groups[].access_units[].permission` name or id                       |
 * | `requesters`        | `requester.email`                                                           |
 * | `access_flows`      | `access_flow` name or id                                                    |
 * | `bundles`           | `access_bundle` name or id                                                  |
 *
 * Within one list any value may match (OR); across lists every list that is set must match (AND). A list
 * that is absent or empty matches every event. Values are compared exactly and case-sensitively, except
 * requester emails, which are compared case-insensitively. An event without a bundle matches no `bundles`
 * value.
 */
import type { AccessRequest, AccessRequestEvent, Filters, WebhookConfig } from '../types.js';

export type MatchDecision = { send: true } | { send: false; reason: string };

type FilterName = keyof Filters;

/** The event's values that each filter list is compared with, in the order the filters are checked. */
const EVENT_VALUES: ReadonlyArray<readonly [FilterName, (request: AccessRequest) => string[]]> = [
  ['integrations', (request) => request.access_groups.flatMap(({ integration }) => [integration.name, integration.id])],
  ['integration_types', (request) => request.access_groups.map(({ integration }) => integration.type)],
  [
    'resource_types',
    (request) =>
      request.access_groups.flatMap((group) => [
        ...group.resource_types.flatMap((type) => [type.name, type.id]),
        ...group.access_units.flatMap(({ resource }) => (resource.type ? [resource.type.name, resource.type.id] : [])),
      ]),
  ],
  [
    'resources',
    (request) =>
      request.access_groups.flatMap((group) =>
        group.access_units.flatMap(({ resource }) =>
          resource.path ? [resource.name, resource.id, resource.path] : [resource.name, resource.id],
        ),
      ),
  ],
  [
    'permissions',
    (request) =>
      request.access_groups.flatMap((group) =>
        group.access_units.flatMap(({ permission }) => [permission.name, permission.id]),
      ),
  ],
  ['requesters', (request) => [request.requester.email]],
  ['access_flows', (request) => (request.access_flow ? [request.access_flow.name, request.access_flow.id] : [])],
  ['bundles', (request) => (request.access_bundle ? [request.access_bundle.name, request.access_bundle.id] : [])],
];

/** Whether `config` sends `event`, and if not, the first reason why. */
export function matchWebhook(config: WebhookConfig, event: AccessRequestEvent): MatchDecision {
  if (!config.active) return { send: false, reason: 'webhook is inactive' };
  if (!(config.triggers as readonly string[]).includes(event.event_type)) {
    return {
      send: false,
      reason: `trigger "${event.event_type}" is not among the webhook's triggers: [${config.triggers.join(', ')}]`,
    };
  }
  const filters = config.filters ?? {};
  for (const [name, eventValues] of EVENT_VALUES) {
    const wanted = filters[name];
    if (wanted === undefined || wanted.length === 0) continue;
    const present = unique(eventValues(event.data));
    if (!matchesAny(name, wanted, present)) {
      return {
        send: false,
        reason: `filter "${name}" [${wanted.join(', ')}] matched none of the event's ${name}: [${present.join(', ')}]`,
      };
    }
  }
  return { send: true };
}

function matchesAny(name: FilterName, wanted: readonly string[], present: readonly string[]): boolean {
  if (name === 'requesters') {
    const emails = new Set(present.map((email) => email.toLowerCase()));
    return wanted.some((email) => emails.has(email.toLowerCase()));
  }
  return wanted.some((value) => present.includes(value));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
