import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMeiliEngine, MEILI_SETTINGS, meiliFilter } from '../../../server/modules/search/meili.engine';
import { AppError } from '../../../server/shared/errors';
import { searchCorpus } from '../../helpers/search-corpus';

/**
 * The Meilisearch engine against the official client and a fake Meilisearch HTTP API on
 * 127.0.0.1 (no server binary is available here; the contract suite covers a real one when
 * MEILI_URL is set). Checks the requests we send and how failures map to our taxonomy.
 */
interface Call {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}
const LIVE = 'learninghub_documents';
const ASIDE = `${LIVE}_rebuild`;

function fakeMeili(options: { failSearch?: boolean } = {}) {
  const calls: Call[] = [];
  const indexes = new Set([LIVE]);
  let task = 0;
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const enqueue = (res: ServerResponse) =>
    send(res, 202, { taskUid: ++task, status: 'enqueued', type: 'x', enqueuedAt: new Date().toISOString() });
  const route = (req: IncomingMessage, res: ServerResponse, path: string) => {
    const m = /^\/indexes\/([^/]+)(\/.*)?$/.exec(path);
    if (path.startsWith('/tasks/'))
      return send(res, 200, { uid: Number(path.slice(7)), status: 'succeeded', error: null });
    if (path === '/swap-indexes' || (req.method === 'POST' && path === '/indexes')) return enqueue(res);
    if (!m) return send(res, 404, { message: 'no route', code: 'not_found', type: 'invalid_request' });
    const [, uid = '', rest = ''] = m;
    if (req.method === 'DELETE' && rest === '') return enqueue(res);
    if (rest === '' && !indexes.has(uid))
      return send(res, 404, { message: 'missing', code: 'index_not_found', type: 'invalid_request' });
    if (rest === '') return send(res, 200, { uid, primaryKey: 'id' });
    if (rest === '/settings' && req.method === 'GET')
      return send(res, 200, uid === LIVE ? MEILI_SETTINGS : {});
    if (rest === '/search' && options.failSearch)
      return send(res, 500, { message: 'boom', code: 'internal' });
    if (rest === '/search') return send(res, 200, { hits: [], totalHits: 0, facetDistribution: {} });
    return enqueue(res);
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      calls.push({ method: req.method ?? '', path, body: raw ? JSON.parse(raw) : undefined });
      route(req, res, path);
    });
  });
  return {
    calls,
    start: () =>
      new Promise<string>((r) =>
        server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
      ),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const writes = (calls: readonly Call[]) =>
  calls
    .filter((c) => c.method !== 'GET' && c.path !== '/indexes/learninghub_documents/search')
    .map((c) => `${c.method} ${c.path}`);

describe('Meilisearch engine (official client, fake HTTP API)', () => {
  it('applies settings only when they differ, and quotes filter values', async () => {
    const fake = fakeMeili();
    const engine = createMeiliEngine(await fake.start(), undefined);
    try {
      await engine.settings();
      expect(writes(fake.calls)).toEqual([]);
      await engine.query({
        text: 'inclusve',
        filters: { audience: 'a" OR "b' },
        lang: 'en',
        page: 2,
        pageSize: 5,
      });
      const search = fake.calls.find((c) => c.path.endsWith('/search'))?.body as Record<string, unknown>;
      expect(search).toMatchObject({
        page: 2,
        hitsPerPage: 5,
        matchingStrategy: 'all',
        filter: ['audience = "a\\" OR \\"b"'],
      });
      expect(meiliFilter({ collection: '(x) OR (1 = 1)' })).toEqual(['collection = "(x) OR (1 = 1)"']);
    } finally {
      await fake.stop();
    }
  });

  it('rebuilds into an aside index, then swaps it in and drops the old one', async () => {
    const fake = fakeMeili();
    const engine = createMeiliEngine(await fake.start(), undefined);
    try {
      await engine.rebuild((aside) => aside.upsert(searchCorpus()));
      expect(writes(fake.calls)).toEqual([
        `DELETE /indexes/${ASIDE}`,
        'POST /indexes',
        `PATCH /indexes/${ASIDE}/settings`,
        `POST /indexes/${ASIDE}/documents`,
        'POST /swap-indexes',
        `DELETE /indexes/${ASIDE}`,
      ]);
      expect(fake.calls.find((c) => c.path === '/swap-indexes')?.body).toEqual([{ indexes: [LIVE, ASIDE] }]);
    } finally {
      await fake.stop();
    }
  });

  it('does not swap when the fill fails', async () => {
    const fake = fakeMeili();
    const engine = createMeiliEngine(await fake.start(), undefined);
    try {
      await expect(engine.rebuild(() => Promise.reject(new Error('source down')))).rejects.toThrow(
        'source down',
      );
      expect(fake.calls.some((c) => c.path === '/swap-indexes')).toBe(false);
    } finally {
      await fake.stop();
    }
  });

  it('maps API errors and an unreachable server to search_unavailable', async () => {
    const fake = fakeMeili({ failSearch: true });
    const url = await fake.start();
    const query = { text: 'ai', filters: {}, lang: 'en', page: 1, pageSize: 5 };
    try {
      await expect(createMeiliEngine(url, undefined).query(query)).rejects.toMatchObject({
        code: 'search_unavailable',
      });
    } finally {
      await fake.stop();
    }
    const down = createMeiliEngine(url, undefined);
    await expect(down.query(query)).rejects.toBeInstanceOf(AppError);
    expect(await down.health()).toBe(false);
  });
});
