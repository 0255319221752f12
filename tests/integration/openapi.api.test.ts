import { compileErrors, validate } from '@readme/openapi-parser';
import request from 'supertest';
import { buildSpec } from '../../server/openapi/openapi.routes';
import { registeredRoutes } from '../../server/openapi/route-walk';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext(__filename);
});
afterAll(() => ctx.close());

type Json = Record<string, unknown>;
interface Operation {
  readonly operationId: string;
  readonly tags?: string[];
  readonly responses: Json;
}
const operations = (doc: Json) =>
  Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      key: `${method.toUpperCase()} ${path}`,
      op: op as Operation,
    })),
  );

describe('route coverage', () => {
  it('documents every route of the app with a request and a response schema', () => {
    const spec = buildSpec(ctx.app);
    expect(spec.undocumented).toEqual([]);
    expect(spec.stale).toEqual([]);
    const routes = registeredRoutes(ctx.app);
    expect(operations(spec.document)).toHaveLength(routes.length);
    const withoutSuccess = operations(spec.document)
      .filter(({ op }) => !Object.keys(op.responses).some((s) => /^[23]\d\d$/.test(s)))
      .map((o) => o.key);
    expect(withoutSuccess).toEqual([]);
  });

  it('gives every operation a unique operationId and a tag', () => {
    const ops = operations(buildSpec(ctx.app).document);
    const ids = ops.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ops.filter(({ op }) => !op.tags?.length).map((o) => o.key)).toEqual([]);
  });
});

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const res = await request(ctx.app).get('/openapi.json').expect(200).expect('Content-Type', /json/);
    expect(res.body.openapi).toMatch(/^3\.1\./);
    const result = await validate(structuredClone(res.body));
    if (!result.valid) throw new Error(compileErrors(result));
    expect(result.valid).toBe(true);
  });

  it('lists problem+json for errors and both auth schemes', async () => {
    const { body } = await request(ctx.app).get('/openapi.json').expect(200);
    expect(body.components.schemas.Problem.properties.code).toBeDefined();
    expect(body.components.responses.Problem404.content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
    expect(
      Object.keys(body.components.responses.Problem404.content['application/problem+json'].examples),
    ).toEqual(expect.arrayContaining(['ar', 'ru', 'zh']));
    expect(body.components.securitySchemes).toMatchObject({
      sessionCookie: { type: 'apiKey', in: 'cookie' },
      bearerToken: { type: 'http', scheme: 'bearer' },
    });
  });
});

describe('GET /docs', () => {
  it('serves the reference page with its renderer from our own origin under a strict CSP', async () => {
    const res = await request(ctx.app)
      .get('/docs')
      .expect(200)
      .expect('Content-Type', /text\/html/);
    const scripts = [...res.text.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toEqual(['/docs/assets/swagger-ui-bundle.js', '/docs/init.js']);
    expect(res.text).not.toMatch(/<script>(?!<\/script>)|https?:\/\//);
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe');
    for (const src of scripts) {
      const asset = await request(ctx.app)
        .get(src as string)
        .expect(200);
      expect(asset.headers['content-type']).toMatch(/javascript/);
    }
    await request(ctx.app).get('/docs/assets/swagger-ui.css').expect(200).expect('Content-Type', /css/);
  });

  it('serves only the listed assets', async () => {
    const res = await request(ctx.app).get('/docs/assets/package.json').expect(400);
    expect(res.body.code).toBe('validation_failed');
  });
});
