// Generated from openapi/flowhook.yaml by `npm run gen`. Do not edit.

export const document: Readonly<Record<string, unknown>> = {
  "openapi": "3.1.0",
  "info": {
    "title": "flowhook",
    "version": "0.1.0",
    "description": "The access-request event that flowhook delivers (Apono's request-webhook payload), the webhook\nconfig that says where and how to deliver it (Apono's field names), the invocation record\nthat each delivery attempt produces, and the management API of `flowhook serve`. Errors answer\nwith the `Error` body; secrets never appear in an answer.\n\nEvery request is checked before anything else: its `Host` must be a name the server answers to\n(localhost, 127.0.0.1 and [::1] with any port, and those given with `--allowed-host`), else 421; a\nPOST, PUT, PATCH or DELETE that carries an `Origin` must come from the server's own origin, else 403.\nEvery route under `/api/` needs a credential, else 401: an API token as `Authorization: Bearer\n<token>`, or the web UI's session cookie from `GET /login`. A change made with the cookie alone must\ncarry the UI's `Origin`. `/healthz` is open; `/metrics` is open to a client on the loopback interface.\n"
  },
  "security": [
    {
      "apiToken": []
    },
    {
      "sessionCookie": []
    }
  ],
  "paths": {
    "/login": {
      "get": {
        "operationId": "logIn",
        "summary": "The web UI's login URL, as `flowhook serve` prints it: trades an API token for a session cookie.",
        "description": "Sets an `HttpOnly; SameSite=Strict; Path=/` session cookie (`flowhook_session_<port>`, in memory\non the server, for 12 hours or until it stops) and answers 303 to `/`, so the token leaves the\naddress bar at once.\n",
        "security": [],
        "parameters": [
          {
            "name": "token",
            "in": "query",
            "required": true,
            "description": "An API token.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "303": {
            "description": "Logged in; on to the web UI at `/`.",
            "headers": {
              "Set-Cookie": {
                "description": "The session cookie.",
                "schema": {
                  "type": "string"
                }
              },
              "Location": {
                "description": "`/`",
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      }
    },
    "/api/webhooks": {
      "get": {
        "operationId": "listWebhooks",
        "summary": "Every webhook, in the order they were created; secrets shown as `[REDACTED]`.",
        "responses": {
          "200": {
            "description": "The webhooks.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WebhookList"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      },
      "post": {
        "operationId": "createWebhook",
        "summary": "Checks, stores and starts using a webhook config.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/WebhookConfig"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The stored webhook with its `id` and defaults applied.",
            "headers": {
              "Location": {
                "description": "`/api/webhooks/{id}`",
                "schema": {
                  "type": "string"
                }
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Webhook"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/OriginRefused"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          },
          "422": {
            "$ref": "#/components/responses/Invalid"
          }
        }
      }
    },
    "/api/webhooks/test": {
      "post": {
        "operationId": "testWebhookConfig",
        "summary": "Apono's Test button before Save: sends a sample event through a config that is not stored, and returns the invocation record.",
        "description": "The config is checked as a create checks it, except that its name need not be unique: its problems\nanswer 422 with `details` at JSON paths within the config (`$.url`). When the config is that of a\nstored webhook being edited, name it in `webhookId`: each secret that is still `[REDACTED]` then\ntakes that webhook's stored secret. Nothing is stored and nothing is queued; a failed delivery is\nstill a 200 whose record has `verdict` `failed` and a `reason`.\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ConfigTestRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "What was sent and what came back, secrets shown as `[REDACTED]`.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/InvocationRecord"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/OriginRefused"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          },
          "422": {
            "$ref": "#/components/responses/Invalid"
          }
        }
      }
    },
    "/api/webhooks/{id}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/WebhookId"
        }
      ],
      "get": {
        "operationId": "getWebhook",
        "responses": {
          "200": {
            "description": "The webhook; secrets shown as `[REDACTED]`.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Webhook"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      },
      "put": {
        "operationId": "updateWebhook",
        "summary": "Replaces the config; a secret sent back as `[REDACTED]` keeps its stored value.",
        "description": "Pending deliveries of the webhook go out with the new config.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/WebhookConfig"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The webhook as stored now.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Webhook"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/OriginRefused"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          },
          "422": {
            "$ref": "#/components/responses/Invalid"
          }
        }
      },
      "delete": {
        "operationId": "deleteWebhook",
        "summary": "Removes the webhook; its unfinished deliveries end `failed`, finished ones stay as history.",
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/OriginRefused"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      }
    },
    "/api/webhooks/{id}/test": {
      "parameters": [
        {
          "$ref": "#/components/parameters/WebhookId"
        }
      ],
      "post": {
        "operationId": "testWebhook",
        "summary": "Apono's Test button: sends a sample event now, outside the queue, and returns the invocation record.",
        "description": "Nothing is stored. A failed delivery is still a 200 whose record has `verdict` `failed` and a `reason`.",
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TestRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "What was sent and what came back.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/InvocationRecord"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/OriginRefused"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          },
          "422": {
            "$ref": "#/components/responses/Invalid"
          }
        }
      }
    },
    "/api/webhooks/{id}/replay": {
      "parameters": [
        {
          "$ref": "#/components/parameters/WebhookId"
        }
      ],
      "post": {
        "operationId": "replayWebhook",
        "summary": "Sends again every delivery of the webhook with the given status, optionally only those created since a time.",
        "parameters": [
          {
            "name": "status",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "failed",
                "delivered"
              ],
              "default": "failed"
            }
          },
          {
            "name": "since",
            "in": "query",
            "description": "Only deliveries created at or after this time.",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          }
        ],
        "responses": {
          "202": {
            "description": "How many deliveries are due again.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ReplayResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/OriginRefused"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      }
    },
    "/api/events": {
      "post": {
        "operationId": "ingestEvent",
        "summary": "Accepts an access-request event and creates one delivery per matching webhook.",
        "description": "The event and its deliveries are written in one transaction before the answer; a 202 means\nnothing of it can be lost. `AccessRequest…` event types are normalised to the trigger names.\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/AccessRequestEvent"
              }
            }
          }
        },
        "responses": {
          "202": {
            "description": "Accepted, with the deliveries created and why each other webhook skipped the event.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/IngestResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/OriginRefused"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          },
          "422": {
            "$ref": "#/components/responses/Invalid"
          },
          "503": {
            "$ref": "#/components/responses/ShuttingDown"
          }
        }
      }
    },
    "/api/deliveries": {
      "get": {
        "operationId": "listDeliveries",
        "summary": "Deliveries, newest first; or, with `cursor`, those that changed since, oldest change first.",
        "description": "To follow live changes, keep the `cursor` of each answer and ask again with it: each delivery\nthat changed since comes in its latest state. No change is ever skipped, even when several\nworkers on one PostgreSQL database commit out of order; a change may come twice.\n",
        "parameters": [
          {
            "name": "webhook",
            "in": "query",
            "description": "Only deliveries of this webhook id.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "status",
            "in": "query",
            "schema": {
              "$ref": "#/components/schemas/DeliveryStatus"
            }
          },
          {
            "name": "event",
            "in": "query",
            "description": "Only deliveries of this event id.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "trigger",
            "in": "query",
            "description": "Only deliveries of events of this trigger.",
            "schema": {
              "$ref": "#/components/schemas/Trigger"
            }
          },
          {
            "name": "cursor",
            "in": "query",
            "description": "The `cursor` of an earlier answer.",
            "schema": {
              "type": "integer",
              "minimum": 0
            }
          },
          {
            "name": "before",
            "in": "query",
            "description": "A delivery id; the page starts below it (newest-first order only).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 1000,
              "default": 100
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of deliveries.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/DeliveryList"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      }
    },
    "/api/deliveries/{id}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/DeliveryId"
        }
      ],
      "get": {
        "operationId": "getDelivery",
        "responses": {
          "200": {
            "description": "The delivery with its event and every attempt.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/DeliveryDetail"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      }
    },
    "/api/deliveries/{id}/replay": {
      "parameters": [
        {
          "$ref": "#/components/parameters/DeliveryId"
        }
      ],
      "post": {
        "operationId": "replayDelivery",
        "summary": "Sends the delivery again now, with a fresh retry schedule and the same `webhook-id`.",
        "responses": {
          "202": {
            "description": "The delivery, due again.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/DeliverySummary"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "403": {
            "$ref": "#/components/responses/OriginRefused"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          },
          "503": {
            "$ref": "#/components/responses/ShuttingDown"
          }
        }
      }
    },
    "/api/samples": {
      "get": {
        "operationId": "listSampleEvents",
        "summary": "The sample event of each trigger: the \"mock data\" that Test sends.",
        "description": "One access request followed through its states, keyed by trigger. Test (`POST /api/webhooks/test`,\n`POST /api/webhooks/{id}/test`) sends the sample of the trigger it is given.\n",
        "responses": {
          "200": {
            "description": "Six events, one per trigger.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SampleEvents"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      }
    },
    "/api/okta-url": {
      "post": {
        "operationId": "recogniseOktaUrl",
        "summary": "What a webhook URL is to Okta Workflows, for the form's note beside the URL.",
        "description": "The URL travels in the body, not the query string, because two of its Okta forms carry the client\ntoken. The answer never holds the token: it says where the token sits, not what it is. A text that\nis not a URL answers 200 with both parts null.\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/OktaUrlRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The Okta Workflows form of the URL, and its flow path on any host.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/OktaUrlDescription"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
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
    "/api/schema/event": {
      "get": {
        "operationId": "getEventSchema",
        "summary": "The event payload schema as one JSON Schema document (Apono's \"View event's payload schema\").",
        "responses": {
          "200": {
            "description": "JSON Schema 2020-12 of AccessRequestEvent, its parts under `$defs`.",
            "content": {
              "application/schema+json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          }
        }
      }
    },
    "/healthz": {
      "get": {
        "operationId": "getHealth",
        "summary": "Whether the engine takes work and its database takes writes; open, for probes (the Host check still applies).",
        "security": [],
        "responses": {
          "200": {
            "description": "The engine takes work.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          },
          "421": {
            "$ref": "#/components/responses/HostRefused"
          },
          "503": {
            "description": "The engine is shutting down (`stopping`), or its database takes no writes (`degraded`, with the cause and what to do).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "operationId": "getMetrics",
        "summary": "Prometheus text format; open to a scraper on the loopback interface, otherwise it needs a credential.",
        "security": [
          {},
          {
            "apiToken": []
          },
          {
            "sessionCookie": []
          }
        ],
        "responses": {
          "200": {
            "description": "Events ingested, deliveries by outcome, attempts by outcome, attempt latency, queue depth.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthenticated"
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
      "apiToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token: from `FLOWHOOK_API_TOKENS`, `--api-token-file`, or the one `flowhook serve`\ngenerates on first start and keeps in `<database>.api-token` (mode 0600).\n"
      },
      "sessionCookie": {
        "type": "apiKey",
        "in": "cookie",
        "name": "flowhook_session_<port>",
        "description": "The web UI's session, set by `GET /login`; `<port>` is the server's port."
      }
    },
    "parameters": {
      "WebhookId": {
        "name": "id",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string"
        }
      },
      "DeliveryId": {
        "name": "id",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string"
        }
      }
    },
    "responses": {
      "BadRequest": {
        "description": "The request does not match this description (a query parameter, a body that is not JSON or nests more than 64 levels deep, a path with a malformed percent-encoding).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Invalid": {
        "description": "The config or event breaks a rule; `details` lists each problem by JSON path. Nothing was written.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "NotFound": {
        "description": "No such webhook or delivery.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Conflict": {
        "description": "Another webhook has the name, or the delivery is being sent right now.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "ShuttingDown": {
        "description": "flowhook is stopping (`FLOWHOOK_SHUTTING_DOWN`; send the request again once it has restarted), or its database takes no writes (`FLOWHOOK_DATABASE_UNAVAILABLE`: the disk is full, an I/O error; the hint says what to do, and nothing of the request was kept).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Unauthenticated": {
        "description": "No credential, or one the server does not accept (`FLOWHOOK_UNAUTHENTICATED`).",
        "headers": {
          "WWW-Authenticate": {
            "description": "`Bearer realm=\"flowhook\"`",
            "schema": {
              "type": "string"
            }
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "OriginRefused": {
        "description": "A change from another origin than the server's own, or made with the session cookie without the UI's Origin (`FLOWHOOK_ORIGIN_REFUSED`).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "HostRefused": {
        "description": "The Host header is not a name the server answers to (`FLOWHOOK_HOST_REFUSED`); allow it with `--allowed-host`.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      }
    },
    "schemas": {
      "Trigger": {
        "type": "string",
        "description": "The access-request status change that fires a webhook; an event's `event_type`.",
        "enum": [
          "RequestCreated",
          "RequestApproved",
          "RequestRejected",
          "RequestGranted",
          "RequestExpired",
          "RequestFailed"
        ]
      },
      "AccessRequestEvent": {
        "type": "object",
        "description": "One access-request status change, as Apono sends it. Unknown fields are allowed so that\nnewer payloads still pass; templates may only use the fields described here.\n",
        "required": [
          "event_type",
          "event_time",
          "data"
        ],
        "properties": {
          "event_type": {
            "type": "string",
            "description": "The trigger. `AccessRequestCreated`-style names are accepted and normalised to `RequestCreated`."
          },
          "event_time": {
            "type": "number",
            "description": "Time of the event in epoch seconds with a fractional part (Apono's `{seconds}.{nanos}`)."
          },
          "data": {
            "$ref": "#/components/schemas/AccessRequest"
          }
        }
      },
      "AccessRequest": {
        "type": "object",
        "required": [
          "id",
          "friendly_id",
          "requester",
          "access_groups"
        ],
        "properties": {
          "id": {
            "type": "string",
            "description": "Apono request ID"
          },
          "friendly_id": {
            "type": "string",
            "description": "Human-readable ID that also appears in the Apono UI"
          },
          "requester": {
            "$ref": "#/components/schemas/Requester"
          },
          "grantee": {
            "$ref": "#/components/schemas/Grantee"
          },
          "justification": {
            "type": [
              "string",
              "null"
            ],
            "description": "Reason provided by the requester for needing access"
          },
          "creation_date": {
            "type": "number",
            "description": "When the request was created",
            "in epoch seconds": null
          },
          "revocation_date": {
            "type": [
              "number",
              "null"
            ],
            "description": "When the access is or was revoked",
            "in epoch seconds": null
          },
          "access_flow": {
            "$ref": "#/components/schemas/NamedRef",
            "description": "The access flow that the request went through."
          },
          "access_bundle": {
            "description": "The bundle that was requested, or null when single resources were requested.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/NamedRef"
              },
              {
                "type": "null"
              }
            ]
          },
          "access_duration_in_seconds": {
            "type": [
              "number",
              "null"
            ],
            "description": "How long the access lasts once granted"
          },
          "access_groups": {
            "type": "array",
            "description": "The integrations and resources that the requester wants to access, one group per integration.",
            "items": {
              "$ref": "#/components/schemas/AccessGroup"
            }
          },
          "approvals_logical_relation": {
            "type": "string",
            "description": "Whether one approver is enough (`AnyOf`) or every approver must approve (`AllOf`)."
          },
          "approvals": {
            "type": "array",
            "description": "The approvals the access flow asks for, each with its status and approver.",
            "items": {
              "$ref": "#/components/schemas/Approval"
            }
          },
          "custom_fields": {
            "type": "object",
            "additionalProperties": true,
            "description": "Fields the access flow asked the requester to fill in."
          }
        }
      },
      "Requester": {
        "type": "object",
        "required": [
          "id",
          "name",
          "email"
        ],
        "properties": {
          "id": {
            "type": "string",
            "description": "Requester's Apono ID"
          },
          "name": {
            "type": "string",
            "description": "Requester's Apono username"
          },
          "email": {
            "type": "string",
            "description": "Requester's email address"
          }
        }
      },
      "Grantee": {
        "type": "object",
        "description": "The recipient of the requested access.",
        "properties": {
          "id": {
            "type": "string"
          },
          "source_id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "type": {
            "type": "string"
          }
        }
      },
      "NamedRef": {
        "type": "object",
        "required": [
          "id",
          "name"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          }
        }
      },
      "AccessGroup": {
        "type": "object",
        "required": [
          "integration",
          "resource_types",
          "access_units"
        ],
        "properties": {
          "integration": {
            "$ref": "#/components/schemas/Integration"
          },
          "resource_types": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ResourceType"
            }
          },
          "access_units": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/AccessUnit"
            }
          }
        }
      },
      "Integration": {
        "type": "object",
        "required": [
          "id",
          "type",
          "name"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "type": {
            "type": "string"
          },
          "name": {
            "type": "string"
          }
        }
      },
      "ResourceType": {
        "type": "object",
        "required": [
          "id",
          "name"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "display_path": {
            "type": "string"
          }
        }
      },
      "AccessUnit": {
        "type": "object",
        "required": [
          "resource",
          "permission"
        ],
        "properties": {
          "resource": {
            "$ref": "#/components/schemas/Resource"
          },
          "permission": {
            "$ref": "#/components/schemas/NamedRef"
          }
        }
      },
      "Resource": {
        "type": "object",
        "required": [
          "id",
          "name"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "path": {
            "type": "string"
          },
          "type": {
            "$ref": "#/components/schemas/ResourceType"
          }
        }
      },
      "Approval": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string"
          },
          "type": {
            "type": "string"
          },
          "status": {
            "type": "string"
          },
          "approver": {
            "type": "object",
            "properties": {
              "id": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "email": {
                "type": "string"
              }
            }
          }
        }
      },
      "WebhookConfig": {
        "type": "object",
        "description": "A request webhook, with Apono's field names.",
        "required": [
          "name",
          "url",
          "triggers"
        ],
        "additionalProperties": false,
        "properties": {
          "name": {
            "type": "string",
            "description": "Unique (case-insensitive); letters, digits, spaces, `-` and `_`, not starting or ending with a space; at most 200 characters.",
            "pattern": "^[\\p{L}\\p{Nd}_-](?:[\\p{L}\\p{Nd} _-]*[\\p{L}\\p{Nd}_-])?$",
            "maxLength": 200
          },
          "active": {
            "type": "boolean",
            "default": true
          },
          "method": {
            "type": "string",
            "enum": [
              "POST",
              "PUT",
              "PATCH",
              "DELETE",
              "GET"
            ],
            "default": "POST"
          },
          "url": {
            "type": "string",
            "maxLength": 2048,
            "description": "HTTPS, no custom port, at most 2,048 characters. For Okta: https://<org>.workflows.okta.com/api/flo/<alias>/invoke"
          },
          "body_template": {
            "type": [
              "string",
              "null"
            ],
            "description": "A Handlebars template that renders to JSON. Values are escaped for JSON strings. Only values, `lookup` and the blocks `#if`, `#unless`, `#each` and `#with` are available; raw values (`{{{…}}}`, `{{& …}}`), other helpers, partials and decorators are refused (422), and so is a template over 64 KiB, 250 tags or 32 levels of nesting. A rendering over 1 MiB fails the delivery."
          },
          "headers": {
            "type": "object",
            "description": "At most 50 headers; a name has at most 256 characters, a value at most 8,192.",
            "maxProperties": 50,
            "propertyNames": {
              "maxLength": 256
            },
            "additionalProperties": {
              "type": "string",
              "maxLength": 8192
            }
          },
          "triggers": {
            "type": "array",
            "description": "At least one.",
            "minItems": 1,
            "items": {
              "$ref": "#/components/schemas/Trigger"
            }
          },
          "filters": {
            "$ref": "#/components/schemas/Filters"
          },
          "timeout_in_sec": {
            "type": "integer",
            "minimum": 1,
            "maximum": 60,
            "default": 30,
            "description": "Whole seconds, 1 to 60 (Okta closes the connection at 60 s)."
          },
          "response_validators": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 50,
            "items": {
              "$ref": "#/components/schemas/ResponseValidator"
            }
          },
          "authentication_config": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/AuthenticationConfig"
              },
              {
                "type": "null"
              }
            ]
          },
          "retry_schedule_sec": {
            "type": "array",
            "description": "Delays in seconds before each retry (at most 50); the engine's default schedule when absent.",
            "maxItems": 50,
            "items": {
              "type": "number",
              "minimum": 0
            }
          },
          "rate_limit_per_sec": {
            "type": "number",
            "minimum": 0,
            "description": "Deliveries per second to this webhook's flow; 10 for Okta Workflows hosts when absent, 0 = unpaced."
          },
          "retry_on_validator_failure": {
            "type": "boolean",
            "default": false,
            "description": "Retry when the flow answers 2xx but a response validator fails."
          }
        }
      },
      "Filters": {
        "type": "object",
        "description": "Each list that is set must match at least one value of the event; a list that is absent or\nempty matches everything. All set lists must match (AND across lists, OR within one).\n",
        "additionalProperties": false,
        "properties": {
          "integrations": {
            "$ref": "#/components/schemas/FilterValues"
          },
          "integration_types": {
            "$ref": "#/components/schemas/FilterValues"
          },
          "resource_types": {
            "$ref": "#/components/schemas/FilterValues"
          },
          "resources": {
            "$ref": "#/components/schemas/FilterValues"
          },
          "permissions": {
            "$ref": "#/components/schemas/FilterValues"
          },
          "requesters": {
            "$ref": "#/components/schemas/FilterValues"
          },
          "access_flows": {
            "$ref": "#/components/schemas/FilterValues"
          },
          "bundles": {
            "$ref": "#/components/schemas/FilterValues"
          }
        }
      },
      "FilterValues": {
        "type": "array",
        "maxItems": 1000,
        "items": {
          "type": "string",
          "minLength": 1,
          "maxLength": 1000
        }
      },
      "ResponseValidator": {
        "type": "object",
        "required": [
          "json_path",
          "expected_values"
        ],
        "additionalProperties": false,
        "properties": {
          "json_path": {
            "type": "string",
            "maxLength": 1000,
            "pattern": "^\\$\\.data\\..",
            "description": "Starts with `$.data.`; `$.data` is the parsed JSON body of the flow's response."
          },
          "expected_values": {
            "type": "array",
            "description": "The validator passes when the value found equals any of these (compared as strings).",
            "minItems": 1,
            "maxItems": 100,
            "items": {
              "type": "string",
              "maxLength": 1000
            }
          }
        }
      },
      "AuthenticationConfig": {
        "type": "object",
        "additionalProperties": false,
        "description": "At most one of `bearer` and `oauth`. A client token goes in the URL or the `x-api-client-token` header.",
        "properties": {
          "bearer": {
            "$ref": "#/components/schemas/BearerAuth"
          },
          "oauth": {
            "$ref": "#/components/schemas/OAuthConfig"
          }
        }
      },
      "BearerAuth": {
        "type": "object",
        "required": [
          "token"
        ],
        "additionalProperties": false,
        "properties": {
          "token": {
            "type": "string",
            "minLength": 1,
            "description": "Sent as `Authorization: Bearer <token>`. Secret."
          }
        }
      },
      "OAuthConfig": {
        "type": "object",
        "required": [
          "client_id"
        ],
        "additionalProperties": false,
        "description": "OAuth 2.0 client credentials, with a client secret (Apono) or a private key (`private_key_jwt`, as Okta requires).",
        "properties": {
          "client_id": {
            "type": "string"
          },
          "client_secret": {
            "type": "string",
            "description": "Secret."
          },
          "token_endpoint_url": {
            "type": "string",
            "description": "Defaults to https://<org>.okta.com/oauth2/v1/token for an Okta Workflows URL."
          },
          "scopes": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "Defaults to `okta.workflows.invoke.manage` for an Okta Workflows URL."
          },
          "private_key": {
            "description": "PEM text or a JWK object (RSA → RS256, EC P-256 → ES256). Secret.",
            "oneOf": [
              {
                "type": "string"
              },
              {
                "type": "object",
                "additionalProperties": true
              }
            ]
          },
          "key_id": {
            "type": "string",
            "description": "Sent as `kid` in the client assertion header."
          },
          "client_auth_method": {
            "type": "string",
            "enum": [
              "private_key_jwt",
              "client_secret_basic",
              "client_secret_post"
            ]
          }
        }
      },
      "InvocationRecord": {
        "type": "object",
        "description": "What one delivery attempt sent and got back, with every secret shown as `[REDACTED]`, and the value of every header and URL parameter whose name says it carries a credential (token, key, secret, auth, sig, password, cookie, session, …).",
        "required": [
          "deliveryId",
          "webhook",
          "trigger",
          "request",
          "timings",
          "validators",
          "verdict",
          "auth"
        ],
        "properties": {
          "deliveryId": {
            "type": "string",
            "description": "The `webhook-id` header: the same on every retry of one delivery."
          },
          "webhook": {
            "type": "string",
            "description": "The webhook's name."
          },
          "trigger": {
            "$ref": "#/components/schemas/Trigger"
          },
          "request": {
            "type": "object",
            "required": [
              "method",
              "url",
              "headers",
              "body"
            ],
            "properties": {
              "method": {
                "type": "string"
              },
              "url": {
                "type": "string"
              },
              "headers": {
                "type": "object",
                "additionalProperties": {
                  "type": "string"
                }
              },
              "body": {
                "type": "string"
              }
            }
          },
          "response": {
            "type": "object",
            "required": [
              "status",
              "headers",
              "body",
              "bodyTruncated"
            ],
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
                "description": "At most 64 KiB; empty when `bodyWithheld` is there."
              },
              "bodyTruncated": {
                "type": "boolean"
              },
              "bodyWithheld": {
                "type": "object",
                "description": "Set by the management API when the URL is not a flow's (an Okta Workflows URL, or the\nflow path `/api/flo/…` on any host): it shows the body's size and type, not the body, and\nvalidators without what they found, so that Test cannot fetch pages from the server's network.\n",
                "required": [
                  "bytes",
                  "contentType"
                ],
                "properties": {
                  "bytes": {
                    "type": "integer",
                    "description": "Size of the body in UTF-8 (as kept: at most 64 KiB)."
                  },
                  "contentType": {
                    "type": [
                      "string",
                      "null"
                    ]
                  }
                }
              }
            }
          },
          "error": {
            "type": "object",
            "required": [
              "kind",
              "message"
            ],
            "description": "Why no usable response arrived.",
            "properties": {
              "kind": {
                "type": "string",
                "enum": [
                  "timeout",
                  "connection",
                  "refused_url",
                  "template",
                  "token",
                  "internal"
                ]
              },
              "message": {
                "type": "string"
              }
            }
          },
          "timings": {
            "type": "object",
            "required": [
              "startedAt",
              "totalMs"
            ],
            "properties": {
              "startedAt": {
                "type": "string",
                "format": "date-time"
              },
              "tokenMs": {
                "type": "number",
                "description": "Time spent getting an OAuth access token."
              },
              "headersMs": {
                "type": "number",
                "description": "Time until the response headers arrived."
              },
              "totalMs": {
                "type": "number"
              }
            }
          },
          "validators": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "jsonPath",
                "expectedValues",
                "passed"
              ],
              "properties": {
                "jsonPath": {
                  "type": "string"
                },
                "expectedValues": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                },
                "actual": {
                  "description": "The value found",
                  "or absent when nothing was found.": null
                },
                "passed": {
                  "type": "boolean"
                },
                "reason": {
                  "type": "string"
                }
              }
            }
          },
          "auth": {
            "type": "object",
            "required": [
              "kind"
            ],
            "properties": {
              "kind": {
                "type": "string",
                "enum": [
                  "none",
                  "client_token",
                  "bearer",
                  "oauth"
                ]
              },
              "clientTokenIn": {
                "type": "string",
                "enum": [
                  "query",
                  "path",
                  "header"
                ]
              },
              "tokenEndpoint": {
                "type": "string",
                "description": "The OAuth token URL used."
              },
              "clientId": {
                "type": "string",
                "description": "The OAuth client that got the token (the token itself is never recorded)."
              },
              "clientAuthMethod": {
                "type": "string",
                "enum": [
                  "private_key_jwt",
                  "client_secret_basic",
                  "client_secret_post"
                ],
                "description": "How the OAuth client authenticated at the token endpoint."
              },
              "scopes": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "The scopes the OAuth token was asked for."
              },
              "tokenRefreshed": {
                "type": "boolean",
                "description": "A 401 made the sender fetch a new token and retry once."
              }
            }
          },
          "verdict": {
            "type": "string",
            "enum": [
              "successful",
              "failed"
            ]
          },
          "reason": {
            "type": "string",
            "description": "When failed",
            "what went wrong and what to fix.": null
          }
        }
      },
      "Error": {
        "type": "object",
        "required": [
          "code",
          "message"
        ],
        "properties": {
          "code": {
            "type": "string",
            "description": "A FLOWHOOK_ error code."
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
              "type": "object",
              "required": [
                "path",
                "message"
              ],
              "properties": {
                "path": {
                  "type": "string",
                  "description": "JSON path of the problem."
                },
                "message": {
                  "type": "string"
                }
              }
            }
          }
        }
      },
      "Webhook": {
        "type": "object",
        "description": "A stored webhook: every WebhookConfig field (defaults applied, secrets shown as `[REDACTED]`)\nplus its `id` and when it was created and last changed.\n",
        "required": [
          "id",
          "created_at",
          "updated_at",
          "name",
          "url",
          "triggers"
        ],
        "properties": {
          "id": {
            "type": "string",
            "description": "Assigned by flowhook: `wh_…`."
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "updated_at": {
            "type": "string",
            "format": "date-time"
          },
          "name": {
            "type": "string"
          },
          "url": {
            "type": "string",
            "description": "With a client token in the URL shown as `[REDACTED]`."
          },
          "triggers": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Trigger"
            }
          }
        },
        "additionalProperties": true
      },
      "WebhookList": {
        "type": "object",
        "required": [
          "webhooks"
        ],
        "properties": {
          "webhooks": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Webhook"
            }
          }
        }
      },
      "TestRequest": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "trigger": {
            "$ref": "#/components/schemas/Trigger",
            "description": "The sample event to send; the webhook's first trigger when absent."
          }
        }
      },
      "ConfigTestRequest": {
        "type": "object",
        "required": [
          "config"
        ],
        "additionalProperties": false,
        "properties": {
          "config": {
            "$ref": "#/components/schemas/WebhookConfig",
            "description": "The config to test, as a create takes it; its name need not be unique."
          },
          "trigger": {
            "$ref": "#/components/schemas/Trigger",
            "description": "The sample event to send; the config's first trigger when absent."
          },
          "webhookId": {
            "type": "string",
            "description": "The stored webhook that `config` edits; each secret of `config` that is `[REDACTED]` takes this webhook's stored secret."
          }
        }
      },
      "SampleEvents": {
        "type": "object",
        "description": "The sample event of each trigger, keyed by trigger.",
        "required": [
          "RequestCreated",
          "RequestApproved",
          "RequestRejected",
          "RequestGranted",
          "RequestExpired",
          "RequestFailed"
        ],
        "additionalProperties": false,
        "properties": {
          "RequestCreated": {
            "$ref": "#/components/schemas/AccessRequestEvent"
          },
          "RequestApproved": {
            "$ref": "#/components/schemas/AccessRequestEvent"
          },
          "RequestRejected": {
            "$ref": "#/components/schemas/AccessRequestEvent"
          },
          "RequestGranted": {
            "$ref": "#/components/schemas/AccessRequestEvent"
          },
          "RequestExpired": {
            "$ref": "#/components/schemas/AccessRequestEvent"
          },
          "RequestFailed": {
            "$ref": "#/components/schemas/AccessRequestEvent"
          }
        }
      },
      "OktaUrlRequest": {
        "type": "object",
        "required": [
          "url"
        ],
        "additionalProperties": false,
        "properties": {
          "url": {
            "type": "string",
            "description": "The URL as typed; it may carry a client token."
          }
        }
      },
      "OktaUrlDescription": {
        "type": "object",
        "required": [
          "okta",
          "flowPath"
        ],
        "properties": {
          "okta": {
            "description": "The Okta Workflows URL form on an Okta Workflows host, or null for any other URL.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/OktaUrl"
              },
              {
                "type": "null"
              }
            ]
          },
          "flowPath": {
            "description": "Okta's flow path on any host (the mock serves the same paths), or null for another path.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/FlowPath"
              },
              {
                "type": "null"
              }
            ]
          }
        }
      },
      "OktaUrl": {
        "type": "object",
        "required": [
          "form",
          "org",
          "workflowsHost",
          "orgTokenUrl",
          "clientTokenIn",
          "description"
        ],
        "properties": {
          "form": {
            "type": "string",
            "enum": [
              "invoke",
              "client-token-path"
            ],
            "description": "`invoke`: …/api/flo/<alias>/invoke; `client-token-path`: the Apono guide's …/api/flo/<clientToken>."
          },
          "org": {
            "type": "string"
          },
          "workflowsHost": {
            "type": "string",
            "description": "`<org>.workflows.okta.com` or the same on another region domain."
          },
          "orgTokenUrl": {
            "type": "string",
            "description": "The org authorization server's token endpoint on the same region domain."
          },
          "alias": {
            "type": "string",
            "description": "The flow alias of the invoke form."
          },
          "clientTokenIn": {
            "description": "Where the URL carries the client token, or null when it carries none.",
            "oneOf": [
              {
                "type": "string",
                "enum": [
                  "query",
                  "path"
                ]
              },
              {
                "type": "null"
              }
            ]
          },
          "description": {
            "type": "string",
            "description": "One sentence for people."
          }
        }
      },
      "FlowPath": {
        "oneOf": [
          {
            "type": "object",
            "required": [
              "form",
              "alias"
            ],
            "additionalProperties": false,
            "properties": {
              "form": {
                "type": "string",
                "const": "invoke"
              },
              "alias": {
                "type": "string"
              }
            }
          },
          {
            "type": "object",
            "description": "The client token is the last path segment; it is not shown.",
            "required": [
              "form"
            ],
            "additionalProperties": false,
            "properties": {
              "form": {
                "type": "string",
                "const": "client-token-path"
              }
            }
          }
        ]
      },
      "IngestResult": {
        "type": "object",
        "required": [
          "eventId",
          "eventType",
          "deliveries",
          "skipped"
        ],
        "properties": {
          "eventId": {
            "type": "string",
            "description": "`evt_…`"
          },
          "eventType": {
            "$ref": "#/components/schemas/Trigger"
          },
          "deliveries": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "id",
                "webhookId",
                "webhook"
              ],
              "properties": {
                "id": {
                  "type": "string",
                  "description": "The delivery id, sent as the `webhook-id` header."
                },
                "webhookId": {
                  "type": "string"
                },
                "webhook": {
                  "type": "string",
                  "description": "The webhook's name."
                }
              }
            }
          },
          "skipped": {
            "type": "array",
            "description": "The webhooks that do not take this event, each with why.",
            "items": {
              "type": "object",
              "required": [
                "webhookId",
                "webhook",
                "reason"
              ],
              "properties": {
                "webhookId": {
                  "type": "string"
                },
                "webhook": {
                  "type": "string"
                },
                "reason": {
                  "type": "string"
                }
              }
            }
          }
        }
      },
      "DeliveryStatus": {
        "type": "string",
        "description": "`pending` waits for `nextAttemptAt`; `in_flight` is being sent; `delivered` and `failed` are final\nuntil a replay.\n",
        "enum": [
          "pending",
          "in_flight",
          "delivered",
          "failed"
        ]
      },
      "DeliverySummary": {
        "type": "object",
        "required": [
          "id",
          "eventId",
          "webhookId",
          "webhook",
          "trigger",
          "status",
          "attemptCount",
          "lastReason",
          "lastHttpStatus",
          "nextAttemptAt",
          "createdAt",
          "updatedAt",
          "completedAt",
          "version"
        ],
        "properties": {
          "id": {
            "type": "string",
            "description": "The `webhook-id` header of every attempt: `dlv_…`."
          },
          "eventId": {
            "type": "string"
          },
          "webhookId": {
            "type": "string"
          },
          "webhook": {
            "type": "string",
            "description": "The webhook's name."
          },
          "trigger": {
            "$ref": "#/components/schemas/Trigger"
          },
          "status": {
            "$ref": "#/components/schemas/DeliveryStatus"
          },
          "attemptCount": {
            "type": "integer"
          },
          "lastReason": {
            "type": [
              "string",
              "null"
            ],
            "description": "What the last attempt led to, e.g. `HTTP 503; next attempt 3 of 8 in 5 min`."
          },
          "lastHttpStatus": {
            "type": [
              "integer",
              "null"
            ]
          },
          "nextAttemptAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          },
          "completedAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "version": {
            "type": "integer",
            "description": "Grows with the changes of the deliveries (on PostgreSQL, the id of the transaction that last changed it)."
          }
        }
      },
      "DeliveryList": {
        "type": "object",
        "required": [
          "deliveries",
          "cursor"
        ],
        "properties": {
          "deliveries": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/DeliverySummary"
            }
          },
          "cursor": {
            "type": "integer",
            "description": "Pass as `cursor` to get the deliveries that change next."
          }
        }
      },
      "Attempt": {
        "type": "object",
        "required": [
          "number",
          "startedAt",
          "durationMs",
          "outcome",
          "httpStatus",
          "reason",
          "nextAttemptAt",
          "record"
        ],
        "properties": {
          "number": {
            "type": "integer",
            "description": "1, 2, … over the life of the delivery, replays included."
          },
          "startedAt": {
            "type": "string",
            "format": "date-time"
          },
          "durationMs": {
            "type": "number"
          },
          "outcome": {
            "type": "string",
            "enum": [
              "delivered",
              "retry",
              "failed"
            ],
            "description": "What the attempt led to."
          },
          "httpStatus": {
            "type": [
              "integer",
              "null"
            ]
          },
          "reason": {
            "type": "string"
          },
          "nextAttemptAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "record": {
            "$ref": "#/components/schemas/InvocationRecord"
          }
        }
      },
      "DeliveryDetail": {
        "allOf": [
          {
            "$ref": "#/components/schemas/DeliverySummary"
          },
          {
            "type": "object",
            "required": [
              "event",
              "attempts"
            ],
            "properties": {
              "event": {
                "$ref": "#/components/schemas/AccessRequestEvent"
              },
              "attempts": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Attempt"
                }
              }
            }
          }
        ]
      },
      "ReplayResult": {
        "type": "object",
        "required": [
          "replayed"
        ],
        "properties": {
          "replayed": {
            "type": "integer",
            "description": "How many deliveries are due again."
          }
        }
      },
      "Health": {
        "type": "object",
        "required": [
          "status"
        ],
        "properties": {
          "status": {
            "type": "string",
            "enum": [
              "ok",
              "degraded",
              "stopping"
            ]
          },
          "database": {
            "$ref": "#/components/schemas/DatabaseHealth"
          }
        }
      },
      "DatabaseHealth": {
        "type": "object",
        "description": "Whether the database takes writes; `unavailable` from a failure of the database itself until a write succeeds.",
        "required": [
          "status"
        ],
        "properties": {
          "status": {
            "type": "string",
            "enum": [
              "ok",
              "unavailable"
            ]
          },
          "databaseCode": {
            "type": "string",
            "description": "The database's own code for the failure, e.g. SQLITE_FULL, SQLITE_IOERR_WRITE; on PostgreSQL the server's SQLSTATE (57P01, 53100) or the connection's error (ECONNREFUSED)."
          },
          "message": {
            "type": "string"
          },
          "hint": {
            "type": "string",
            "description": "What to do about it."
          },
          "since": {
            "type": "string",
            "format": "date-time",
            "description": "When the first failure since the last successful write happened."
          }
        }
      }
    }
  }
};
