/**
 * Built-in sample events, one per trigger: the "mock data" that Apono's Test button sends. They follow one
 * request (read-only access to two Postgres databases in "prod db") through its states, so a template
 * can be tried against every trigger with the same fields. The justification contains double quotes, so
 * every rendering of it exercises JSON escaping.
 */
import type { AccessRequest, AccessRequestEvent, Trigger } from '../types.js';
import { deepFreeze } from '../util/deep-freeze.js';

const CREATED_AT = 1795511645.482913;
const DECIDED_AT = 1795511741.806224;
const GRANTED_AT = 1795511746.531058;
const FAILED_AT = 1795511749.204417;
const ACCESS_SECONDS = 7200;
const REVOKED_AT = 1795518946.531058;
const EXPIRED_AT = 1795518946.912374;

const APPROVER = { id: 'b4c0e6d2-5a41-4f7e-9d3a-2c8f1e0a7b65', name: 'Omer Cohen', email: 'omer.cohen@example.com' };

function approval(status: 'Pending' | 'Approved' | 'Rejected'): NonNullable<AccessRequest['approvals']>[number] {
  return { name: 'DBA on-call', type: 'user', status, approver: APPROVER };
}

const REQUEST: AccessRequest = {
  id: '9f2d7c4e-3b1a-4e8f-a6d5-0c7b2e9f4a13',
  friendly_id: 'AR-4821',
  requester: { id: '5e8a1f3c-7d2b-4c9e-b0a4-6f1d3e8c2a57', name: 'Dana Levi', email: 'dana.levi@example.com' },
  grantee: {
    id: '5e8a1f3c-7d2b-4c9e-b0a4-6f1d3e8c2a57',
    source_id: '00u8f2k1x9QvR7a4d5d7',
    name: 'dana.levi@example.com',
    type: 'user',
  },
  justification: 'Investigating "stuck" payouts in INC-4821; need to read the payments and ledger tables',
  creation_date: CREATED_AT,
  revocation_date: null,
  access_flow: { id: 'af-prod-db-read', name: 'Prod DB read access' },
  access_bundle: { id: 'bundle-payments-oncall', name: 'Payments on-call' },
  access_duration_in_seconds: ACCESS_SECONDS,
  access_groups: [
    {
      integration: { id: '7c1e5a2f-0b9d-4e3a-8f6c-1d2e3f4a5b6c', type: 'postgresql', name: 'prod db' },
      resource_types: [{ id: 'postgresql-database', name: 'Database', display_path: 'Postgresql/Database' }],
      access_units: [
        {
          resource: {
            id: 'prod-db-payments',
            name: 'payments',
            path: 'prod db/payments',
            type: { id: 'postgresql-database', name: 'Database', display_path: 'Postgresql/Database' },
          },
          permission: { id: 'read-only', name: 'ReadOnly' },
        },
        {
          resource: {
            id: 'prod-db-ledger',
            name: 'ledger',
            path: 'prod db/ledger',
            type: { id: 'postgresql-database', name: 'Database', display_path: 'Postgresql/Database' },
          },
          permission: { id: 'read-only', name: 'ReadOnly' },
        },
      ],
    },
  ],
  approvals_logical_relation: 'AnyOf',
  approvals: [approval('Pending')],
  custom_fields: { ticket: 'INC-4821', environment: 'production' },
};

function sample(trigger: Trigger, eventTime: number, changes: Partial<AccessRequest>): AccessRequestEvent {
  return { event_type: trigger, event_time: eventTime, data: structuredClone({ ...REQUEST, ...changes }) };
}

/** The sample event of each trigger, frozen; use `sampleEvent` for a copy that may be changed. */
export const SAMPLE_EVENTS: Readonly<Record<Trigger, AccessRequestEvent>> = deepFreeze({
  RequestCreated: sample('RequestCreated', CREATED_AT, {}),
  RequestApproved: sample('RequestApproved', DECIDED_AT, { approvals: [approval('Approved')] }),
  RequestRejected: sample('RequestRejected', DECIDED_AT, { approvals: [approval('Rejected')] }),
  RequestGranted: sample('RequestGranted', GRANTED_AT, {
    approvals: [approval('Approved')],
    revocation_date: REVOKED_AT,
  }),
  RequestExpired: sample('RequestExpired', EXPIRED_AT, {
    approvals: [approval('Approved')],
    revocation_date: REVOKED_AT,
  }),
  RequestFailed: sample('RequestFailed', FAILED_AT, { approvals: [approval('Approved')] }),
});

/** A fresh deep copy of the sample event of `trigger`. */
export function sampleEvent(trigger: Trigger): AccessRequestEvent {
  return structuredClone(SAMPLE_EVENTS[trigger]);
}

/** The body template of Apono's Okta Workflows guide, verbatim: the values a flow's API Endpoint card reads. */
export const OKTA_GUIDE_TEMPLATE = `{
    "fields":{
        "event type": "{{event_type}}",
        "event time": "{{event_time}}",
        "requestor email": "{{data.requester.email}}",
        "integration name": "{{data.access_groups.[0].[integration].name}}",
        "resource type": "{{data.access_groups.[0].[resource_types].[0].name}}",
        "access units": "{{data.access_groups.[0].access_units.[0].resource.name}}"
    }
}`;
