import { z } from 'zod';
import { moduleDocs } from '../registry';

/** GET /openapi.json and the reference page at /docs. */
export const openApiDocs = moduleDocs({
  tag: 'contract',
  description: 'This OpenAPI 3.1 document and its reference page',
  routes: {
    'GET /openapi.json': {
      id: 'getOpenApiDocument',
      summary: 'The OpenAPI 3.1 document of this API (generated at startup from the validating schemas)',
      responses: {
        200: {
          description: 'The document itself (not wrapped in `data`)',
          schema: z.looseObject({
            openapi: z.string().regex(/^3\.1\./),
            info: z.looseObject({}),
            paths: z.looseObject({}),
          }),
        },
      },
    },
    'GET /docs': {
      id: 'getApiReference',
      summary: 'API reference page (Swagger UI served from this origin)',
      responses: { 200: { description: 'HTML page', media: { 'text/html': {} } } },
    },
    'GET /docs/init.js': {
      id: 'getApiReferenceScript',
      summary: 'The script that starts the reference page',
      responses: { 200: { description: 'JavaScript', media: { 'text/javascript': {} } } },
    },
    'GET /docs/assets/:file': {
      id: 'getApiReferenceAsset',
      summary: 'A Swagger UI asset (stylesheet, bundle, icon)',
      responses: {
        200: { description: 'The file', media: { 'text/css': {}, 'text/javascript': {}, 'image/png': {} } },
      },
    },
  },
});
