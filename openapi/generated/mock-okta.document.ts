// Generated from openapi/mock-okta.yaml by `npm run gen`. Do not edit.

export const document: Readonly<Record<string, unknown>> = {
  "openapi": "3.1.0",
  "info": {
    "title": "flowhook mock Okta Workflows",
    "version": "0.1.0",
    "description": "A mock of Okta Workflows API Endpoint flows for tests and demos: Okta's invoke paths, security levels,\nReturn/Return Raw answers, the 60 s connection limit and the per-flow rate limit, plus a capture and\nadmin API under `/__admin` (camelCase JSON).\n\nWhere Okta's public documentation is silent, the mock makes these choices:\n\n| Situation | Status | `errorCode` |\n|---|---|---|\n| Path under `/api/flo/` that is neither `{alias}/invoke` nor `{clientToken}`, or unknown alias/token | 404 | E0000007 |\n| Method other than GET or POST (answer carries `Allow: GET, POST`) | 405 | E0000022 |\n| Client token sent both as `clientToken` query parameter and `x-api-client-token` header (or beside the short path form) | 400 | E0000001 |\n| Client token missing or wrong; `oauth2` flow without a valid bearer token (answer carries `WWW-Authenticate: Bearer`) | 401 | E0000011 |\n| `oauth2` flow: token without `okta.workflows.invoke.manage`, or of a client not in `allowedClients` (with `WWW-Authenticate: Bearer … error=\"insufficient_scope\"`) | 403 | E0000006 |\n| Flow switched off (`active: false`) | 403 | E0000006 |\n| More invocations in one second than the flow's `rateLimitPerSecond` | 429 | E0000047 |\n| Request body larger than the mock's body limit (1 MiB unless configured) | 413 | E0000001 |\n\nThe checks run in that order (path, method, credential, active, rate limit), so a caller without the\ncredential cannot learn whether a flow is on. Every refusal has Okta's error object as its body.\nEvery answer of an invoke path carries the execution id in `x-execution-id` (a UUID, also the\n`executionId` of the journal record). A flow's answer waits at most the invoke limit (60 s unless\nconfigured); when that runs out the mock closes the connection without answering, as Okta does.\n\nThe admin API under `/__admin` and the web UI at `/` answer only to the mock's own names: a `Host`\nother than localhost, 127.0.0.1, [::1] (any port), the host it listens on or an `--allowed-host` gets\n421, so a name rebound to 127.0.0.1 (DNS rebinding) reads nothing; a write with an `Origin` other than\nthe mock's own gets 403, so a page on another site cannot post to `/__admin/reset`; and with an admin\ntoken every `/__admin` request needs `Authorization: Bearer <admin token>` (401 without). The invoke\npaths and the authorization server answer any `Host` and `Origin`, as Okta's do: callers reach the\nmock by whatever name a container network gives it.\n"
  },
  "paths": {
    "/api/flo/{alias}/invoke": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Alias"
        },
        {
          "$ref": "#/components/parameters/ClientTokenQuery"
        },
        {
          "$ref": "#/components/parameters/ClientTokenHeader"
        }
      ],
      "get": {
        "summary": "Invoke a flow by its alias",
        "operationId": "invokeFlow",
        "responses": {
          "200": {
            "description": "The flow's configured answer: a Return (JSON object) or a Return Raw (status 200 or 400–599,\nheaders, text body). Responses of a flow are used in order; the last one repeats.\n",
            "headers": {
              "x-execution-id": {
                "$ref": "#/components/headers/ExecutionId"
              },
              "X-Rate-Limit-Limit": {
                "$ref": "#/components/headers/RateLimitLimit"
              },
              "X-Rate-Limit-Remaining": {
                "$ref": "#/components/headers/RateLimitRemaining"
              },
              "X-Rate-Limit-Reset": {
                "$ref": "#/components/headers/RateLimitReset"
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "401": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "403": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "404": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "405": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "413": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "429": {
            "$ref": "#/components/responses/OktaRefusal"
          }
        }
      },
      "post": {
        "summary": "Invoke a flow by its alias, with a JSON, form-encoded, text or empty body",
        "operationId": "invokeFlowWithBody",
        "requestBody": {
          "$ref": "#/components/requestBodies/InvokeBody"
        },
        "responses": {
          "200": {
            "description": "The flow's configured answer: a Return (JSON object) or a Return Raw (status 200 or 400–599,\nheaders, text body). Responses of a flow are used in order; the last one repeats.\n",
            "headers": {
              "x-execution-id": {
                "$ref": "#/components/headers/ExecutionId"
              },
              "X-Rate-Limit-Limit": {
                "$ref": "#/components/headers/RateLimitLimit"
              },
              "X-Rate-Limit-Remaining": {
                "$ref": "#/components/headers/RateLimitRemaining"
              },
              "X-Rate-Limit-Reset": {
                "$ref": "#/components/headers/RateLimitReset"
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "401": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "403": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "404": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "405": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "413": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "429": {
            "$ref": "#/components/responses/OktaRefusal"
          }
        }
      }
    },
    "/api/flo/{clientToken}": {
      "parameters": [
        {
          "name": "clientToken",
          "in": "path",
          "required": true,
          "description": "The client token of a `clientToken` flow (the shorter form Apono's guide uses).",
          "schema": {
            "type": "string"
          }
        }
      ],
      "get": {
        "summary": "Invoke the flow whose client token is in the path",
        "operationId": "invokeFlowByToken",
        "responses": {
          "200": {
            "description": "The flow's configured answer: a Return (JSON object) or a Return Raw (status 200 or 400–599,\nheaders, text body). Responses of a flow are used in order; the last one repeats.\n",
            "headers": {
              "x-execution-id": {
                "$ref": "#/components/headers/ExecutionId"
              },
              "X-Rate-Limit-Limit": {
                "$ref": "#/components/headers/RateLimitLimit"
              },
              "X-Rate-Limit-Remaining": {
                "$ref": "#/components/headers/RateLimitRemaining"
              },
              "X-Rate-Limit-Reset": {
                "$ref": "#/components/headers/RateLimitReset"
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "401": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "403": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "404": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "405": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "413": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "429": {
            "$ref": "#/components/responses/OktaRefusal"
          }
        }
      },
      "post": {
        "summary": "Invoke the flow whose client token is in the path, with a body",
        "operationId": "invokeFlowByTokenWithBody",
        "requestBody": {
          "$ref": "#/components/requestBodies/InvokeBody"
        },
        "responses": {
          "200": {
            "description": "The flow's configured answer: a Return (JSON object) or a Return Raw (status 200 or 400–599,\nheaders, text body). Responses of a flow are used in order; the last one repeats.\n",
            "headers": {
              "x-execution-id": {
                "$ref": "#/components/headers/ExecutionId"
              },
              "X-Rate-Limit-Limit": {
                "$ref": "#/components/headers/RateLimitLimit"
              },
              "X-Rate-Limit-Remaining": {
                "$ref": "#/components/headers/RateLimitRemaining"
              },
              "X-Rate-Limit-Reset": {
                "$ref": "#/components/headers/RateLimitReset"
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "401": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "403": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "404": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "405": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "413": {
            "$ref": "#/components/responses/OktaRefusal"
          },
          "429": {
            "$ref": "#/components/responses/OktaRefusal"
          }
        }
      }
    },
    "/__admin/flows": {
      "get": {
        "summary": "List the flows",
        "operationId": "listFlows",
        "security": [
          {},
          {
            "adminToken": []
          }
        ],
        "responses": {
          "200": {
            "description": "Every flow, by alias.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/FlowList"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/AdminUnauthenticated"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      }
    },
    "/__admin/flows/{alias}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Alias"
        }
      ],
      "get": {
        "summary": "Read one flow",
        "operationId": "getFlow",
        "security": [
          {},
          {
            "adminToken": []
          }
        ],
        "responses": {
          "200": {
            "description": "The flow.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Flow"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/AdminUnauthenticated"
          },
          "404": {
            "$ref": "#/components/responses/AdminError"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      },
      "put": {
        "summary": "Create or replace a flow",
        "description": "Replacing a flow restarts its response sequence and its rate-limit window. A `clientToken` of\n`[REDACTED]`, as `GET` shows it, keeps the flow's stored token, so a flow can be changed without\nits token; when the flow has none, the answer is 400 naming `$.clientToken`.\n",
        "operationId": "putFlow",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/FlowDefinition"
              }
            }
          }
        },
        "security": [
          {},
          {
            "adminToken": []
          }
        ],
        "responses": {
          "200": {
            "description": "The flow was replaced.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Flow"
                }
              }
            }
          },
          "201": {
            "description": "The flow was created.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Flow"
                }
              }
            }
          },
          "400": {
            "description": "The definition breaks a rule; `details` names each field. The flow set is unchanged.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AdminError"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/AdminUnauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/OriginRefused"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      },
      "delete": {
        "summary": "Delete a flow",
        "operationId": "deleteFlow",
        "security": [
          {},
          {
            "adminToken": []
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "401": {
            "$ref": "#/components/responses/AdminUnauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/OriginRefused"
          },
          "404": {
            "$ref": "#/components/responses/AdminError"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      }
    },
    "/__admin/executions": {
      "get": {
        "summary": "List recorded executions, oldest first",
        "operationId": "listExecutions",
        "parameters": [
          {
            "name": "alias",
            "in": "query",
            "schema": {
              "type": "string"
            },
            "description": "Only executions of this flow."
          },
          {
            "name": "status",
            "in": "query",
            "schema": {
              "type": "integer"
            },
            "description": "Only executions the mock answered with this status."
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1
            },
            "description": "Only the most recent `limit` matching executions (still oldest first)."
          }
        ],
        "security": [
          {},
          {
            "adminToken": []
          }
        ],
        "responses": {
          "200": {
            "description": "The matching executions.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ExecutionList"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/AdminError"
          },
          "401": {
            "$ref": "#/components/responses/AdminUnauthenticated"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      },
      "delete": {
        "summary": "Empty the journal",
        "operationId": "clearExecutions",
        "security": [
          {},
          {
            "adminToken": []
          }
        ],
        "responses": {
          "204": {
            "description": "Emptied; the dropped count restarts at 0."
          },
          "401": {
            "$ref": "#/components/responses/AdminUnauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/OriginRefused"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      }
    },
    "/__admin/executions/wait": {
      "get": {
        "summary": "Wait until a number of matching executions have been recorded",
        "operationId": "waitForExecutions",
        "parameters": [
          {
            "name": "alias",
            "in": "query",
            "schema": {
              "type": "string"
            },
            "description": "Only executions of this flow."
          },
          {
            "name": "status",
            "in": "query",
            "schema": {
              "type": "integer"
            },
            "description": "Only executions the mock answered with this status."
          },
          {
            "name": "count",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "default": 1
            },
            "description": "How many matching executions to wait for."
          },
          {
            "name": "timeoutMs",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 0,
              "maximum": 120000,
              "default": 5000
            },
            "description": "How long to wait."
          }
        ],
        "security": [
          {},
          {
            "adminToken": []
          }
        ],
        "responses": {
          "200": {
            "description": "At least `count` matching executions exist; all of them",
            "oldest first.": null,
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ExecutionList"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/AdminError"
          },
          "401": {
            "$ref": "#/components/responses/AdminUnauthenticated"
          },
          "408": {
            "description": "The time ran out first; `executions` holds those that did match.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WaitTimeout"
                }
              }
            }
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      }
    },
    "/__admin/executions/verify": {
      "post": {
        "summary": "Count the executions that match, against an expected number, and explain the near misses",
        "description": "Answers at once, from the journal as it is (wait first with `/__admin/executions/wait` when the calls may\nstill be under way). `ok` says whether the count is as expected; whether or not it is, the answer is 200.\n",
        "operationId": "verifyExecutions",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/VerifyRequest"
              }
            }
          }
        },
        "security": [
          {},
          {
            "adminToken": []
          }
        ],
        "responses": {
          "200": {
            "description": "The verdict.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/VerifyResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/AdminError"
          },
          "401": {
            "$ref": "#/components/responses/AdminUnauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/OriginRefused"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      }
    },
    "/__admin/reset": {
      "post": {
        "summary": "Restore the flows and OAuth clients the mock started with and empty the journal",
        "operationId": "reset",
        "security": [
          {},
          {
            "adminToken": []
          }
        ],
        "responses": {
          "204": {
            "description": "Reset."
          },
          "401": {
            "$ref": "#/components/responses/AdminUnauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/OriginRefused"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      }
    },
    "/oauth2/v1/token": {
      "post": {
        "summary": "Get an access token with the client credentials grant (the org authorization server's token endpoint)",
        "description": "Okta's org authorization server as Workflows callers use it: `grant_type=client_credentials` with a\n`scope`, the client authenticated with `private_key_jwt` (`client_assertion_type` +\n`client_assertion`), `client_secret_basic` or `client_secret_post`. A client assertion must be\nsigned by a registered key (the header's `kid` picks it), have `iss` = `sub` = the client id and\n`aud` = this endpoint's URL, not be expired, expire at most 1 hour ahead, and not reuse a `jti`.\nEvery refusal is `{ error, error_description }`: 401 `invalid_client`, 400 `invalid_request`,\n`invalid_scope`, `unsupported_grant_type` or `invalid_dpop_proof`.\n",
        "operationId": "requestToken",
        "requestBody": {
          "required": true,
          "content": {
            "application/x-www-form-urlencoded": {
              "schema": {
                "$ref": "#/components/schemas/TokenRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "An access token (an RS256 JWT shaped like Okta's org tokens).",
            "headers": {
              "Cache-Control": {
                "schema": {
                  "type": "string",
                  "const": "no-store"
                }
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TokenResponse"
                }
              }
            }
          },
          "400": {
            "description": "The request is refused (`invalid_request`, `invalid_scope`, `unsupported_grant_type`, `invalid_dpop_proof`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/OAuthError"
                }
              }
            }
          },
          "401": {
            "description": "The client is unknown or did not authenticate (`invalid_client`); with Basic credentials the answer carries `WWW-Authenticate`.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/OAuthError"
                }
              }
            }
          }
        }
      }
    },
    "/oauth2/v1/keys": {
      "get": {
        "summary": "The public keys that sign access tokens (JWKS)",
        "operationId": "getKeys",
        "responses": {
          "200": {
            "description": "The key set.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/JsonWebKeySet"
                }
              }
            }
          }
        }
      }
    },
    "/.well-known/oauth-authorization-server": {
      "get": {
        "summary": "The authorization server's metadata (RFC 8414); the issuer is the mock's base URL",
        "operationId": "getAuthorizationServerMetadata",
        "responses": {
          "200": {
            "description": "The metadata.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AuthorizationServerMetadata"
                }
              }
            }
          }
        }
      }
    },
    "/__admin/oauth/clients": {
      "get": {
        "summary": "List the OAuth clients, with their token request counts",
        "operationId": "listOAuthClients",
        "security": [
          {},
          {
            "adminToken": []
          }
        ],
        "responses": {
          "200": {
            "description": "Every client.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/OAuthClientList"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/AdminUnauthenticated"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      },
      "post": {
        "summary": "Register an OAuth client (an Okta API Services app)",
        "operationId": "registerOAuthClient",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/OAuthClientDefinition"
              }
            }
          }
        },
        "security": [
          {},
          {
            "adminToken": []
          }
        ],
        "responses": {
          "201": {
            "description": "Registered.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/OAuthClient"
                }
              }
            }
          },
          "400": {
            "description": "The definition breaks a rule (FLOWHOOK_MOCK_CLIENT_INVALID); `details` names each field. Nothing changed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AdminError"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/AdminUnauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/OriginRefused"
          },
          "409": {
            "description": "A client with this `clientId` exists (FLOWHOOK_CONFLICT); delete it first.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AdminError"
                }
              }
            }
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      }
    },
    "/__admin/oauth/clients/{clientId}": {
      "parameters": [
        {
          "name": "clientId",
          "in": "path",
          "required": true,
          "schema": {
            "type": "string"
          }
        }
      ],
      "get": {
        "summary": "Read one OAuth client",
        "operationId": "getOAuthClient",
        "security": [
          {},
          {
            "adminToken": []
          }
        ],
        "responses": {
          "200": {
            "description": "The client.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/OAuthClient"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/AdminUnauthenticated"
          },
          "404": {
            "$ref": "#/components/responses/AdminError"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      },
      "delete": {
        "summary": "Revoke an OAuth client",
        "description": "The client can get no more tokens, and the tokens it holds are refused by `oauth2` flows from now on.",
        "operationId": "deleteOAuthClient",
        "security": [
          {},
          {
            "adminToken": []
          }
        ],
        "responses": {
          "204": {
            "description": "Revoked."
          },
          "401": {
            "$ref": "#/components/responses/AdminUnauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/OriginRefused"
          },
          "404": {
            "$ref": "#/components/responses/AdminError"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "adminToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "Only when the mock was started with one (`flowhook mock --admin-token`, `FLOWHOOK_MOCK_ADMIN_TOKEN`,\noption `adminToken`): then every `/__admin` request needs it. Without one, `/__admin` is open to\nwhoever passes the Host and Origin checks.\n"
      }
    },
    "parameters": {
      "Alias": {
        "name": "alias",
        "in": "path",
        "required": true,
        "description": "The flow's alias (Okta's are 32 hex characters; the mock accepts letters, digits and `-._~`, up to 128).",
        "schema": {
          "$ref": "#/components/schemas/Alias"
        }
      },
      "ClientTokenQuery": {
        "name": "clientToken",
        "in": "query",
        "description": "The client token of a `clientToken` flow. Send it here or in `x-api-client-token`, not both.",
        "schema": {
          "type": "string"
        }
      },
      "ClientTokenHeader": {
        "name": "x-api-client-token",
        "in": "header",
        "description": "The client token of a `clientToken` flow. Send it here or as `clientToken` query parameter, not both.",
        "schema": {
          "type": "string"
        }
      }
    },
    "headers": {
      "ExecutionId": {
        "description": "The id of this execution (a UUID); the journal record has it as `executionId`.",
        "schema": {
          "type": "string",
          "format": "uuid"
        }
      },
      "RateLimitLimit": {
        "description": "The flow's invocations per second; absent when the flow has no rate limit.",
        "schema": {
          "type": "integer"
        }
      },
      "RateLimitRemaining": {
        "description": "Invocations left in the current second.",
        "schema": {
          "type": "integer"
        }
      },
      "RateLimitReset": {
        "description": "When the current window ends, in UTC epoch seconds.",
        "schema": {
          "type": "integer"
        }
      }
    },
    "requestBodies": {
      "InvokeBody": {
        "description": "What the flow receives. JSON bodies are parsed; `application/x-www-form-urlencoded` bodies become\nfields; anything else (or JSON that does not parse) is kept as text, and the record says which.\n",
        "content": {
          "application/json": {
            "schema": {}
          },
          "application/x-www-form-urlencoded": {
            "schema": {
              "type": "object"
            }
          },
          "text/plain": {
            "schema": {
              "type": "string"
            }
          }
        }
      }
    },
    "responses": {
      "AdminUnauthenticated": {
        "description": "The mock was started with an admin token and the request did not carry it as\n`Authorization: Bearer <admin token>` (`FLOWHOOK_UNAUTHENTICATED`, with `WWW-Authenticate: Bearer`).\n",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/AdminError"
            }
          }
        }
      },
      "OriginRefused": {
        "description": "A write (POST, PUT, PATCH, DELETE) whose `Origin` is not the mock's own (`FLOWHOOK_ORIGIN_REFUSED`).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/AdminError"
            }
          }
        }
      },
      "HostRefused": {
        "description": "The `Host` header is not a name the admin API and web UI answer to (`FLOWHOOK_HOST_REFUSED`):\nlocalhost, 127.0.0.1 and [::1] with any port, the host the mock listens on, and `--allowed-host`.\n",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/AdminError"
            }
          }
        }
      },
      "OktaRefusal": {
        "description": "A refusal in Okta's error shape (see the table above).",
        "headers": {
          "x-execution-id": {
            "$ref": "#/components/headers/ExecutionId"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/OktaError"
            }
          }
        }
      },
      "AdminError": {
        "description": "The request was refused; the body says what, where and how to fix it.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/AdminError"
            }
          }
        }
      }
    },
    "schemas": {
      "Alias": {
        "type": "string",
        "pattern": "^[A-Za-z0-9._~-]{1,128}$"
      },
      "SecurityLevel": {
        "type": "string",
        "description": "`public`: nothing needed. `clientToken`: the flow's token as `clientToken` query parameter or\n`x-api-client-token` header (not both), or in the path (`/api/flo/{clientToken}`). `oauth2`: an\n`Authorization: Bearer` access token from the mock's org authorization server (`/oauth2/v1/token`)\nthat has not expired, whose client is still registered, with the scope `okta.workflows.invoke.manage`\nand, when the flow lists `allowedClients`, of one of those clients.\n",
        "enum": [
          "public",
          "clientToken",
          "oauth2"
        ]
      },
      "Fault": {
        "type": "string",
        "description": "`reset`: the connection is reset (TCP RST) without an answer. `empty`: the connection is closed\nwithout any response bytes. `malformed`: status (default 200) with `content-type: application/json`\nand the first half of the body's text, so it does not parse. `timeout`: no answer; the connection\nis closed when the invoke limit runs out.\n",
        "enum": [
          "reset",
          "empty",
          "malformed",
          "timeout"
        ]
      },
      "FlowResponse": {
        "type": "object",
        "additionalProperties": false,
        "description": "One answer of a flow, modelled on Okta's cards. A Return card is `{ body: {...} }` (200 with a JSON\nobject); a Return Raw card sets `status` (200 or 400–599), `headers` and a text `body`.\n",
        "properties": {
          "status": {
            "type": "integer",
            "minimum": 200,
            "maximum": 599,
            "description": "200 (the default) or 400–599, the statuses Okta's Return Raw card allows."
          },
          "headers": {
            "type": "object",
            "description": "Extra response headers, merged over the mock's (`content-type` may be replaced). `content-length`,\n`transfer-encoding`, `connection`, `keep-alive`, `upgrade` and `x-execution-id` are the mock's own.\n",
            "additionalProperties": {
              "type": "string"
            }
          },
          "body": {
            "description": "An object is sent as JSON (`application/json`); a string is sent as it is (`text/plain` unless\n`headers` says otherwise). Absent: `{}`.\n",
            "oneOf": [
              {
                "type": "object",
                "additionalProperties": true
              },
              {
                "type": "string"
              }
            ]
          },
          "delayMs": {
            "type": "integer",
            "minimum": 0,
            "maximum": 600000,
            "description": "Wait this long before answering (or applying the fault); default 0. Past the invoke limit the connection is closed instead."
          },
          "fault": {
            "$ref": "#/components/schemas/Fault"
          }
        }
      },
      "FlowDefinition": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "security"
        ],
        "description": "A flow as the admin API and the config file take it.",
        "properties": {
          "alias": {
            "$ref": "#/components/schemas/Alias",
            "description": "Optional in `PUT /__admin/flows/{alias}` (must then equal the path's); required in the config file."
          },
          "security": {
            "$ref": "#/components/schemas/SecurityLevel"
          },
          "clientToken": {
            "type": "string",
            "pattern": "^[A-Za-z0-9._~-]{1,256}$",
            "description": "Required for (and only for) the `clientToken` level; unique across flows. In `PUT /__admin/flows/{alias}`, `[REDACTED]` keeps the stored token."
          },
          "active": {
            "type": "boolean",
            "description": "A flow that is off refuses every invocation with 403. Default: true."
          },
          "responses": {
            "type": "array",
            "minItems": 1,
            "maxItems": 1000,
            "items": {
              "$ref": "#/components/schemas/FlowResponse"
            },
            "description": "Used in order, one per invocation; the last one repeats. Absent: `[{ \"status\": 200, \"body\": {} }]`."
          },
          "rateLimitPerSecond": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1000000,
            "description": "Invocations allowed per second (Okta allows 10 per flow, the default); 0 turns the limit off."
          },
          "allowedClients": {
            "type": "array",
            "minItems": 1,
            "items": {
              "type": "string"
            },
            "description": "Only with `oauth2`: the client ids whose tokens may invoke the flow (\"allow selected apps\"); any client with the scope when absent."
          },
          "contract": {
            "$ref": "#/components/schemas/FlowContract"
          }
        }
      },
      "FlowContract": {
        "type": "object",
        "additionalProperties": false,
        "description": "The input the flow's API Endpoint card reads. Every invocation that reaches the flow's responses (its\ncredential, `active` and rate limit passed) is checked against it, and the result is recorded on the\nexecution as `contract`. The same object, alone in a file, is what `flowhook lint --contract` takes.\n",
        "properties": {
          "body": {
            "type": [
              "object",
              "boolean"
            ],
            "additionalProperties": true,
            "description": "A JSON Schema (draft 2020-12) of the body as the flow receives it: the parsed JSON, or the fields of a\nform-encoded body (an empty body is `null`; a text body, or one the journal kept only the start of,\nbreaks it). Compiled once, when the flow is saved; a schema that does not compile is refused with the\nflow. `format` is an annotation only; `minLength: 1` is how a field is required to be non-empty.\n"
          },
          "headers": {
            "type": "array",
            "maxItems": 100,
            "items": {
              "type": "string",
              "pattern": "^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$"
            },
            "description": "Request headers that must be present (names compared without regard to case)."
          },
          "query": {
            "type": "array",
            "maxItems": 100,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 256
            },
            "description": "Query parameters that must be present."
          },
          "onFailure": {
            "type": "string",
            "enum": [
              "record",
              "reject"
            ],
            "description": "`record` (the default): the flow answers as usual and the execution records the problems. `reject`: the\nflow answers 400 with Okta's error object (`E0000001`, \"Api validation failed: request\", the problems\nin its `errorCauses`), as an API Endpoint card does when its input does not parse.\n"
          }
        }
      },
      "ContractResult": {
        "type": "object",
        "required": [
          "ok",
          "problems"
        ],
        "description": "How an invocation met its flow's contract. Body problems are at JSON paths into the body\n(`$.fields[\"requestor email\"]`); header and query problems at `headers[\"x-request-id\"]` and `query.source`.\nAt most 20 problems are kept.\n",
        "properties": {
          "ok": {
            "type": "boolean"
          },
          "problems": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "ConfiguredFlow": {
        "description": "A flow in the config file, named by its alias.",
        "allOf": [
          {
            "$ref": "#/components/schemas/FlowDefinition"
          },
          {
            "type": "object",
            "required": [
              "alias"
            ],
            "properties": {
              "alias": {
                "$ref": "#/components/schemas/Alias"
              }
            }
          }
        ]
      },
      "MockConfig": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "flows"
        ],
        "description": "The file given to `flowhook mock --config`: `{ \"flows\": [ { \"alias\": \"...\", \"security\": \"public\" } ] }`.",
        "properties": {
          "flows": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ConfiguredFlow"
            }
          },
          "oauthClients": {
            "type": "array",
            "description": "The OAuth clients of the mock's org authorization server to start with (restored on reset).",
            "items": {
              "$ref": "#/components/schemas/OAuthClientDefinition"
            }
          }
        }
      },
      "Flow": {
        "type": "object",
        "required": [
          "alias",
          "security",
          "active",
          "responses",
          "rateLimitPerSecond",
          "invokeUrl"
        ],
        "description": "A flow as the admin API returns it, with its defaults filled in; the client token is never shown.",
        "properties": {
          "alias": {
            "$ref": "#/components/schemas/Alias"
          },
          "security": {
            "$ref": "#/components/schemas/SecurityLevel"
          },
          "clientToken": {
            "type": "string",
            "const": "[REDACTED]"
          },
          "active": {
            "type": "boolean"
          },
          "responses": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/FlowResponse"
            }
          },
          "rateLimitPerSecond": {
            "type": "integer"
          },
          "allowedClients": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "contract": {
            "$ref": "#/components/schemas/FlowContract"
          },
          "invokeUrl": {
            "type": "string",
            "description": "The URL to invoke it: `{base}/api/flo/{alias}/invoke`."
          }
        }
      },
      "FlowList": {
        "type": "object",
        "required": [
          "flows"
        ],
        "properties": {
          "flows": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Flow"
            }
          }
        }
      },
      "CredentialSource": {
        "type": "string",
        "description": "How the credential came: `query` (clientToken), `header` (x-api-client-token), `path` (/api/flo/{clientToken}), `bearer` (Authorization).",
        "enum": [
          "query",
          "header",
          "path",
          "bearer"
        ]
      },
      "ExecutionAuth": {
        "type": "object",
        "required": [
          "level",
          "via",
          "valid"
        ],
        "properties": {
          "level": {
            "description": "The flow's security level; null when no flow was found.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/SecurityLevel"
              },
              {
                "type": "null"
              }
            ]
          },
          "via": {
            "description": "How the credential came; null when none was sent.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/CredentialSource"
              },
              {
                "type": "null"
              }
            ]
          },
          "valid": {
            "type": "boolean",
            "description": "Whether the flow's security level was satisfied."
          },
          "clientId": {
            "type": "string",
            "description": "With `oauth2`: the client of the access token that was presented (its `cid`)."
          }
        }
      },
      "BodyKind": {
        "type": "string",
        "description": "`json`: parsed JSON. `form`: form-encoded fields. `text`: kept as text: not JSON; JSON that did not parse,\nthat is nested more than 1,000 deep or longer than 1 MiB; or a truncated body. `empty`: no body.\n",
        "enum": [
          "json",
          "form",
          "text",
          "empty"
        ]
      },
      "Outcome": {
        "type": "string",
        "description": "`pending`: received, not answered yet. `answered`: a response of the flow was sent (including a\n`malformed` one). `refused`: the mock refused the call with Okta's error object. `closed`: the mock\nclosed the connection without answering (`reset`, `empty`, `timeout`). `clientClosed`: the caller\nclosed the connection before the mock answered.\n",
        "enum": [
          "pending",
          "answered",
          "refused",
          "closed",
          "clientClosed"
        ]
      },
      "ExecutionResponse": {
        "type": "object",
        "required": [
          "status",
          "headers",
          "body"
        ],
        "description": "What the mock answered (the flow's output).",
        "properties": {
          "status": {
            "type": "integer"
          },
          "headers": {
            "type": "object",
            "additionalProperties": {
              "type": "string"
            }
          },
          "body": {
            "type": "string",
            "description": "The response body as text."
          }
        }
      },
      "Execution": {
        "type": "object",
        "required": [
          "executionId",
          "alias",
          "method",
          "path",
          "query",
          "headers",
          "bodyKind",
          "body",
          "bodyBytes",
          "truncated",
          "receivedAt",
          "outcome",
          "status",
          "durationMs",
          "auth",
          "response",
          "responseIndex",
          "fault",
          "explanation"
        ],
        "description": "One request to an invoke path, accepted or refused. Credentials are recorded as `[REDACTED]`: a\ntoken in the path, and the value of every header and query parameter whose name says it carries\none (`authorization`, `x-api-client-token`, `x-api-key`, `cookie`, `clientToken`, `api_key`, `sig`:\na name with a part such as token, key, secret, auth, sig, password, cookie or session). The\njournal keeps at most the first 256 KiB of a body unless configured otherwise (`journalBodyBytes`).\n",
        "properties": {
          "executionId": {
            "type": "string",
            "format": "uuid"
          },
          "alias": {
            "type": [
              "string",
              "null"
            ],
            "description": "The alias called; for the path form, the alias of the flow the token belongs to, or null when no flow has it."
          },
          "method": {
            "type": "string"
          },
          "path": {
            "type": "string",
            "description": "The path without the query string."
          },
          "query": {
            "type": "object",
            "additionalProperties": {
              "oneOf": [
                {
                  "type": "string"
                },
                {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                }
              ]
            }
          },
          "headers": {
            "type": "object",
            "additionalProperties": {
              "oneOf": [
                {
                  "type": "string"
                },
                {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                }
              ]
            }
          },
          "bodyKind": {
            "$ref": "#/components/schemas/BodyKind"
          },
          "body": {
            "description": "The body as the flow receives it: the JSON value, the form fields, the text, or null when empty."
          },
          "bodyBytes": {
            "type": "integer",
            "minimum": 0,
            "description": "The size of the body as it arrived, in bytes (for a body refused with 413, the bytes read before the refusal)."
          },
          "truncated": {
            "type": "boolean",
            "description": "True when the journal kept less of the body than `bodyBytes`: the body was longer than the journal\nkeeps of one execution (256 KiB unless configured). `body` is then the start of it, as text\n(`bodyKind` is `text`), cut at a character boundary.\n"
          },
          "receivedAt": {
            "type": "string",
            "format": "date-time"
          },
          "outcome": {
            "$ref": "#/components/schemas/Outcome"
          },
          "status": {
            "type": [
              "integer",
              "null"
            ],
            "description": "The status the mock answered; null when it sent no answer."
          },
          "durationMs": {
            "type": [
              "number",
              "null"
            ],
            "description": "From receipt to the answer or the close; null while pending."
          },
          "auth": {
            "$ref": "#/components/schemas/ExecutionAuth"
          },
          "response": {
            "description": "What the mock answered; null when it sent no answer.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/ExecutionResponse"
              },
              {
                "type": "null"
              }
            ]
          },
          "responseIndex": {
            "type": [
              "integer",
              "null"
            ],
            "description": "Which entry of the flow's `responses` applied; null when the call was refused."
          },
          "fault": {
            "description": "The fault that applied (`timeout` also when a delay outlasted the invoke limit).",
            "oneOf": [
              {
                "$ref": "#/components/schemas/Fault"
              },
              {
                "type": "null"
              }
            ]
          },
          "explanation": {
            "type": "string",
            "description": "What the mock did and why",
            "in one sentence.": null
          },
          "contract": {
            "$ref": "#/components/schemas/ContractResult",
            "description": "Present when the flow has a `contract` and the invocation reached its responses."
          }
        }
      },
      "ExecutionList": {
        "type": "object",
        "required": [
          "executions",
          "dropped"
        ],
        "properties": {
          "executions": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Execution"
            }
          },
          "dropped": {
            "type": "integer",
            "description": "How many executions the bounded journal has dropped (oldest first) since it was last emptied. It keeps\nthe newest 10,000 executions and at most 64 MiB (bodies, URLs, headers and a fixed cost per execution),\nunless configured otherwise (`journalLimit`, `journalMaxBytes`).\n"
          }
        }
      },
      "VerifyRequest": {
        "type": "object",
        "additionalProperties": false,
        "description": "Which executions to count, and how many there should be (WireMock's `verify`). An execution matches when\nevery condition holds: its `alias`, and each field of `where`.\n",
        "properties": {
          "alias": {
            "type": "string",
            "description": "Only executions of this flow."
          },
          "count": {
            "description": "Exactly this many, or a range; default `{ \"atLeast\": 1 }`.",
            "oneOf": [
              {
                "type": "integer",
                "minimum": 0
              },
              {
                "$ref": "#/components/schemas/VerifyCount"
              }
            ]
          },
          "where": {
            "$ref": "#/components/schemas/VerifyConditions"
          },
          "nearMisses": {
            "type": "integer",
            "minimum": 0,
            "maximum": 100,
            "description": "How many near misses to answer with when the matches fall short; default 3."
          }
        }
      },
      "VerifyCount": {
        "type": "object",
        "additionalProperties": false,
        "minProperties": 1,
        "properties": {
          "atLeast": {
            "type": "integer",
            "minimum": 0
          },
          "atMost": {
            "type": "integer",
            "minimum": 0
          }
        }
      },
      "VerifyConditions": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "method": {
            "type": "string",
            "description": "GET or POST (any case)."
          },
          "status": {
            "type": [
              "integer",
              "null"
            ],
            "description": "The status the mock answered; null for no answer."
          },
          "outcome": {
            "$ref": "#/components/schemas/Outcome"
          },
          "contractOk": {
            "type": "boolean",
            "description": "Whether the flow's contract held; an execution without a contract check has none, and does not match."
          },
          "body": {
            "type": "object",
            "description": "JSON paths into the body (`$.fields[\"requestor email\"]`, `$.data.items[0].id`), each with the value it\nmust equal (deep JSON equality).\n",
            "additionalProperties": true
          },
          "headers": {
            "type": "object",
            "description": "Request headers (names in any case) and the value each must equal; a repeated header as its values joined by \", \".",
            "additionalProperties": {
              "type": "string"
            }
          },
          "query": {
            "type": "object",
            "description": "Query parameters and the value each must equal.",
            "additionalProperties": {
              "type": "string"
            }
          }
        }
      },
      "VerifyResult": {
        "type": "object",
        "required": [
          "ok",
          "message",
          "expected",
          "matched",
          "nearMisses"
        ],
        "properties": {
          "ok": {
            "type": "boolean",
            "description": "Whether the number of matching executions is within `expected`."
          },
          "message": {
            "type": "string",
            "description": "What was expected and found, in one sentence: \"expected exactly 2 executions of flow \\\"grants\\\" with status 200, found 1\"."
          },
          "expected": {
            "type": "object",
            "required": [
              "atLeast",
              "atMost"
            ],
            "properties": {
              "atLeast": {
                "type": "integer"
              },
              "atMost": {
                "type": [
                  "integer",
                  "null"
                ],
                "description": "null for no upper bound."
              }
            }
          },
          "matched": {
            "type": "array",
            "description": "The matching executions, oldest first.",
            "items": {
              "$ref": "#/components/schemas/Execution"
            }
          },
          "nearMisses": {
            "type": "array",
            "description": "When fewer executions matched than expected: the executions that came nearest, fewest unmet conditions\nfirst (the most recent first among equals), each with the conditions it missed. Empty otherwise.\n",
            "items": {
              "$ref": "#/components/schemas/NearMiss"
            }
          }
        }
      },
      "NearMiss": {
        "type": "object",
        "required": [
          "execution",
          "missed"
        ],
        "properties": {
          "execution": {
            "$ref": "#/components/schemas/Execution"
          },
          "missed": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/MissedCondition"
            }
          }
        }
      },
      "MissedCondition": {
        "type": "object",
        "required": [
          "field",
          "expected"
        ],
        "properties": {
          "field": {
            "type": "string",
            "description": "The condition: `alias`, `method`, `status`, `outcome`, `contractOk`, `body $.fields[\"requestor email\"]`, `headers[\"x-request-id\"]`, `query.source`."
          },
          "expected": {
            "description": "The value the condition asks for."
          },
          "actual": {
            "description": "The execution's value; absent when it has none (a body path that is not there, a header not sent)."
          }
        }
      },
      "OktaError": {
        "type": "object",
        "required": [
          "errorCode",
          "errorSummary",
          "errorLink",
          "errorId",
          "errorCauses"
        ],
        "description": "Okta's error object.",
        "properties": {
          "errorCode": {
            "type": "string",
            "examples": [
              "E0000047"
            ]
          },
          "errorSummary": {
            "type": "string"
          },
          "errorLink": {
            "type": "string",
            "description": "The same as `errorCode`",
            "as Okta sends it.": null
          },
          "errorId": {
            "type": "string",
            "description": "A unique id of this error."
          },
          "errorCauses": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "errorSummary"
              ],
              "properties": {
                "errorSummary": {
                  "type": "string"
                }
              }
            }
          }
        }
      },
      "Problem": {
        "type": "object",
        "required": [
          "path",
          "message"
        ],
        "properties": {
          "path": {
            "type": "string",
            "description": "JSON path of the field, e.g. `$.responses[0].status`."
          },
          "message": {
            "type": "string"
          }
        }
      },
      "AdminError": {
        "type": "object",
        "required": [
          "code",
          "message"
        ],
        "properties": {
          "code": {
            "type": "string",
            "examples": [
              "FLOWHOOK_MOCK_FLOW_INVALID"
            ]
          },
          "message": {
            "type": "string",
            "description": "What was wrong and where."
          },
          "hint": {
            "type": "string",
            "description": "How to fix it."
          },
          "details": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "WaitTimeout": {
        "allOf": [
          {
            "$ref": "#/components/schemas/AdminError"
          },
          {
            "type": "object",
            "required": [
              "executions"
            ],
            "properties": {
              "executions": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Execution"
                }
              }
            }
          }
        ]
      },
      "OAuthClientDefinition": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "clientId",
          "scopes"
        ],
        "description": "An OAuth client of the mock's org authorization server, like an Okta API Services app. Give exactly\none credential: `jwks` or `publicKeyPem` (the public key of a `private_key_jwt` client, RSA or EC),\nor `clientSecret` (accepted with `client_secret_basic` and `client_secret_post`).\n",
        "properties": {
          "clientId": {
            "type": "string",
            "pattern": "^[\\x20-\\x7e]{1,256}$",
            "description": "1 to 256 printable ASCII characters, RFC 6749's VSCHAR (Okta's look like `0oa1b2c3d4E5F6g7h8i9`)."
          },
          "jwks": {
            "type": "object",
            "required": [
              "keys"
            ],
            "description": "Public keys as a JWK set; with several keys, assertions must name theirs by `kid`.",
            "properties": {
              "keys": {
                "type": "array",
                "minItems": 1,
                "items": {
                  "type": "object",
                  "additionalProperties": true
                }
              }
            }
          },
          "publicKeyPem": {
            "type": "string",
            "description": "One public key as PEM text (\"-----BEGIN PUBLIC KEY-----\")."
          },
          "keyId": {
            "type": "string",
            "pattern": "^[\\x21-\\x7e]{1,256}$",
            "description": "With `publicKeyPem`: the key's id, like the KID Okta shows for an app's key. An assertion whose header\nnames a `kid` is accepted only when it names this one, so set it when the sender signs with `key_id`.\n"
          },
          "clientSecret": {
            "type": "string",
            "minLength": 1,
            "description": "Never shown again by the admin API."
          },
          "scopes": {
            "type": "array",
            "description": "The scopes granted to the client (Okta's \"Okta API Scopes\" tab), e.g. `okta.workflows.invoke.manage`.",
            "items": {
              "type": "string",
              "pattern": "^[\\x21\\x23-\\x5b\\x5d-\\x7e]+$"
            }
          },
          "accessTokenLifetimeSec": {
            "type": "integer",
            "minimum": 1,
            "maximum": 86400,
            "description": "`expires_in` of this client's tokens; the mock's (3600 unless configured) when absent."
          },
          "requireDpop": {
            "type": "boolean",
            "description": "Like Okta's \"Require DPoP\" setting; the mock has no DPoP, so every token request is then refused with `invalid_dpop_proof`."
          }
        }
      },
      "OAuthClient": {
        "type": "object",
        "required": [
          "clientId",
          "tokenEndpointAuthMethods",
          "scopes",
          "accessTokenLifetimeSec",
          "requireDpop",
          "tokenRequests",
          "tokensIssued"
        ],
        "description": "A registered client as the admin API shows it; a client secret is never shown.",
        "properties": {
          "clientId": {
            "type": "string"
          },
          "tokenEndpointAuthMethods": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "private_key_jwt",
                "client_secret_basic",
                "client_secret_post"
              ]
            }
          },
          "publicKeys": {
            "type": "array",
            "description": "The registered public keys as JWKs.",
            "items": {
              "type": "object",
              "additionalProperties": true
            }
          },
          "clientSecret": {
            "type": "string",
            "const": "[REDACTED]"
          },
          "scopes": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "accessTokenLifetimeSec": {
            "type": "integer"
          },
          "requireDpop": {
            "type": "boolean"
          },
          "tokenRequests": {
            "type": "integer",
            "description": "Token requests that named this client since it was registered or the mock was reset."
          },
          "tokensIssued": {
            "type": "integer",
            "description": "Access tokens issued to this client since it was registered or the mock was reset."
          }
        }
      },
      "OAuthClientList": {
        "type": "object",
        "required": [
          "clients"
        ],
        "properties": {
          "clients": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/OAuthClient"
            }
          }
        }
      },
      "TokenRequest": {
        "type": "object",
        "required": [
          "grant_type"
        ],
        "properties": {
          "grant_type": {
            "type": "string",
            "const": "client_credentials"
          },
          "scope": {
            "type": "string",
            "description": "Space-separated scopes."
          },
          "client_assertion_type": {
            "type": "string",
            "const": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
          },
          "client_assertion": {
            "type": "string",
            "description": "The signed client assertion (`private_key_jwt`)."
          },
          "client_id": {
            "type": "string"
          },
          "client_secret": {
            "type": "string",
            "description": "`client_secret_post` only."
          }
        }
      },
      "TokenResponse": {
        "type": "object",
        "required": [
          "token_type",
          "expires_in",
          "access_token",
          "scope"
        ],
        "properties": {
          "token_type": {
            "type": "string",
            "const": "Bearer"
          },
          "expires_in": {
            "type": "integer",
            "description": "Seconds; 3600 unless configured."
          },
          "access_token": {
            "type": "string",
            "description": "An RS256 JWT like Okta's org tokens: header `kid`; claims `ver`, `jti`, `iss` (the mock's base\nURL), `aud` (the same), `sub` = `cid` = the client id, `scp` (array), `iat`, `exp`.\n"
          },
          "scope": {
            "type": "string"
          }
        }
      },
      "OAuthError": {
        "type": "object",
        "required": [
          "error",
          "error_description"
        ],
        "properties": {
          "error": {
            "type": "string",
            "examples": [
              "invalid_client"
            ]
          },
          "error_description": {
            "type": "string",
            "examples": [
              "The client_assertion token is expired."
            ]
          }
        }
      },
      "JsonWebKeySet": {
        "type": "object",
        "required": [
          "keys"
        ],
        "properties": {
          "keys": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": true
            }
          }
        }
      },
      "AuthorizationServerMetadata": {
        "type": "object",
        "required": [
          "issuer",
          "token_endpoint",
          "jwks_uri"
        ],
        "properties": {
          "issuer": {
            "type": "string"
          },
          "token_endpoint": {
            "type": "string"
          },
          "jwks_uri": {
            "type": "string"
          },
          "grant_types_supported": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "token_endpoint_auth_methods_supported": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "token_endpoint_auth_signing_alg_values_supported": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "scopes_supported": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        }
      }
    }
  }
};
