import type { ApiTokenRepository } from './api-token.repository';
import type { OneTimeTokenRepository } from './one-time-token.repository';
import type { SessionRepository } from './session.repository';

export interface AccountsMaintenance {
  /** Deletes expired API tokens, one-time tokens and sessions; returns how many of each. */
  sweep(now?: Date): Promise<{ apiTokens: number; oneTimeTokens: number; sessions: number }>;
  /** Runs `sweep` if this process has not in the last `everyMs` (called from login). */
  maybeSweep(): Promise<void>;
}

/**
 * Expiry without TTL indexes (FerretDB has none): expired rows are already refused at use;
 * this removes them. Sign-ins trigger it, at most once per interval (default 10 minutes) per
 * process, so a running platform cleans up without a scheduler.
 */
export function createAccountsMaintenance(deps: {
  apiTokens: ApiTokenRepository;
  oneTimeTokens: OneTimeTokenRepository;
  sessions: SessionRepository;
  clock: () => Date;
  everyMs?: number;
}): AccountsMaintenance {
  const everyMs = deps.everyMs ?? 600_000;
  let last = 0;
  const sweep = async (now = deps.clock()) => ({
    apiTokens: await deps.apiTokens.deleteExpired(now),
    oneTimeTokens: await deps.oneTimeTokens.deleteExpired(now),
    sessions: await deps.sessions.deleteExpired(now),
  });
  return {
    sweep,
    async maybeSweep() {
      const now = deps.clock();
      if (now.getTime() - last < everyMs) return;
      last = now.getTime();
      await sweep(now);
    },
  };
}
