import type { Server } from 'node:http';
import { type Config, loadConfig } from './config';
import { createRuntime, type Runtime } from './runtime';
import { answerClientErrors } from './shared/client-errors';
import { createLogger, type Logger } from './shared/logger';

const LEARNING_SWEEP_MS = 60_000;
const DIGEST_CHECK_MS = 15 * 60_000;

export interface RunningServer extends Runtime {
  readonly url: string;
  readonly server: Server;
}

/**
 * Builds the runtime, runs `beforeListen` (e.g. first-start seeding), and listens; close()
 * drains requests, then closes search and the database.
 */
export async function startServer(
  config: Config,
  logger: Logger,
  beforeListen?: (runtime: Runtime) => Promise<void>,
): Promise<RunningServer> {
  const runtime = await createRuntime(config, logger);
  await beforeListen?.(runtime).catch(async (err: unknown) => {
    await runtime.close();
    throw err;
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = runtime.app.listen(config.http.port, config.http.host, (err?: Error) =>
      err ? reject(err) : resolve(s),
    );
  }).catch(async (err: unknown) => {
    await runtime.close();
    throw err;
  });
  // Node's default (300 s) would cut off a 2 GiB upload on a slow link; idle sockets are
  // still closed by headersTimeout and keepAliveTimeout.
  server.requestTimeout = config.http.requestTimeoutMs;
  answerClientErrors(server, config.i18n.defaultLocale);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const url = `http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${port}`;
  logger.info({ url, search: runtime.search.name }, 'learning-hub listening');
  // Delivers learning events a crash left undelivered (see docs/learning.md).
  const stopSweeper = runtime.services.learning.startSweeper(LEARNING_SWEEP_MS, (err) =>
    logger.error({ err }, 'learning outbox sweep failed'),
  );
  // Announces forum posts whose background announcement a crash or error cut short (docs/forum.md).
  const stopForumSweeper = runtime.services.forum.startSweeper(LEARNING_SWEEP_MS);
  // Forum email digests (daily/weekly; claimed per user and period, so every process may run it).
  const stopDigests = runtime.services.forum.startDigestScheduler(DIGEST_CHECK_MS);

  let closing: Promise<void> | undefined;
  const close = () => {
    stopSweeper();
    stopForumSweeper();
    stopDigests();
    closing ??= drain(server, config.http.shutdownTimeoutMs, logger).then(async () => {
      await runtime.services.learning.idle();
      await runtime.services.forum.idle();
      await runtime.close();
      logger.info('learning-hub stopped');
    });
    return closing;
  };
  return { ...runtime, url, server, close };
}

/** Closes the listener, lets in-flight requests finish, and forces the rest after `timeoutMs`. */
function drain(server: Server, timeoutMs: number, logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      logger.warn('shutdown timeout: closing remaining connections');
      server.closeAllConnections();
    }, timeoutMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Stops `running` on SIGTERM/SIGINT, then runs `after` (e.g. stopping a local database). */
export function handleSignals(running: RunningServer, logger: Logger, after?: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await running.close();
      await after?.();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(78);
  }
  const logger = createLogger(config.log.level);
  const running = await startServer(config, logger);
  handleSignals(running, logger);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(
      `learning-hub failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  });
}
