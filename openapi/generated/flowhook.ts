// Generated from openapi/flowhook.yaml by `npm run gen`. Do not edit.

export type paths = Record<string, never>;
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description The access-request status change that fires a webhook; an event's `event_type`.
         * @enum {string}
         */
        Trigger: "RequestCreated" | "RequestApproved" | "RequestRejected" | "RequestGranted" | "RequestExpired" | "RequestFailed";
        /**
         * @description One access-request status change, as Apono sends it. Unknown fields are allowed so that
         *     newer payloads still pass; templates may only use the fields described here.
         */
        AccessRequestEvent: {
            /** @description The trigger. `AccessRequestCreated`-style names are accepted and normalised to `RequestCreated`. */
            event_type: string;
            /** @description Time of the event in epoch seconds with a fractional part (Apono's `{seconds}.{nanos}`). */
            event_time: number;
            data: components["schemas"]["AccessRequest"];
        };
        AccessRequest: {
            /** @description Apono request ID */
            id: string;
            /** @description Human-readable ID that also appears in the Apono UI */
            friendly_id: string;
            requester: components["schemas"]["Requester"];
            grantee?: components["schemas"]["Grantee"];
            /** @description Reason provided by the requester for needing access */
            justification?: string | null;
            /** @description When the request was created */
            creation_date?: number;
            /** @description When the access is or was revoked */
            revocation_date?: number | null;
            /** @description The access flow that the request went through. */
            access_flow?: components["schemas"]["NamedRef"];
            /** @description The bundle that was requested, or null when single resources were requested. */
            access_bundle?: components["schemas"]["NamedRef"] | null;
            /** @description How long the access lasts once granted */
            access_duration_in_seconds?: number | null;
            /** @description The integrations and resources that the requester wants to access, one group per integration. */
            access_groups: components["schemas"]["AccessGroup"][];
            /** @description Whether one approver is enough (`AnyOf`) or every approver must approve (`AllOf`). */
            approvals_logical_relation?: string;
            /** @description The approvals the access flow asks for, each with its status and approver. */
            approvals?: components["schemas"]["Approval"][];
            /** @description Fields the access flow asked the requester to fill in. */
            custom_fields?: {
                [key: string]: unknown;
            };
        };
        Requester: {
            /** @description Requester's Apono ID */
            id: string;
            /** @description Requester's Apono username */
            name: string;
            /** @description Requester's email address */
            email: string;
        };
        /** @description The recipient of the requested access. */
        Grantee: {
            id?: string;
            source_id?: string;
            name?: string;
            type?: string;
        };
        NamedRef: {
            id: string;
            name: string;
        };
        AccessGroup: {
            integration: components["schemas"]["Integration"];
            resource_types: components["schemas"]["ResourceType"][];
            access_units: components["schemas"]["AccessUnit"][];
        };
        Integration: {
            id: string;
            type: string;
            name: string;
        };
        ResourceType: {
            id: string;
            name: string;
            display_path?: string;
        };
        AccessUnit: {
            resource: components["schemas"]["Resource"];
            permission: components["schemas"]["NamedRef"];
        };
        Resource: {
            id: string;
            name: string;
            path?: string;
            type?: components["schemas"]["ResourceType"];
        };
        Approval: {
            name?: string;
            type?: string;
            status?: string;
            approver?: {
                id?: string;
                name?: string;
                email?: string;
            };
        };
        /** @description A request webhook, with Apono's field names. */
        WebhookConfig: {
            /** @description Unique (case-insensitive); letters, digits, spaces, `-` and `_`, not starting or ending with a space. */
            name: string;
            /** @default true */
            active: boolean;
            /**
             * @default POST
             * @enum {string}
             */
            method: "POST" | "PUT" | "PATCH" | "DELETE" | "GET";
            /** @description HTTPS, no custom port. For Okta: https://<org>.workflows.okta.com/api/flo/<alias>/invoke */
            url: string;
            /** @description A Handlebars template that renders to JSON. Values are escaped for JSON strings. */
            body_template?: string | null;
            headers?: {
                [key: string]: string;
            };
            /** @description At least one. */
            triggers: components["schemas"]["Trigger"][];
            filters?: components["schemas"]["Filters"];
            /**
             * @description Whole seconds, 1 to 60 (Okta closes the connection at 60 s).
             * @default 30
             */
            timeout_in_sec: number;
            response_validators?: components["schemas"]["ResponseValidator"][] | null;
            authentication_config?: components["schemas"]["AuthenticationConfig"] | null;
            /** @description Delays in seconds before each retry; the engine's default schedule when absent. */
            retry_schedule_sec?: number[];
            /** @description Deliveries per second to this webhook's flow; 10 for Okta Workflows hosts when absent, 0 = unpaced. */
            rate_limit_per_sec?: number;
            /**
             * @description Retry when the flow answers 2xx but a response validator fails.
             * @default false
             */
            retry_on_validator_failure: boolean;
        };
        /**
         * @description Each list that is set must match at least one value of the event; a list that is absent or
         *     empty matches everything. All set lists must match (AND across lists, OR within one).
         */
        Filters: {
            integrations?: components["schemas"]["FilterValues"];
            integration_types?: components["schemas"]["FilterValues"];
            resource_types?: components["schemas"]["FilterValues"];
            resources?: components["schemas"]["FilterValues"];
            permissions?: components["schemas"]["FilterValues"];
            requesters?: components["schemas"]["FilterValues"];
            access_flows?: components["schemas"]["FilterValues"];
            bundles?: components["schemas"]["FilterValues"];
        };
        FilterValues: string[];
        ResponseValidator: {
            /** @description Starts with `$.data.`; `$.data` is the parsed JSON body of the flow's response. */
            json_path: string;
            /** @description The validator passes when the value found equals any of these (compared as strings). */
            expected_values: string[];
        };
        /** @description At most one of `bearer` and `oauth`. A client token goes in the URL or the `x-api-client-token` header. */
        AuthenticationConfig: {
            bearer?: components["schemas"]["BearerAuth"];
            oauth?: components["schemas"]["OAuthConfig"];
        };
        BearerAuth: {
            /** @description Sent as `Authorization: Bearer <token>`. Secret. */
            token: string;
        };
        /** @description OAuth 2.0 client credentials, with a client secret (Apono) or a private key (`private_key_jwt`, as Okta requires). */
        OAuthConfig: {
            client_id: string;
            /** @description Secret. */
            client_secret?: string;
            /** @description Defaults to https://<org>.okta.com/oauth2/v1/token for an Okta Workflows URL. */
            token_endpoint_url?: string;
            /** @description Defaults to `okta.workflows.invoke.manage` for an Okta Workflows URL. */
            scopes?: string[];
            /** @description PEM text or a JWK object (RSA → RS256, EC P-256 → ES256). Secret. */
            private_key?: string | {
                [key: string]: unknown;
            };
            /** @description Sent as `kid` in the client assertion header. */
            key_id?: string;
            /** @enum {string} */
            client_auth_method?: "private_key_jwt" | "client_secret_basic" | "client_secret_post";
        };
        /** @description What one delivery attempt sent and got back, with every secret shown as `[REDACTED]`. */
        InvocationRecord: {
            /** @description The `webhook-id` header: the same on every retry of one delivery. */
            deliveryId: string;
            /** @description The webhook's name. */
            webhook: string;
            trigger: components["schemas"]["Trigger"];
            request: {
                method: string;
                url: string;
                headers: {
                    [key: string]: string;
                };
                body: string;
            };
            response?: {
                status: number;
                headers: {
                    [key: string]: string;
                };
                /** @description At most 64 KiB. */
                body: string;
                bodyTruncated: boolean;
            };
            /** @description Why no usable response arrived. */
            error?: {
                /** @enum {string} */
                kind: "timeout" | "connection" | "refused_url" | "template" | "token" | "internal";
                message: string;
            };
            timings: {
                /** Format: date-time */
                startedAt: string;
                /** @description Time spent getting an OAuth access token. */
                tokenMs?: number;
                /** @description Time until the response headers arrived. */
                headersMs?: number;
                totalMs: number;
            };
            validators: {
                jsonPath: string;
                expectedValues: string[];
                /** @description The value found */
                actual?: unknown;
                passed: boolean;
                reason?: string;
            }[];
            auth: {
                /** @enum {string} */
                kind: "none" | "client_token" | "bearer" | "oauth";
                /** @enum {string} */
                clientTokenIn?: "query" | "path" | "header";
                /** @description The OAuth token URL used. */
                tokenEndpoint?: string;
                /** @description The OAuth client that got the token (the token itself is never recorded). */
                clientId?: string;
                /**
                 * @description How the OAuth client authenticated at the token endpoint.
                 * @enum {string}
                 */
                clientAuthMethod?: "private_key_jwt" | "client_secret_basic" | "client_secret_post";
                /** @description The scopes the OAuth token was asked for. */
                scopes?: string[];
                /** @description A 401 made the sender fetch a new token and retry once. */
                tokenRefreshed?: boolean;
            };
            /** @enum {string} */
            verdict: "successful" | "failed";
            /** @description When failed */
            reason?: string;
        };
        Error: {
            /** @description A FLOWHOOK_ error code. */
            code: string;
            /** @description What was wrong and where. */
            message: string;
            /** @description How to fix it. */
            hint?: string;
            details?: {
                /** @description JSON path of the problem. */
                path: string;
                message: string;
            }[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
