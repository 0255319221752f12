import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Express, Router } from 'express';
import helmet from 'helmet';
import { z } from 'zod';
import { policyTable } from '../policies';
import { PROJECT_ROOT } from '../shared/paths';
import { handle } from '../shared/validate';
import { type GeneratedSpec, generateOpenApi } from './generate';
import { moduleDocs } from './responses';

/** Swagger UI's files we serve from node_modules (an allow-list: nothing else in the folder is reachable). */
export const DOCS_ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
} as const;
const ASSETS_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const AssetParams = z.strictObject({ file: z.enum(Object.keys(DOCS_ASSETS) as [keyof typeof DOCS_ASSETS]) });

/**
 * The reference page runs only our own files: no inline script or style, no CDN, nothing but
 * 'self' (the browser test checks Swagger UI renders with no violation). Its icons are data: SVGs.
 */
const DOCS_CSP = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
});

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>learning-hub API reference</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

/**
 * The contract routes; `publish(app)` generates the document once, after every router is mounted
 * (and leaves it in `app.locals.openapi` for the tests' response check).
 */
export function openApiRouter(): { router: Router; publish(app: Express): GeneratedSpec } {
  const router = Router();
  let body = '';
  router.get(
    '/openapi.json',
    handle({}, (_input, _req, res) => {
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.type('application/json').send(body);
    }),
  );
  router.get(
    '/docs',
    DOCS_CSP,
    handle({}, (_input, _req, res) => {
      res.type('text/html; charset=utf-8').send(PAGE);
    }),
  );
  router.get(
    '/docs/init.js',
    handle({}, (_input, _req, res) => {
      res.type('text/javascript; charset=utf-8').send(INIT);
    }),
  );
  router.get(
    '/docs/assets/:file',
    handle({ params: AssetParams }, ({ params }, _req, res) => {
      res.setHeader('Cache-Control', 'public, max-age=86400');
      res.type(DOCS_ASSETS[params.file]).sendFile(path.join(ASSETS_DIR, params.file));
    }),
  );
  return {
    router,
    publish(app) {
      const spec = buildSpec(app);
      body = JSON.stringify(spec.document);
      app.locals.openapi = spec.document;
      return spec;
    },
  };
}

const VERSION = (
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/** The document of `app` with every module's docs and the policy table (also used by the tests). */
export function buildSpec(app: Express): GeneratedSpec {
  return generateOpenApi(app, { version: VERSION, modules: moduleDocs, policies: policyTable });
}
