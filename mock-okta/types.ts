/** Names for the wire types generated from `openapi/mock-okta.yaml`. */
import type { components } from '../openapi/generated/mock-okta.js';

type Schemas = components['schemas'];

export type SecurityLevel = Schemas['SecurityLevel'];
export type Fault = Schemas['Fault'];
export type FlowResponse = Schemas['FlowResponse'];
export type FlowDefinition = Schemas['FlowDefinition'];
export type ConfiguredFlow = Schemas['ConfiguredFlow'];
export type MockConfig = Schemas['MockConfig'];
export type Flow = Schemas['Flow'];
export type FlowList = Schemas['FlowList'];
export type CredentialSource = Schemas['CredentialSource'];
export type ExecutionAuth = Schemas['ExecutionAuth'];
export type BodyKind = Schemas['BodyKind'];
export type Outcome = Schemas['Outcome'];
export type ExecutionResponse = Schemas['ExecutionResponse'];
export type Execution = Schemas['Execution'];
export type ExecutionList = Schemas['ExecutionList'];
export type OktaError = Schemas['OktaError'];
export type AdminError = Schemas['AdminError'];
export type WaitTimeout = Schemas['WaitTimeout'];
export type FlowContract = Schemas['FlowContract'];
export type ContractResult = Schemas['ContractResult'];
export type VerifyRequest = Schemas['VerifyRequest'];
export type VerifyCount = Schemas['VerifyCount'];
export type VerifyConditions = Schemas['VerifyConditions'];
export type VerifyResult = Schemas['VerifyResult'];
export type NearMiss = Schemas['NearMiss'];
export type MissedCondition = Schemas['MissedCondition'];
