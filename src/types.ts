/** Names for the wire types generated from `openapi/flowhook.yaml`. */
import type { components } from '../openapi/generated/flowhook.js';

type Schemas = components['schemas'];

export type Trigger = Schemas['Trigger'];
export type AccessRequestEvent = Schemas['AccessRequestEvent'];
export type AccessRequest = Schemas['AccessRequest'];
export type WebhookConfig = Schemas['WebhookConfig'];
export type Filters = Schemas['Filters'];
export type ResponseValidator = Schemas['ResponseValidator'];
export type AuthenticationConfig = Schemas['AuthenticationConfig'];
export type OAuthConfig = Schemas['OAuthConfig'];
export type InvocationRecord = Schemas['InvocationRecord'];
export type ErrorBody = Schemas['Error'];
export type WebhookJson = Schemas['Webhook'];
export type IngestResultJson = Schemas['IngestResult'];
export type DeliverySummaryJson = Schemas['DeliverySummary'];
export type DeliveryDetailJson = Schemas['DeliveryDetail'];
export type DeliveryListJson = Schemas['DeliveryList'];
export type AttemptJson = Schemas['Attempt'];
export type SampleEventsJson = Schemas['SampleEvents'];
export type OktaUrlDescriptionJson = Schemas['OktaUrlDescription'];
