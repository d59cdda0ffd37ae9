// Generated from openapi/mock-okta.yaml by `npm run gen`. Do not edit.

export interface paths {
    "/api/flo/{alias}/invoke": {
        parameters: {
            query?: {
                /** @description The client token of a `clientToken` flow. Send it here or in `x-api-client-token`, not both. */
                clientToken?: components["parameters"]["ClientTokenQuery"];
            };
            header?: {
                /** @description The client token of a `clientToken` flow. Send it here or as `clientToken` query parameter, not both. */
                "x-api-client-token"?: components["parameters"]["ClientTokenHeader"];
            };
            path: {
                /** @description The flow's alias (Okta's are 32 hex characters; the mock accepts letters, digits and `-._~`, up to 128). */
                alias: components["parameters"]["Alias"];
            };
            cookie?: never;
        };
        /** Invoke a flow by its alias */
        get: operations["invokeFlow"];
        put?: never;
        /** Invoke a flow by its alias, with a JSON, form-encoded, text or empty body */
        post: operations["invokeFlowWithBody"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/flo/{clientToken}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client token of a `clientToken` flow (the shorter form Apono's guide uses). */
                clientToken: string;
            };
            cookie?: never;
        };
        /** Invoke the flow whose client token is in the path */
        get: operations["invokeFlowByToken"];
        put?: never;
        /** Invoke the flow whose client token is in the path, with a body */
        post: operations["invokeFlowByTokenWithBody"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__admin/flows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the flows */
        get: operations["listFlows"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__admin/flows/{alias}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The flow's alias (Okta's are 32 hex characters; the mock accepts letters, digits and `-._~`, up to 128). */
                alias: components["parameters"]["Alias"];
            };
            cookie?: never;
        };
        /** Read one flow */
        get: operations["getFlow"];
        /**
         * Create or replace a flow
         * @description Replacing a flow restarts its response sequence and its rate-limit window. A `clientToken` of
         *     `[REDACTED]`, as `GET` shows it, keeps the flow's stored token, so a flow can be changed without
         *     its token; when the flow has none, the answer is 400 naming `$.clientToken`.
         */
        put: operations["putFlow"];
        post?: never;
        /** Delete a flow */
        delete: operations["deleteFlow"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__admin/executions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List recorded executions, oldest first */
        get: operations["listExecutions"];
        put?: never;
        post?: never;
        /** Empty the journal */
        delete: operations["clearExecutions"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__admin/executions/wait": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Wait until a number of matching executions have been recorded */
        get: operations["waitForExecutions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__admin/executions/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Count the executions that match, against an expected number, and explain the near misses
         * @description Answers at once, from the journal as it is (wait first with `/__admin/executions/wait` when the calls may
         *     still be under way). `ok` says whether the count is as expected; whether or not it is, the answer is 200.
         */
        post: operations["verifyExecutions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__admin/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore the flows and OAuth clients the mock started with and empty the journal */
        post: operations["reset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth2/v1/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get an access token with the client credentials grant (the org authorization server's token endpoint)
         * @description Okta's org authorization server as Workflows callers use it: `grant_type=client_credentials` with a
         *     `scope`, the client authenticated with `private_key_jwt` (`client_assertion_type` +
         *     `client_assertion`), `client_secret_basic` or `client_secret_post`. A client assertion must be
         *     signed by a registered key (the header's `kid` picks it), have `iss` = `sub` = the client id and
         *     `aud` = this endpoint's URL, not be expired, expire at most 1 hour ahead, and not reuse a `jti`.
         *     Every refusal is `{ error, error_description }`: 401 `invalid_client`, 400 `invalid_request`,
         *     `invalid_scope`, `unsupported_grant_type` or `invalid_dpop_proof`.
         */
        post: operations["requestToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth2/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The public keys that sign access tokens (JWKS) */
        get: operations["getKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/oauth-authorization-server": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The authorization server's metadata (RFC 8414); the issuer is the mock's base URL */
        get: operations["getAuthorizationServerMetadata"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__admin/oauth/clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the OAuth clients, with their token request counts */
        get: operations["listOAuthClients"];
        put?: never;
        /** Register an OAuth client (an Okta API Services app) */
        post: operations["registerOAuthClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__admin/oauth/clients/{clientId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                clientId: string;
            };
            cookie?: never;
        };
        /** Read one OAuth client */
        get: operations["getOAuthClient"];
        put?: never;
        post?: never;
        /**
         * Revoke an OAuth client
         * @description The client can get no more tokens, and the tokens it holds are refused by `oauth2` flows from now on.
         */
        delete: operations["deleteOAuthClient"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Alias: string;
        /**
         * @description `public`: nothing needed. `clientToken`: the flow's token as `clientToken` query parameter or
         *     `x-api-client-token` header (not both), or in the path (`/api/flo/{clientToken}`). `oauth2`: an
         *     `Authorization: Bearer` access token from the mock's org authorization server (`/oauth2/v1/token`)
         *     that has not expired, whose client is still registered, with the scope `okta.workflows.invoke.manage`
         *     and, when the flow lists `allowedClients`, of one of those clients.
         * @enum {string}
         */
        SecurityLevel: "public" | "clientToken" | "oauth2";
        /**
         * @description `reset`: the connection is reset (TCP RST) without an answer. `empty`: the connection is closed
         *     without any response bytes. `malformed`: status (default 200) with `content-type: application/json`
         *     and the first half of the body's text, so it does not parse. `timeout`: no answer; the connection
         *     is closed when the invoke limit runs out.
         * @enum {string}
         */
        Fault: "reset" | "empty" | "malformed" | "timeout";
        /**
         * @description One answer of a flow, modelled on Okta's cards. A Return card is `{ body: {...} }` (200 with a JSON
         *     object); a Return Raw card sets `status` (200 or 400–599), `headers` and a text `body`.
         */
        FlowResponse: {
            /** @description 200 (the default) or 400–599, the statuses Okta's Return Raw card allows. */
            status?: number;
            /**
             * @description Extra response headers, merged over the mock's (`content-type` may be replaced). `content-length`,
             *     `transfer-encoding`, `connection`, `keep-alive`, `upgrade` and `x-execution-id` are the mock's own.
             */
            headers?: {
                [key: string]: string;
            };
            /**
             * @description An object is sent as JSON (`application/json`); a string is sent as it is (`text/plain` unless
             *     `headers` says otherwise). Absent: `{}`.
             */
            body?: {
                [key: string]: unknown;
            } | string;
            /** @description Wait this long before answering (or applying the fault); default 0. Past the invoke limit the connection is closed instead. */
            delayMs?: number;
            fault?: components["schemas"]["Fault"];
        };
        /** @description A flow as the admin API and the config file take it. */
        FlowDefinition: {
            /** @description Optional in `PUT /__admin/flows/{alias}` (must then equal the path's); required in the config file. */
            alias?: components["schemas"]["Alias"];
            security: components["schemas"]["SecurityLevel"];
            /** @description Required for (and only for) the `clientToken` level; unique across flows. In `PUT /__admin/flows/{alias}`, `[REDACTED]` keeps the stored token. */
            clientToken?: string;
            /** @description A flow that is off refuses every invocation with 403. Default: true. */
            active?: boolean;
            /** @description Used in order, one per invocation; the last one repeats. Absent: `[{ "status": 200, "body": {} }]`. */
            responses?: components["schemas"]["FlowResponse"][];
            /** @description Invocations allowed per second (Okta allows 10 per flow, the default); 0 turns the limit off. */
            rateLimitPerSecond?: number;
            /** @description Only with `oauth2`: the client ids whose tokens may invoke the flow ("allow selected apps"); any client with the scope when absent. */
            allowedClients?: string[];
            contract?: components["schemas"]["FlowContract"];
        };
        /**
         * @description The input the flow's API Endpoint card reads. Every invocation that reaches the flow's responses (its
         *     credential, `active` and rate limit passed) is checked against it, and the result is recorded on the
         *     execution as `contract`. The same object, alone in a file, is what `flowhook lint --contract` takes.
         */
        FlowContract: {
            /**
             * @description A JSON Schema (draft 2020-12) of the body as the flow receives it: the parsed JSON, or the fields of a
             *     form-encoded body (an empty body is `null`; a text body, or one the journal kept only the start of,
             *     breaks it). Compiled once, when the flow is saved; a schema that does not compile is refused with the
             *     flow. `format` is an annotation only; `minLength: 1` is how a field is required to be non-empty.
             */
            body?: {
                [key: string]: unknown;
            } | boolean;
            /** @description Request headers that must be present (names compared without regard to case). */
            headers?: string[];
            /** @description Query parameters that must be present. */
            query?: string[];
            /**
             * @description `record` (the default): the flow answers as usual and the execution records the problems. `reject`: the
             *     flow answers 400 with Okta's error object (`E0000001`, "Api validation failed: request", the problems
             *     in its `errorCauses`), as an API Endpoint card does when its input does not parse.
             * @enum {string}
             */
            onFailure?: "record" | "reject";
        };
        /**
         * @description How an invocation met its flow's contract. Body problems are at JSON paths into the body
         *     (`$.fields["requestor email"]`); header and query problems at `headers["x-request-id"]` and `query.source`.
         *     At most 20 problems are kept.
         */
        ContractResult: {
            ok: boolean;
            problems: components["schemas"]["Problem"][];
        };
        /** @description A flow in the config file, named by its alias. */
        ConfiguredFlow: components["schemas"]["FlowDefinition"] & {
            alias: components["schemas"]["Alias"];
        };
        /** @description The file given to `flowhook mock --config`: `{ "flows": [ { "alias": "...", "security": "public" } ] }`. */
        MockConfig: {
            flows: components["schemas"]["ConfiguredFlow"][];
            /** @description The OAuth clients of the mock's org authorization server to start with (restored on reset). */
            oauthClients?: components["schemas"]["OAuthClientDefinition"][];
        };
        /** @description A flow as the admin API returns it, with its defaults filled in; the client token is never shown. */
        Flow: {
            alias: components["schemas"]["Alias"];
            security: components["schemas"]["SecurityLevel"];
            /** @constant */
            clientToken?: "[REDACTED]";
            active: boolean;
            responses: components["schemas"]["FlowResponse"][];
            rateLimitPerSecond: number;
            allowedClients?: string[];
            contract?: components["schemas"]["FlowContract"];
            /** @description The URL to invoke it: `{base}/api/flo/{alias}/invoke`. */
            invokeUrl: string;
        };
        FlowList: {
            flows: components["schemas"]["Flow"][];
        };
        /**
         * @description How the credential came: `query` (clientToken), `header` (x-api-client-token), `path` (/api/flo/{clientToken}), `bearer` (Authorization).
         * @enum {string}
         */
        CredentialSource: "query" | "header" | "path" | "bearer";
        ExecutionAuth: {
            /** @description The flow's security level; null when no flow was found. */
            level: components["schemas"]["SecurityLevel"] | null;
            /** @description How the credential came; null when none was sent. */
            via: components["schemas"]["CredentialSource"] | null;
            /** @description Whether the flow's security level was satisfied. */
            valid: boolean;
            /** @description With `oauth2`: the client of the access token that was presented (its `cid`). */
            clientId?: string;
        };
        /**
         * @description `json`: parsed JSON. `form`: form-encoded fields. `text`: kept as text: not JSON; JSON that did not parse,
         *     that is nested more than 1,000 deep or longer than 1 MiB; or a truncated body. `empty`: no body.
         * @enum {string}
         */
        BodyKind: "json" | "form" | "text" | "empty";
        /**
         * @description `pending`: received, not answered yet. `answered`: a response of the flow was sent (including a
         *     `malformed` one). `refused`: the mock refused the call with Okta's error object. `closed`: the mock
         *     closed the connection without answering (`reset`, `empty`, `timeout`). `clientClosed`: the caller
         *     closed the connection before the mock answered.
         * @enum {string}
         */
        Outcome: "pending" | "answered" | "refused" | "closed" | "clientClosed";
        /** @description What the mock answered (the flow's output). */
        ExecutionResponse: {
            status: number;
            headers: {
                [key: string]: string;
            };
            /** @description The response body as text. */
            body: string;
        };
        /**
         * @description One request to an invoke path, accepted or refused. Credentials are recorded as `[REDACTED]`: a
         *     token in the path, and the value of every header and query parameter whose name says it carries
         *     one (`authorization`, `x-api-client-token`, `x-api-key`, `cookie`, `clientToken`, `api_key`, `sig`:
         *     a name with a part such as token, key, secret, auth, sig, password, cookie or session). The
         *     journal keeps at most the first 256 KiB of a body unless configured otherwise (`journalBodyBytes`).
         */
        Execution: {
            /** Format: uuid */
            executionId: string;
            /** @description The alias called; for the path form, the alias of the flow the token belongs to, or null when no flow has it. */
            alias: string | null;
            method: string;
            /** @description The path without the query string. */
            path: string;
            query: {
                [key: string]: string | string[];
            };
            headers: {
                [key: string]: string | string[];
            };
            bodyKind: components["schemas"]["BodyKind"];
            /** @description The body as the flow receives it: the JSON value, the form fields, the text, or null when empty. */
            body: unknown;
            /** @description The size of the body as it arrived, in bytes (for a body refused with 413, the bytes read before the refusal). */
            bodyBytes: number;
            /**
             * @description True when the journal kept less of the body than `bodyBytes`: the body was longer than the journal
             *     keeps of one execution (256 KiB unless configured). `body` is then the start of it, as text
             *     (`bodyKind` is `text`), cut at a character boundary.
             */
            truncated: boolean;
            /** Format: date-time */
            receivedAt: string;
            outcome: components["schemas"]["Outcome"];
            /** @description The status the mock answered; null when it sent no answer. */
            status: number | null;
            /** @description From receipt to the answer or the close; null while pending. */
            durationMs: number | null;
            auth: components["schemas"]["ExecutionAuth"];
            /** @description What the mock answered; null when it sent no answer. */
            response: components["schemas"]["ExecutionResponse"] | null;
            /** @description Which entry of the flow's `responses` applied; null when the call was refused. */
            responseIndex: number | null;
            /** @description The fault that applied (`timeout` also when a delay outlasted the invoke limit). */
            fault: components["schemas"]["Fault"] | null;
            /** @description What the mock did and why */
            explanation: string;
            /** @description Present when the flow has a `contract` and the invocation reached its responses. */
            contract?: components["schemas"]["ContractResult"];
        };
        ExecutionList: {
            executions: components["schemas"]["Execution"][];
            /**
             * @description How many executions the bounded journal has dropped (oldest first) since it was last emptied. It keeps
             *     the newest 10,000 executions and at most 64 MiB (bodies, URLs, headers and a fixed cost per execution),
             *     unless configured otherwise (`journalLimit`, `journalMaxBytes`).
             */
            dropped: number;
        };
        /**
         * @description Which executions to count, and how many there should be (WireMock's `verify`). An execution matches when
         *     every condition holds: its `alias`, and each field of `where`.
         */
        VerifyRequest: {
            /** @description Only executions of this flow. */
            alias?: string;
            /** @description Exactly this many, or a range; default `{ "atLeast": 1 }`. */
            count?: number | components["schemas"]["VerifyCount"];
            where?: components["schemas"]["VerifyConditions"];
            /** @description How many near misses to answer with when the matches fall short; default 3. */
            nearMisses?: number;
        };
        VerifyCount: {
            atLeast?: number;
            atMost?: number;
        };
        VerifyConditions: {
            /** @description GET or POST (any case). */
            method?: string;
            /** @description The status the mock answered; null for no answer. */
            status?: number | null;
            outcome?: components["schemas"]["Outcome"];
            /** @description Whether the flow's contract held; an execution without a contract check has none, and does not match. */
            contractOk?: boolean;
            /**
             * @description JSON paths into the body (`$.fields["requestor email"]`, `$.data.items[0].id`), each with the value it
             *     must equal (deep JSON equality).
             */
            body?: {
                [key: string]: unknown;
            };
            /** @description Request headers (names in any case) and the value each must equal; a repeated header as its values joined by ", ". */
            headers?: {
                [key: string]: string;
            };
            /** @description Query parameters and the value each must equal. */
            query?: {
                [key: string]: string;
            };
        };
        VerifyResult: {
            /** @description Whether the number of matching executions is within `expected`. */
            ok: boolean;
            /** @description What was expected and found, in one sentence: "expected exactly 2 executions of flow \"grants\" with status 200, found 1". */
            message: string;
            expected: {
                atLeast: number;
                /** @description null for no upper bound. */
                atMost: number | null;
            };
            /** @description The matching executions, oldest first. */
            matched: components["schemas"]["Execution"][];
            /**
             * @description When fewer executions matched than expected: the executions that came nearest, fewest unmet conditions
             *     first (the most recent first among equals), each with the conditions it missed. Empty otherwise.
             */
            nearMisses: components["schemas"]["NearMiss"][];
        };
        NearMiss: {
            execution: components["schemas"]["Execution"];
            missed: components["schemas"]["MissedCondition"][];
        };
        MissedCondition: {
            /** @description The condition: `alias`, `method`, `status`, `outcome`, `contractOk`, `body $.fields["requestor email"]`, `headers["x-request-id"]`, `query.source`. */
            field: string;
            /** @description The value the condition asks for. */
            expected: unknown;
            /** @description The execution's value; absent when it has none (a body path that is not there, a header not sent). */
            actual?: unknown;
        };
        /** @description Okta's error object. */
        OktaError: {
            /** @example E0000047 */
            errorCode: string;
            errorSummary: string;
            /** @description The same as `errorCode` */
            errorLink: string;
            /** @description A unique id of this error. */
            errorId: string;
            errorCauses: {
                errorSummary: string;
            }[];
        };
        Problem: {
            /** @description JSON path of the field, e.g. `$.responses[0].status`. */
            path: string;
            message: string;
        };
        AdminError: {
            /** @example FLOWHOOK_MOCK_FLOW_INVALID */
            code: string;
            /** @description What was wrong and where. */
            message: string;
            /** @description How to fix it. */
            hint?: string;
            details?: components["schemas"]["Problem"][];
        };
        WaitTimeout: components["schemas"]["AdminError"] & {
            executions: components["schemas"]["Execution"][];
        };
        /**
         * @description An OAuth client of the mock's org authorization server, like an Okta API Services app. Give exactly
         *     one credential: `jwks` or `publicKeyPem` (the public key of a `private_key_jwt` client, RSA or EC),
         *     or `clientSecret` (accepted with `client_secret_basic` and `client_secret_post`).
         */
        OAuthClientDefinition: {
            /** @description 1 to 256 printable ASCII characters, RFC 6749's VSCHAR (Okta's look like `0oa1b2c3d4E5F6g7h8i9`). */
            clientId: string;
            /** @description Public keys as a JWK set; with several keys, assertions must name theirs by `kid`. */
            jwks?: {
                keys: {
                    [key: string]: unknown;
                }[];
            };
            /** @description One public key as PEM text ("-----BEGIN PUBLIC KEY-----"). */
            publicKeyPem?: string;
            /**
             * @description With `publicKeyPem`: the key's id, like the KID Okta shows for an app's key. An assertion whose header
             *     names a `kid` is accepted only when it names this one, so set it when the sender signs with `key_id`.
             */
            keyId?: string;
            /** @description Never shown again by the admin API. */
            clientSecret?: string;
            /** @description The scopes granted to the client (Okta's "Okta API Scopes" tab), e.g. `okta.workflows.invoke.manage`. */
            scopes: string[];
            /** @description `expires_in` of this client's tokens; the mock's (3600 unless configured) when absent. */
            accessTokenLifetimeSec?: number;
            /** @description Like Okta's "Require DPoP" setting; the mock has no DPoP, so every token request is then refused with `invalid_dpop_proof`. */
            requireDpop?: boolean;
        };
        /** @description A registered client as the admin API shows it; a client secret is never shown. */
        OAuthClient: {
            clientId: string;
            tokenEndpointAuthMethods: ("private_key_jwt" | "client_secret_basic" | "client_secret_post")[];
            /** @description The registered public keys as JWKs. */
            publicKeys?: {
                [key: string]: unknown;
            }[];
            /** @constant */
            clientSecret?: "[REDACTED]";
            scopes: string[];
            accessTokenLifetimeSec: number;
            requireDpop: boolean;
            /** @description Token requests that named this client since it was registered or the mock was reset. */
            tokenRequests: number;
            /** @description Access tokens issued to this client since it was registered or the mock was reset. */
            tokensIssued: number;
        };
        OAuthClientList: {
            clients: components["schemas"]["OAuthClient"][];
        };
        TokenRequest: {
            /** @constant */
            grant_type: "client_credentials";
            /** @description Space-separated scopes. */
            scope?: string;
            /** @constant */
            client_assertion_type?: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
            /** @description The signed client assertion (`private_key_jwt`). */
            client_assertion?: string;
            client_id?: string;
            /** @description `client_secret_post` only. */
            client_secret?: string;
        };
        TokenResponse: {
            /** @constant */
            token_type: "Bearer";
            /** @description Seconds; 3600 unless configured. */
            expires_in: number;
            /**
             * @description An RS256 JWT like Okta's org tokens: header `kid`; claims `ver`, `jti`, `iss` (the mock's base
             *     URL), `aud` (the same), `sub` = `cid` = the client id, `scp` (array), `iat`, `exp`.
             */
            access_token: string;
            scope: string;
        };
        OAuthError: {
            /** @example invalid_client */
            error: string;
            /** @example The client_assertion token is expired. */
            error_description: string;
        };
        JsonWebKeySet: {
            keys: {
                [key: string]: unknown;
            }[];
        };
        AuthorizationServerMetadata: {
            issuer: string;
            token_endpoint: string;
            jwks_uri: string;
            grant_types_supported?: string[];
            token_endpoint_auth_methods_supported?: string[];
            token_endpoint_auth_signing_alg_values_supported?: string[];
            scopes_supported?: string[];
        };
    };
    responses: {
        /**
         * @description The mock was started with an admin token and the request did not carry it as
         *     `Authorization: Bearer <admin token>` (`FLOWHOOK_UNAUTHENTICATED`, with `WWW-Authenticate: Bearer`).
         */
        AdminUnauthenticated: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["AdminError"];
            };
        };
        /** @description A write (POST, PUT, PATCH, DELETE) whose `Origin` is not the mock's own (`FLOWHOOK_ORIGIN_REFUSED`). */
        OriginRefused: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["AdminError"];
            };
        };
        /**
         * @description The `Host` header is not a name the admin API and web UI answer to (`FLOWHOOK_HOST_REFUSED`):
         *     localhost, 127.0.0.1 and [::1] with any port, the host the mock listens on, and `--allowed-host`.
         */
        HostRefused: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["AdminError"];
            };
        };
        /** @description A refusal in Okta's error shape (see the table above). */
        OktaRefusal: {
            headers: {
                "x-execution-id": components["headers"]["ExecutionId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["OktaError"];
            };
        };
        /** @description The request was refused; the body says what, where and how to fix it. */
        AdminError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["AdminError"];
            };
        };
    };
    parameters: {
        /** @description The flow's alias (Okta's are 32 hex characters; the mock accepts letters, digits and `-._~`, up to 128). */
        Alias: components["schemas"]["Alias"];
        /** @description The client token of a `clientToken` flow. Send it here or in `x-api-client-token`, not both. */
        ClientTokenQuery: string;
        /** @description The client token of a `clientToken` flow. Send it here or as `clientToken` query parameter, not both. */
        ClientTokenHeader: string;
    };
    requestBodies: {
        /**
         * @description What the flow receives. JSON bodies are parsed; `application/x-www-form-urlencoded` bodies become
         *     fields; anything else (or JSON that does not parse) is kept as text, and the record says which.
         */
        InvokeBody: {
            content: {
                "application/json": unknown;
                "application/x-www-form-urlencoded": Record<string, never>;
                "text/plain": string;
            };
        };
    };
    headers: {
        /** @description The id of this execution (a UUID); the journal record has it as `executionId`. */
        ExecutionId: string;
        /** @description The flow's invocations per second; absent when the flow has no rate limit. */
        RateLimitLimit: number;
        /** @description Invocations left in the current second. */
        RateLimitRemaining: number;
        /** @description When the current window ends, in UTC epoch seconds. */
        RateLimitReset: number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    invokeFlow: {
        parameters: {
            query?: {
                /** @description The client token of a `clientToken` flow. Send it here or in `x-api-client-token`, not both. */
                clientToken?: components["parameters"]["ClientTokenQuery"];
            };
            header?: {
                /** @description The client token of a `clientToken` flow. Send it here or as `clientToken` query parameter, not both. */
                "x-api-client-token"?: components["parameters"]["ClientTokenHeader"];
            };
            path: {
                /** @description The flow's alias (Okta's are 32 hex characters; the mock accepts letters, digits and `-._~`, up to 128). */
                alias: components["parameters"]["Alias"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /**
             * @description The flow's configured answer: a Return (JSON object) or a Return Raw (status 200 or 400–599,
             *     headers, text body). Responses of a flow are used in order; the last one repeats.
             */
            200: {
                headers: {
                    "x-execution-id": components["headers"]["ExecutionId"];
                    "X-Rate-Limit-Limit": components["headers"]["RateLimitLimit"];
                    "X-Rate-Limit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-Rate-Limit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["OktaRefusal"];
            401: components["responses"]["OktaRefusal"];
            403: components["responses"]["OktaRefusal"];
            404: components["responses"]["OktaRefusal"];
            405: components["responses"]["OktaRefusal"];
            413: components["responses"]["OktaRefusal"];
            429: components["responses"]["OktaRefusal"];
        };
    };
    invokeFlowWithBody: {
        parameters: {
            query?: {
                /** @description The client token of a `clientToken` flow. Send it here or in `x-api-client-token`, not both. */
                clientToken?: components["parameters"]["ClientTokenQuery"];
            };
            header?: {
                /** @description The client token of a `clientToken` flow. Send it here or as `clientToken` query parameter, not both. */
                "x-api-client-token"?: components["parameters"]["ClientTokenHeader"];
            };
            path: {
                /** @description The flow's alias (Okta's are 32 hex characters; the mock accepts letters, digits and `-._~`, up to 128). */
                alias: components["parameters"]["Alias"];
            };
            cookie?: never;
        };
        requestBody?: components["requestBodies"]["InvokeBody"];
        responses: {
            /**
             * @description The flow's configured answer: a Return (JSON object) or a Return Raw (status 200 or 400–599,
             *     headers, text body). Responses of a flow are used in order; the last one repeats.
             */
            200: {
                headers: {
                    "x-execution-id": components["headers"]["ExecutionId"];
                    "X-Rate-Limit-Limit": components["headers"]["RateLimitLimit"];
                    "X-Rate-Limit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-Rate-Limit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["OktaRefusal"];
            401: components["responses"]["OktaRefusal"];
            403: components["responses"]["OktaRefusal"];
            404: components["responses"]["OktaRefusal"];
            405: components["responses"]["OktaRefusal"];
            413: components["responses"]["OktaRefusal"];
            429: components["responses"]["OktaRefusal"];
        };
    };
    invokeFlowByToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client token of a `clientToken` flow (the shorter form Apono's guide uses). */
                clientToken: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /**
             * @description The flow's configured answer: a Return (JSON object) or a Return Raw (status 200 or 400–599,
             *     headers, text body). Responses of a flow are used in order; the last one repeats.
             */
            200: {
                headers: {
                    "x-execution-id": components["headers"]["ExecutionId"];
                    "X-Rate-Limit-Limit": components["headers"]["RateLimitLimit"];
                    "X-Rate-Limit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-Rate-Limit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["OktaRefusal"];
            401: components["responses"]["OktaRefusal"];
            403: components["responses"]["OktaRefusal"];
            404: components["responses"]["OktaRefusal"];
            405: components["responses"]["OktaRefusal"];
            413: components["responses"]["OktaRefusal"];
            429: components["responses"]["OktaRefusal"];
        };
    };
    invokeFlowByTokenWithBody: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client token of a `clientToken` flow (the shorter form Apono's guide uses). */
                clientToken: string;
            };
            cookie?: never;
        };
        requestBody?: components["requestBodies"]["InvokeBody"];
        responses: {
            /**
             * @description The flow's configured answer: a Return (JSON object) or a Return Raw (status 200 or 400–599,
             *     headers, text body). Responses of a flow are used in order; the last one repeats.
             */
            200: {
                headers: {
                    "x-execution-id": components["headers"]["ExecutionId"];
                    "X-Rate-Limit-Limit": components["headers"]["RateLimitLimit"];
                    "X-Rate-Limit-Remaining": components["headers"]["RateLimitRemaining"];
                    "X-Rate-Limit-Reset": components["headers"]["RateLimitReset"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["OktaRefusal"];
            401: components["responses"]["OktaRefusal"];
            403: components["responses"]["OktaRefusal"];
            404: components["responses"]["OktaRefusal"];
            405: components["responses"]["OktaRefusal"];
            413: components["responses"]["OktaRefusal"];
            429: components["responses"]["OktaRefusal"];
        };
    };
    listFlows: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every flow, by alias. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlowList"];
                };
            };
            401: components["responses"]["AdminUnauthenticated"];
            421: components["responses"]["HostRefused"];
        };
    };
    getFlow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The flow's alias (Okta's are 32 hex characters; the mock accepts letters, digits and `-._~`, up to 128). */
                alias: components["parameters"]["Alias"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The flow. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Flow"];
                };
            };
            401: components["responses"]["AdminUnauthenticated"];
            404: components["responses"]["AdminError"];
            421: components["responses"]["HostRefused"];
        };
    };
    putFlow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The flow's alias (Okta's are 32 hex characters; the mock accepts letters, digits and `-._~`, up to 128). */
                alias: components["parameters"]["Alias"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FlowDefinition"];
            };
        };
        responses: {
            /** @description The flow was replaced. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Flow"];
                };
            };
            /** @description The flow was created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Flow"];
                };
            };
            /** @description The definition breaks a rule; `details` names each field. The flow set is unchanged. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminError"];
                };
            };
            401: components["responses"]["AdminUnauthenticated"];
            403: components["responses"]["OriginRefused"];
            421: components["responses"]["HostRefused"];
        };
    };
    deleteFlow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The flow's alias (Okta's are 32 hex characters; the mock accepts letters, digits and `-._~`, up to 128). */
                alias: components["parameters"]["Alias"];
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
            401: components["responses"]["AdminUnauthenticated"];
            403: components["responses"]["OriginRefused"];
            404: components["responses"]["AdminError"];
            421: components["responses"]["HostRefused"];
        };
    };
    listExecutions: {
        parameters: {
            query?: {
                /** @description Only executions of this flow. */
                alias?: string;
                /** @description Only executions the mock answered with this status. */
                status?: number;
                /** @description Only the most recent `limit` matching executions (still oldest first). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The matching executions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionList"];
                };
            };
            400: components["responses"]["AdminError"];
            401: components["responses"]["AdminUnauthenticated"];
            421: components["responses"]["HostRefused"];
        };
    };
    clearExecutions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Emptied; the dropped count restarts at 0. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["AdminUnauthenticated"];
            403: components["responses"]["OriginRefused"];
            421: components["responses"]["HostRefused"];
        };
    };
    waitForExecutions: {
        parameters: {
            query?: {
                /** @description Only executions of this flow. */
                alias?: string;
                /** @description Only executions the mock answered with this status. */
                status?: number;
                /** @description How many matching executions to wait for. */
                count?: number;
                /** @description How long to wait. */
                timeoutMs?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description At least `count` matching executions exist; all of them */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionList"];
                };
            };
            400: components["responses"]["AdminError"];
            401: components["responses"]["AdminUnauthenticated"];
            /** @description The time ran out first; `executions` holds those that did match. */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WaitTimeout"];
                };
            };
            421: components["responses"]["HostRefused"];
        };
    };
    verifyExecutions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VerifyRequest"];
            };
        };
        responses: {
            /** @description The verdict. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifyResult"];
                };
            };
            400: components["responses"]["AdminError"];
            401: components["responses"]["AdminUnauthenticated"];
            403: components["responses"]["OriginRefused"];
            421: components["responses"]["HostRefused"];
        };
    };
    reset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Reset. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["AdminUnauthenticated"];
            403: components["responses"]["OriginRefused"];
            421: components["responses"]["HostRefused"];
        };
    };
    requestToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            /** @description An access token (an RS256 JWT shaped like Okta's org tokens). */
            200: {
                headers: {
                    "Cache-Control"?: "no-store";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            /** @description The request is refused (`invalid_request`, `invalid_scope`, `unsupported_grant_type`, `invalid_dpop_proof`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            /** @description The client is unknown or did not authenticate (`invalid_client`); with Basic credentials the answer carries `WWW-Authenticate`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
        };
    };
    getKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key set. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JsonWebKeySet"];
                };
            };
        };
    };
    getAuthorizationServerMetadata: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metadata. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthorizationServerMetadata"];
                };
            };
        };
    };
    listOAuthClients: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every client. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthClientList"];
                };
            };
            401: components["responses"]["AdminUnauthenticated"];
            421: components["responses"]["HostRefused"];
        };
    };
    registerOAuthClient: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OAuthClientDefinition"];
            };
        };
        responses: {
            /** @description Registered. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthClient"];
                };
            };
            /** @description The definition breaks a rule (FLOWHOOK_MOCK_CLIENT_INVALID); `details` names each field. Nothing changed. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminError"];
                };
            };
            401: components["responses"]["AdminUnauthenticated"];
            403: components["responses"]["OriginRefused"];
            /** @description A client with this `clientId` exists (FLOWHOOK_CONFLICT); delete it first. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminError"];
                };
            };
            421: components["responses"]["HostRefused"];
        };
    };
    getOAuthClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthClient"];
                };
            };
            401: components["responses"]["AdminUnauthenticated"];
            404: components["responses"]["AdminError"];
            421: components["responses"]["HostRefused"];
        };
    };
    deleteOAuthClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["AdminUnauthenticated"];
            403: components["responses"]["OriginRefused"];
            404: components["responses"]["AdminError"];
            421: components["responses"]["HostRefused"];
        };
    };
}
