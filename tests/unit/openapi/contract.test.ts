import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import express, { type Express, Router } from 'express';
import request from 'supertest';
import { z } from 'zod';
import { generateOpenApi } from '../../../server/openapi/generate';
import { data, moduleDocs } from '../../../server/openapi/registry';
import { moduleDocs as allDocs } from '../../../server/openapi/responses';
import { PolicyTable, route } from '../../../server/shared/policy';
import { handle } from '../../../server/shared/validate';
import { ResponseContract } from '../../helpers/contract';

/** A two-route app: /healthz answers whatever body the test sets. */
function appAnswering(body: unknown, status = 200): Express {
  const app = express();
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.status(status).json(body);
  });
  router.get(
    '/api/things/:id',
    handle({ params: z.object({ id: z.string() }) }, (_i, _req, res) => {
      res.json({ data: { id: 'x' } });
    }),
  );
  app.use(router);
  return app;
}

const check = async (app: Express, path = '/healthz') => {
  const contract = new ResponseContract(app);
  contract.install(app);
  await request(app).get(path);
  return contract.violations;
};

describe('response contract check', () => {
  it('accepts a body that fits its schema', async () => {
    expect(await check(appAnswering({ data: { status: 'ok', uptimeSeconds: 3 } }))).toEqual([]);
  });

  it('reports a body that breaks its schema', async () => {
    const violations = await check(appAnswering({ data: { status: 'fine', uptimeSeconds: -1 } }));
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(/GET \/healthz → 200 .*\/data\/status/);
  });

  it('reports an undocumented status', async () => {
    const violations = await check(appAnswering({}, 418));
    expect(violations).toEqual([expect.stringMatching(/418 .*status not documented/)]);
  });

  it('ignores routes the document does not have', async () => {
    expect(await check(appAnswering({}), '/api/things/1')).toEqual([]);
  });
});

describe('generator', () => {
  const policies = new PolicyTable([route('GET', '/api/things/:id', ['staff'])]);
  const docs = moduleDocs({
    tag: 'things',
    description: 'Test',
    routes: {
      'GET /api/things/:id': {
        id: 'getThing',
        summary: 'A thing',
        responses: { 200: { description: 'The thing', schema: data(z.object({ id: z.string() })) } },
      },
      'GET /api/nowhere': { id: 'nowhere', summary: 'Stale', request: {}, responses: {} },
    },
  });

  it('lists undocumented routes and docs without a route', () => {
    const spec = generateOpenApi(appAnswering({}), { version: '0', modules: [docs], policies });
    expect(spec.undocumented).toEqual(['GET /healthz']);
    expect(spec.stale).toEqual(['GET /api/nowhere']);
  });

  it('derives parameters, security and error responses from the shape and the policy', () => {
    const { document } = generateOpenApi(appAnswering({}), { version: '0', modules: [docs], policies });
    const op = (document.paths as Record<string, Record<string, Record<string, unknown>>>)['/api/things/{id}']
      ?.get;
    expect(op?.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
    expect(op?.security).toEqual([{ sessionCookie: [] }, { bearerToken: [] }]);
    expect(op?.['x-roles']).toEqual(['staff']);
    expect(Object.keys(op?.responses as object).sort()).toEqual(
      ['200', '400', '401', '403', '404', '414', '503', 'default'].sort(),
    );
  });
});

describe('examples', () => {
  it('validate against the schemas they illustrate', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const failures: string[] = [];
    for (const mod of allDocs) {
      for (const [key, doc] of Object.entries(mod.routes)) {
        for (const [status, success] of Object.entries(doc.responses)) {
          for (const [name, example] of Object.entries(success.examples ?? {})) {
            if (!success.schema) continue;
            const json = z.toJSONSchema(success.schema, { io: 'output', unrepresentable: 'any' });
            if (!ajv.validate(json, example.value))
              failures.push(`${key} ${status} ${name}: ${ajv.errorsText()}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
