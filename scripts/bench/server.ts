import express from 'express';
import { createRuntime } from '../../server/runtime';
import { createLogger } from '../../server/shared/logger';
import { loadTargetConfig } from '../lib/load-target';
import { seedContent } from '../seed';
import { seedForumBench } from './forum';

/**
 * The benchmark's server process: the real app on the real database (MONGODB_URI), plus a bare
 * Express JSON route in the same process as the baseline. Reports both ports over IPC.
 */
async function main(): Promise<void> {
  const config = loadTargetConfig();
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
