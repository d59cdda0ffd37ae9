/** `openapi/flowhook.yaml`: events, webhook configs and the management API. */
import { document } from '../openapi/generated/flowhook.document.js';
import { openApiSchemas, type OpenApiSchemas } from './schemas.js';

export const flowhookSchemas: OpenApiSchemas = openApiSchemas('flowhook.yaml', document);
