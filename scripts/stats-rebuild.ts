import { loadConfig } from '../server/config';
import { buildStats } from '../server/modules/outreach/outreach.module';
import { rebuildRollups } from '../server/modules/outreach/stats.rebuild';
import { connectDatabase, syncIndexes } from '../server/shared/db';

/**
 * `npm run stats:rebuild` — recomputes every rollup, cell and first-seen marker from the event
 * log (stop the writers first). `npm run stats:rebuild -- --sweep` only finishes events that a
 * crashed writer left half-applied (safe while the app runs; schedule it every few minutes).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.db.uri) throw new Error('MONGODB_URI is required');
  const connection = await connectDatabase({ uri: config.db.uri, serverSelectionTimeoutMs: 5000 });
  try {
    const stats = buildStats(connection, config);
    await syncIndexes(connection);
    if (process.argv.includes('--sweep')) {
      process.stdout.write(`finished ${await stats.events.sweep()} pending events\n`);
      return;
    }
    const started = Date.now();
    const report = await rebuildRollups(stats.repo, stats.regions, (n) => {
      if (process.stdout.isTTY) process.stdout.write(`\rreplayed ${n} events`);
    });
    process.stdout.write(
      `\nrebuilt ${JSON.stringify(report)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`stats:rebuild failed: ${String(err)}\n`);
  process.exit(1);
});
