/** Names for the OAuth wire types generated from `openapi/mock-okta.yaml`. */
import type { components } from '../../openapi/generated/mock-okta.js';

type Schemas = components['schemas'];

export type OAuthClientDefinition = Schemas['OAuthClientDefinition'];
export type OAuthClient = Schemas['OAuthClient'];
export type OAuthClientList = Schemas['OAuthClientList'];
export type TokenResponse = Schemas['TokenResponse'];
export type OAuthError = Schemas['OAuthError'];
export type JsonWebKeySet = Schemas['JsonWebKeySet'];
export type AuthorizationServerMetadata = Schemas['AuthorizationServerMetadata'];
export type ClientAuthMethod = OAuthClient['tokenEndpointAuthMethods'][number];
