import express from 'express';
import { loadConfig } from '../../server/config';
import { createRuntime } from '../../server/runtime';
import { createLogger } from '../../server/shared/logger';
import { seedContent } from '../seed';
import { seedForumBench } from './forum';

/**
 * The benchmark's server process: the real app on the real database (MONGODB_URI), plus a bare
 * Express JSON route in the same process as the baseline. Reports both ports over IPC.
 */
async function main(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    SESSION_SECRET: 'x'.repeat(32),
    ISSUER_KEY_SECRET: 'k'.repeat(32),
    LOG_LEVEL: 'silent',
    // The reply endpoint posts thousands of times as one user.
    FORUM_POSTS_PER_WINDOW: '100000000',
    // One client address sends every request: the per-IP and per-account limits would count 429s.
    RATE_LIMIT_SEARCH_PER_MINUTE: '0',
    RATE_LIMIT_EXPORTS_PER_HOUR: '0',
    RATE_LIMIT_UPLOADS_PER_HOUR: '0',
  });
  const runtime = await createRuntime(config, createLogger('silent'));
  await seedContent(runtime.services);
  const extra = await seedForumBench(runtime.services);
  const app = runtime.app.listen(0, '127.0.0.1');
  const bare = express();
  bare.get('/ping', (_req, res) => {
    res.json({ data: { ok: true } });
  });
  const baseline = bare.listen(0, '127.0.0.1');
  await Promise.all([app, baseline].map((s) => new Promise((r) => s.once('listening', r))));
  const port = (s: typeof app) => (s.address() as { port: number }).port;
  process.send?.({ appPort: port(app), baselinePort: port(baseline), extra });
  process.on('disconnect', () => {
    app.close();
    baseline.close();
    void runtime.close().then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench server failed: ${String(err)}\n`);
  process.exit(1);
});
