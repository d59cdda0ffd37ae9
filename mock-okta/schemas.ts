/** `openapi/mock-okta.yaml`: flow definitions, OAuth clients, the config file and the admin API. */
import { document } from '../openapi/generated/mock-okta.document.js';
import { openApiSchemas, type OpenApiSchemas } from '../src/schemas.js';

export const mockOktaSchemas: OpenApiSchemas = openApiSchemas('mock-okta.yaml', document);
