// Generated from openapi/flowhook.yaml by `npm run gen`. Do not edit.

export interface paths {
    "/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The web UI's login URL, as `flowhook serve` prints it: trades an API token for a session cookie.
         * @description Sets an `HttpOnly; SameSite=Strict; Path=/` session cookie (`flowhook_session_<port>`, in memory
         *     on the server, for 12 hours or until it stops) and answers 303 to `/`, so the token leaves the
         *     address bar at once.
         */
        get: operations["logIn"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every webhook, in the order they were created; secrets shown as `[REDACTED]`. */
        get: operations["listWebhooks"];
        put?: never;
        /** Checks, stores and starts using a webhook config. */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apono's Test button before Save: sends a sample event through a config that is not stored, and returns the invocation record.
         * @description The config is checked as a create checks it, except that its name need not be unique: its problems
         *     answer 422 with `details` at JSON paths within the config (`$.url`). When the config is that of a
         *     stored webhook being edited, name it in `webhookId`: each secret that is still `[REDACTED]` then
         *     takes that webhook's stored secret. Nothing is stored and nothing is queued; a failed delivery is
         *     still a 200 whose record has `verdict` `failed` and a `reason`.
         */
        post: operations["testWebhookConfig"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        get: operations["getWebhook"];
        /**
         * Replaces the config; a secret sent back as `[REDACTED]` keeps its stored value.
         * @description Pending deliveries of the webhook go out with the new config.
         */
        put: operations["updateWebhook"];
        post?: never;
        /** Removes the webhook; its unfinished deliveries end `failed`, finished ones stay as history. */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apono's Test button: sends a sample event now, outside the queue, and returns the invocation record.
         * @description Nothing is stored. A failed delivery is still a 200 whose record has `verdict` `failed` and a `reason`.
         */
        post: operations["testWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sends again every delivery of the webhook with the given status, optionally only those created since a time. */
        post: operations["replayWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accepts an access-request event and creates one delivery per matching webhook.
         * @description The event and its deliveries are written in one transaction before the answer; a 202 means
         *     nothing of it can be lost. `AccessRequest…` event types are normalised to the trigger names.
         */
        post: operations["ingestEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Deliveries, newest first; or, with `cursor`, those that changed since, oldest change first.
         * @description To follow live changes, keep the `cursor` of each answer and ask again with it: each delivery
         *     that changed since comes in its latest state. No change is ever skipped, even when several
         *     workers on one PostgreSQL database commit out of order; a change may come twice.
         */
        get: operations["listDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/deliveries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["DeliveryId"];
            };
            cookie?: never;
        };
        get: operations["getDelivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/deliveries/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["DeliveryId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sends the delivery again now, with a fresh retry schedule and the same `webhook-id`. */
        post: operations["replayDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/samples": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The sample event of each trigger: the "mock data" that Test sends.
         * @description One access request followed through its states, keyed by trigger. Test (`POST /api/webhooks/test`,
         *     `POST /api/webhooks/{id}/test`) sends the sample of the trigger it is given.
         */
        get: operations["listSampleEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/okta-url": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What a webhook URL is to Okta Workflows, for the form's note beside the URL.
         * @description The URL travels in the body, not the query string, because two of its Okta forms carry the client
         *     token. The answer never holds the token: it says where the token sits, not what it is. A text that
         *     is not a URL answers 200 with both parts null.
         */
        post: operations["recogniseOktaUrl"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/schema/event": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The event payload schema as one JSON Schema document (Apono's "View event's payload schema"). */
        get: operations["getEventSchema"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the engine takes work and its database takes writes; open, for probes (the Host check still applies). */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus text format; open to a scraper on the loopback interface, otherwise it needs a credential. */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
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
            /** @description Unique (case-insensitive); letters, digits, spaces, `-` and `_`, not starting or ending with a space; at most 200 characters. */
            name: string;
            /** @default true */
            active: boolean;
            /**
             * @default POST
             * @enum {string}
             */
            method: "POST" | "PUT" | "PATCH" | "DELETE" | "GET";
            /** @description HTTPS, no custom port, at most 2,048 characters. For Okta: https://<org>.workflows.okta.com/api/flo/<alias>/invoke */
            url: string;
            /** @description A Handlebars template that renders to JSON. Values are escaped for JSON strings. Only values, `lookup` and the blocks `#if`, `#unless`, `#each` and `#with` are available; raw values (`{{{…}}}`, `{{& …}}`), other helpers, partials and decorators are refused (422), and so is a template over 64 KiB, 250 tags or 32 levels of nesting. A rendering over 1 MiB fails the delivery. */
            body_template?: string | null;
            /** @description At most 50 headers; a name has at most 256 characters, a value at most 8,192. */
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
            /** @description Delays in seconds before each retry (at most 50); the engine's default schedule when absent. */
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
        /** @description What one delivery attempt sent and got back, with every secret shown as `[REDACTED]`, and the value of every header and URL parameter whose name says it carries a credential (token, key, secret, auth, sig, password, cookie, session, …). */
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
                /** @description At most 64 KiB; empty when `bodyWithheld` is there. */
                body: string;
                bodyTruncated: boolean;
                /**
                 * @description Set by the management API when the URL is not a flow's (an Okta Workflows URL, or the
                 *     flow path `/api/flo/…` on any host): it shows the body's size and type, not the body, and
                 *     validators without what they found, so that Test cannot fetch pages from the server's network.
                 */
                bodyWithheld?: {
                    /** @description Size of the body in UTF-8 (as kept: at most 64 KiB). */
                    bytes: number;
                    contentType: string | null;
                };
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
        /**
         * @description A stored webhook: every WebhookConfig field (defaults applied, secrets shown as `[REDACTED]`)
         *     plus its `id` and when it was created and last changed.
         */
        Webhook: {
            /** @description Assigned by flowhook: `wh_…`. */
            id: string;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            name: string;
            /** @description With a client token in the URL shown as `[REDACTED]`. */
            url: string;
            triggers: components["schemas"]["Trigger"][];
        } & {
            [key: string]: unknown;
        };
        WebhookList: {
            webhooks: components["schemas"]["Webhook"][];
        };
        TestRequest: {
            /** @description The sample event to send; the webhook's first trigger when absent. */
            trigger?: components["schemas"]["Trigger"];
        };
        ConfigTestRequest: {
            /** @description The config to test, as a create takes it; its name need not be unique. */
            config: components["schemas"]["WebhookConfig"];
            /** @description The sample event to send; the config's first trigger when absent. */
            trigger?: components["schemas"]["Trigger"];
            /** @description The stored webhook that `config` edits; each secret of `config` that is `[REDACTED]` takes this webhook's stored secret. */
            webhookId?: string;
        };
        /** @description The sample event of each trigger, keyed by trigger. */
        SampleEvents: {
            RequestCreated: components["schemas"]["AccessRequestEvent"];
            RequestApproved: components["schemas"]["AccessRequestEvent"];
            RequestRejected: components["schemas"]["AccessRequestEvent"];
            RequestGranted: components["schemas"]["AccessRequestEvent"];
            RequestExpired: components["schemas"]["AccessRequestEvent"];
            RequestFailed: components["schemas"]["AccessRequestEvent"];
        };
        OktaUrlRequest: {
            /** @description The URL as typed; it may carry a client token. */
            url: string;
        };
        OktaUrlDescription: {
            /** @description The Okta Workflows URL form on an Okta Workflows host, or null for any other URL. */
            okta: components["schemas"]["OktaUrl"] | null;
            /** @description Okta's flow path on any host (the mock serves the same paths), or null for another path. */
            flowPath: components["schemas"]["FlowPath"] | null;
        };
        OktaUrl: {
            /**
             * @description `invoke`: …/api/flo/<alias>/invoke; `client-token-path`: the Apono guide's …/api/flo/<clientToken>.
             * @enum {string}
             */
            form: "invoke" | "client-token-path";
            org: string;
            /** @description `<org>.workflows.okta.com` or the same on another region domain. */
            workflowsHost: string;
            /** @description The org authorization server's token endpoint on the same region domain. */
            orgTokenUrl: string;
            /** @description The flow alias of the invoke form. */
            alias?: string;
            /** @description Where the URL carries the client token, or null when it carries none. */
            clientTokenIn: ("query" | "path") | null;
            /** @description One sentence for people. */
            description: string;
        };
        FlowPath: {
            /** @constant */
            form: "invoke";
            alias: string;
        } | {
            /** @constant */
            form: "client-token-path";
        };
        IngestResult: {
            /** @description `evt_…` */
            eventId: string;
            eventType: components["schemas"]["Trigger"];
            deliveries: {
                /** @description The delivery id, sent as the `webhook-id` header. */
                id: string;
                webhookId: string;
                /** @description The webhook's name. */
                webhook: string;
            }[];
            /** @description The webhooks that do not take this event, each with why. */
            skipped: {
                webhookId: string;
                webhook: string;
                reason: string;
            }[];
        };
        /**
         * @description `pending` waits for `nextAttemptAt`; `in_flight` is being sent; `delivered` and `failed` are final
         *     until a replay.
         * @enum {string}
         */
        DeliveryStatus: "pending" | "in_flight" | "delivered" | "failed";
        DeliverySummary: {
            /** @description The `webhook-id` header of every attempt: `dlv_…`. */
            id: string;
            eventId: string;
            webhookId: string;
            /** @description The webhook's name. */
            webhook: string;
            trigger: components["schemas"]["Trigger"];
            status: components["schemas"]["DeliveryStatus"];
            attemptCount: number;
            /** @description What the last attempt led to, e.g. `HTTP 503; next attempt 3 of 8 in 5 min`. */
            lastReason: string | null;
            lastHttpStatus: number | null;
            /** Format: date-time */
            nextAttemptAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** Format: date-time */
            completedAt: string | null;
            /** @description Grows with the changes of the deliveries (on PostgreSQL, the id of the transaction that last changed it). */
            version: number;
        };
        DeliveryList: {
            deliveries: components["schemas"]["DeliverySummary"][];
            /** @description Pass as `cursor` to get the deliveries that change next. */
            cursor: number;
        };
        Attempt: {
            /** @description 1, 2, … over the life of the delivery, replays included. */
            number: number;
            /** Format: date-time */
            startedAt: string;
            durationMs: number;
            /**
             * @description What the attempt led to.
             * @enum {string}
             */
            outcome: "delivered" | "retry" | "failed";
            httpStatus: number | null;
            reason: string;
            /** Format: date-time */
            nextAttemptAt: string | null;
            record: components["schemas"]["InvocationRecord"];
        };
        DeliveryDetail: components["schemas"]["DeliverySummary"] & {
            event: components["schemas"]["AccessRequestEvent"];
            attempts: components["schemas"]["Attempt"][];
        };
        ReplayResult: {
            /** @description How many deliveries are due again. */
            replayed: number;
        };
        Health: {
            /** @enum {string} */
            status: "ok" | "degraded" | "stopping";
            database?: components["schemas"]["DatabaseHealth"];
        };
        /** @description Whether the database takes writes; `unavailable` from a failure of the database itself until a write succeeds. */
        DatabaseHealth: {
            /** @enum {string} */
            status: "ok" | "unavailable";
            /** @description The database's own code for the failure, e.g. SQLITE_FULL, SQLITE_IOERR_WRITE; on PostgreSQL the server's SQLSTATE (57P01, 53100) or the connection's error (ECONNREFUSED). */
            databaseCode?: string;
            message?: string;
            /** @description What to do about it. */
            hint?: string;
            /**
             * Format: date-time
             * @description When the first failure since the last successful write happened.
             */
            since?: string;
        };
    };
    responses: {
        /** @description The request does not match this description (a query parameter, a body that is not JSON or nests more than 64 levels deep, a path with a malformed percent-encoding). */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The config or event breaks a rule; `details` lists each problem by JSON path. Nothing was written. */
        Invalid: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No such webhook or delivery. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Another webhook has the name, or the delivery is being sent right now. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description flowhook is stopping (`FLOWHOOK_SHUTTING_DOWN`; send the request again once it has restarted), or its database takes no writes (`FLOWHOOK_DATABASE_UNAVAILABLE`: the disk is full, an I/O error; the hint says what to do, and nothing of the request was kept). */
        ShuttingDown: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No credential, or one the server does not accept (`FLOWHOOK_UNAUTHENTICATED`). */
        Unauthenticated: {
            headers: {
                /** @description `Bearer realm="flowhook"` */
                "WWW-Authenticate"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description A change from another origin than the server's own, or made with the session cookie without the UI's Origin (`FLOWHOOK_ORIGIN_REFUSED`). */
        OriginRefused: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The Host header is not a name the server answers to (`FLOWHOOK_HOST_REFUSED`); allow it with `--allowed-host`. */
        HostRefused: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: {
        WebhookId: string;
        DeliveryId: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    logIn: {
        parameters: {
            query: {
                /** @description An API token. */
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Logged in; on to the web UI at `/`. */
            303: {
                headers: {
                    /** @description The session cookie. */
                    "Set-Cookie"?: string;
                    /** @description `/` */
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            421: components["responses"]["HostRefused"];
        };
    };
    listWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The webhooks. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookList"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            421: components["responses"]["HostRefused"];
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookConfig"];
            };
        };
        responses: {
            /** @description The stored webhook with its `id` and defaults applied. */
            201: {
                headers: {
                    /** @description `/api/webhooks/{id}` */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["OriginRefused"];
            409: components["responses"]["Conflict"];
            421: components["responses"]["HostRefused"];
            422: components["responses"]["Invalid"];
        };
    };
    testWebhookConfig: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConfigTestRequest"];
            };
        };
        responses: {
            /** @description What was sent and what came back, secrets shown as `[REDACTED]`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvocationRecord"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["OriginRefused"];
            404: components["responses"]["NotFound"];
            421: components["responses"]["HostRefused"];
            422: components["responses"]["Invalid"];
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The webhook; secrets shown as `[REDACTED]`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            421: components["responses"]["HostRefused"];
        };
    };
    updateWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookConfig"];
            };
        };
        responses: {
            /** @description The webhook as stored now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["OriginRefused"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            421: components["responses"]["HostRefused"];
            422: components["responses"]["Invalid"];
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["OriginRefused"];
            404: components["responses"]["NotFound"];
            421: components["responses"]["HostRefused"];
        };
    };
    testWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["TestRequest"];
            };
        };
        responses: {
            /** @description What was sent and what came back. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvocationRecord"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["OriginRefused"];
            404: components["responses"]["NotFound"];
            421: components["responses"]["HostRefused"];
            422: components["responses"]["Invalid"];
        };
    };
    replayWebhook: {
        parameters: {
            query?: {
                status?: "failed" | "delivered";
                /** @description Only deliveries created at or after this time. */
                since?: string;
            };
            header?: never;
            path: {
                id: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description How many deliveries are due again. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReplayResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["OriginRefused"];
            404: components["responses"]["NotFound"];
            421: components["responses"]["HostRefused"];
        };
    };
    ingestEvent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AccessRequestEvent"];
            };
        };
        responses: {
            /** @description Accepted, with the deliveries created and why each other webhook skipped the event. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IngestResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["OriginRefused"];
            421: components["responses"]["HostRefused"];
            422: components["responses"]["Invalid"];
            503: components["responses"]["ShuttingDown"];
        };
    };
    listDeliveries: {
        parameters: {
            query?: {
                /** @description Only deliveries of this webhook id. */
                webhook?: string;
                status?: components["schemas"]["DeliveryStatus"];
                /** @description Only deliveries of this event id. */
                event?: string;
                /** @description Only deliveries of events of this trigger. */
                trigger?: components["schemas"]["Trigger"];
                /** @description The `cursor` of an earlier answer. */
                cursor?: number;
                /** @description A delivery id; the page starts below it (newest-first order only). */
                before?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of deliveries. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            421: components["responses"]["HostRefused"];
        };
    };
    getDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["DeliveryId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The delivery with its event and every attempt. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryDetail"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            421: components["responses"]["HostRefused"];
        };
    };
    replayDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["DeliveryId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The delivery, due again. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliverySummary"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["OriginRefused"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            421: components["responses"]["HostRefused"];
            503: components["responses"]["ShuttingDown"];
        };
    };
    listSampleEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Six events, one per trigger. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SampleEvents"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            421: components["responses"]["HostRefused"];
        };
    };
    recogniseOktaUrl: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OktaUrlRequest"];
            };
        };
        responses: {
            /** @description The Okta Workflows form of the URL, and its flow path on any host. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OktaUrlDescription"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["OriginRefused"];
            421: components["responses"]["HostRefused"];
        };
    };
    getEventSchema: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON Schema 2020-12 of AccessRequestEvent, its parts under `$defs`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/schema+json": Record<string, never>;
                };
            };
            401: components["responses"]["Unauthenticated"];
            421: components["responses"]["HostRefused"];
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The engine takes work. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            421: components["responses"]["HostRefused"];
            /** @description The engine is shutting down (`stopping`), or its database takes no writes (`degraded`, with the cause and what to do). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events ingested, deliveries by outcome, attempts by outcome, attempt latency, queue depth. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            401: components["responses"]["Unauthenticated"];
            421: components["responses"]["HostRefused"];
        };
    };
}
