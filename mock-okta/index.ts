/** The mock Okta Workflows server: start it in-process, drive it through its admin API, load its config file. */
export { MOCK_OKTA_DEFAULTS } from './defaults.js';
export { MockOktaServer, RunningMockOkta, startMockOkta } from './server.js';
export type { MockOktaOptions } from './server.js';
export { useMockOkta } from './suite.js';
export type { MockOktaSuite, SuiteHook, SuiteHooks } from './suite.js';
export { MockOktaClient } from './client.js';
export type { ExecutionQuery, MockOktaClientOptions, WaitForOptions } from './client.js';
export type { SettledExecution } from './settled-execution.js';
export { loadMockConfig } from './config-file.js';
export { defaultSecurityChecks } from './security.js';
export { MockAuthorizationServer } from './oauth/authorization-server.js';
export type { AuthorizationServerOptions, TokenAnswer, TokenRequestParts } from './oauth/authorization-server.js';
export { oauth2SecurityCheck } from './oauth/bearer-check.js';
export type * from './oauth/types.js';
export type { PresentedCredentials, SecuredFlow, SecurityCheck, SecurityVerdict } from './security.js';
export type * from './types.js';
