import { describe, expect, it } from 'vitest';
import { matchWebhook } from '../../src/core/match.js';
import { sampleEvent } from '../../src/core/samples.js';
import type { Filters, WebhookConfig } from '../../src/types.js';

function webhook(changes: Partial<WebhookConfig> = {}): WebhookConfig {
  return {
    name: 'okta prod',
    active: true,
    method: 'POST',
    url: 'https://acme.workflows.okta.com/api/flo/0a1b2c3d4e5f/invoke',
    triggers: ['RequestCreated', 'RequestGranted'],
    timeout_in_sec: 30,
    retry_on_validator_failure: false,
    ...changes,
  };
}

function withFilters(filters: Filters): WebhookConfig {
  return webhook({ filters });
}

const event = sampleEvent('RequestGranted');

describe('matchWebhook', () => {
  it('sends an event whose trigger is selected when no filters are set', () => {
    expect(matchWebhook(webhook(), event)).toEqual({ send: true });
    expect(matchWebhook(webhook({ filters: {} }), event)).toEqual({ send: true });
  });

  it('does not send when the webhook is inactive', () => {
    expect(matchWebhook(webhook({ active: false }), event)).toEqual({ send: false, reason: 'webhook is inactive' });
  });

  it('does not send an event whose trigger is not selected', () => {
    expect(matchWebhook(webhook(), sampleEvent('RequestRejected'))).toEqual({
      send: false,
      reason: `trigger "RequestRejected" is not among the webhook's triggers: [RequestCreated, RequestGranted]`,
    });
  });

  it('treats an empty filter list like an absent one', () => {
    expect(matchWebhook(withFilters({ integrations: [], requesters: [] }), event)).toEqual({ send: true });
  });

  it('matches integrations by name or by id', () => {
    expect(matchWebhook(withFilters({ integrations: ['prod db'] }), event)).toEqual({ send: true });
    expect(matchWebhook(withFilters({ integrations: ['7c1e5a2f-0b9d-4e3a-8f6c-1d2e3f4a5b6c'] }), event)).toEqual({
      send: true,
    });
  });

  it('sends when any one value of a list matches', () => {
    expect(matchWebhook(withFilters({ integrations: ['staging db', 'prod db'] }), event)).toEqual({ send: true });
  });

  it('names the filter, its values and the event values when a list matches nothing', () => {
    expect(matchWebhook(withFilters({ integrations: ['staging db'] }), event)).toEqual({
      send: false,
      reason:
        `filter "integrations" [staging db] matched none of the event's integrations: ` +
        '[prod db, 7c1e5a2f-0b9d-4e3a-8f6c-1d2e3f4a5b6c]',
    });
  });

  it('compares case-sensitively', () => {
    expect(matchWebhook(withFilters({ integrations: ['Prod DB'] }), event)).toMatchObject({ send: false });
    expect(matchWebhook(withFilters({ permissions: ['readonly'] }), event)).toMatchObject({ send: false });
  });

  it('matches integration types exactly', () => {
    expect(matchWebhook(withFilters({ integration_types: ['postgresql'] }), event)).toEqual({ send: true });
    expect(matchWebhook(withFilters({ integration_types: ['mysql'] }), event)).toEqual({
      send: false,
      reason: `filter "integration_types" [mysql] matched none of the event's integration_types: [postgresql]`,
    });
  });

  it("matches resource types by name or id, of the group or of a resource's type", () => {
    expect(matchWebhook(withFilters({ resource_types: ['Database'] }), event)).toEqual({ send: true });
    expect(matchWebhook(withFilters({ resource_types: ['postgresql-database'] }), event)).toEqual({ send: true });
    const onlyResourceType = sampleEvent('RequestGranted');
    onlyResourceType.data.access_groups[0]!.resource_types = [];
    expect(matchWebhook(withFilters({ resource_types: ['Database'] }), onlyResourceType)).toEqual({ send: true });
    expect(matchWebhook(withFilters({ resource_types: ['Table'] }), event)).toEqual({
      send: false,
      reason: `filter "resource_types" [Table] matched none of the event's resource_types: [Database, postgresql-database]`,
    });
  });

  it('matches resources by name, id or path', () => {
    for (const value of ['ledger', 'prod-db-ledger', 'prod db/ledger']) {
      expect(matchWebhook(withFilters({ resources: [value] }), event)).toEqual({ send: true });
    }
    expect(matchWebhook(withFilters({ resources: ['refunds'] }), event)).toEqual({
      send: false,
      reason:
        `filter "resources" [refunds] matched none of the event's resources: ` +
        '[payments, prod-db-payments, prod db/payments, ledger, prod-db-ledger, prod db/ledger]',
    });
  });

  it('matches permissions by name or id', () => {
    expect(matchWebhook(withFilters({ permissions: ['ReadOnly'] }), event)).toEqual({ send: true });
    expect(matchWebhook(withFilters({ permissions: ['read-only'] }), event)).toEqual({ send: true });
    expect(matchWebhook(withFilters({ permissions: ['Admin'] }), event)).toEqual({
      send: false,
      reason: `filter "permissions" [Admin] matched none of the event's permissions: [ReadOnly, read-only]`,
    });
  });

  it('matches requester emails case-insensitively', () => {
    expect(matchWebhook(withFilters({ requesters: ['Dana.Levi@Example.com'] }), event)).toEqual({ send: true });
    expect(matchWebhook(withFilters({ requesters: ['omer.cohen@example.com'] }), event)).toEqual({
      send: false,
      reason: `filter "requesters" [omer.cohen@example.com] matched none of the event's requesters: [dana.levi@example.com]`,
    });
  });

  it('matches access flows by name or id', () => {
    expect(matchWebhook(withFilters({ access_flows: ['Prod DB read access'] }), event)).toEqual({ send: true });
    expect(matchWebhook(withFilters({ access_flows: ['af-prod-db-read'] }), event)).toEqual({ send: true });
    expect(matchWebhook(withFilters({ access_flows: ['Break glass'] }), event)).toEqual({
      send: false,
      reason: `filter "access_flows" [Break glass] matched none of the event's access_flows: [Prod DB read access, af-prod-db-read]`,
    });
  });

  it('matches bundles by name or id, and no bundle when the event has none', () => {
    expect(matchWebhook(withFilters({ bundles: ['Payments on-call'] }), event)).toEqual({ send: true });
    expect(matchWebhook(withFilters({ bundles: ['bundle-payments-oncall'] }), event)).toEqual({ send: true });
    const withoutBundle = sampleEvent('RequestGranted');
    withoutBundle.data.access_bundle = null;
    expect(matchWebhook(withFilters({ bundles: ['Payments on-call'] }), withoutBundle)).toEqual({
      send: false,
      reason: `filter "bundles" [Payments on-call] matched none of the event's bundles: []`,
    });
  });

  it('sends only when every list that is set matches, and reports the first that does not', () => {
    const filters: Filters = {
      integrations: ['prod db'],
      requesters: ['dana.levi@example.com'],
      permissions: ['Admin'],
      bundles: ['Nope'],
    };
    expect(matchWebhook(withFilters(filters), event)).toEqual({
      send: false,
      reason: `filter "permissions" [Admin] matched none of the event's permissions: [ReadOnly, read-only]`,
    });
    expect(
      matchWebhook(withFilters({ ...filters, permissions: ['ReadOnly'], bundles: ['Payments on-call'] }), event),
    ).toEqual({ send: true });
  });

  it('looks at every access group of the event', () => {
    const twoGroups = sampleEvent('RequestGranted');
    twoGroups.data.access_groups.push({
      integration: { id: 'integration-2', type: 'mysql', name: 'staging db' },
      resource_types: [],
      access_units: [],
    });
    expect(matchWebhook(withFilters({ integrations: ['staging db'] }), twoGroups)).toEqual({ send: true });
    expect(matchWebhook(withFilters({ integration_types: ['mysql'] }), twoGroups)).toEqual({ send: true });
  });
});
