import { loadConfig } from '../server/config';
import type { DigestPeriod } from '../server/modules/forum/digest.model';
import { buildServices } from '../server/services';
import { connectDatabase } from '../server/shared/db';

/**
 * `npm run forum:digest [daily|weekly]` (both when omitted): sends the forum email digests due
 * now, e.g. from cron instead of (or besides) the in-process scheduler. Safe to run any number
 * of times and alongside app processes: each user's digest of a period is claimed once.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  if (!config.db.uri) throw new Error('MONGODB_URI is required for npm run forum:digest');
  const arg = process.argv[2];
  if (arg !== undefined && arg !== 'daily' && arg !== 'weekly') {
    process.stderr.write('usage: npm run forum:digest [daily|weekly]\n');
    return 2;
  }
  const periods: DigestPeriod[] = arg ? [arg] : ['daily', 'weekly'];
  const connection = await connectDatabase({ uri: config.db.uri, serverSelectionTimeoutMs: 5000 });
  try {
    const { forum } = buildServices(connection, config);
    let failed = 0;
    for (const period of periods) {
      const result = await forum.digests.run(period);
      failed += result.failed;
      process.stdout.write(`${period}: ${result.sent} sent, ${result.failed} failed\n`);
    }
    return failed > 0 ? 1 : 0;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`forum:digest failed: ${String(err)}\n`);
    process.exit(1);
  },
);
