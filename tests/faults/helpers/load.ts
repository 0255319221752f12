import http from 'node:http';

/** One request an operation wants to make next. */
export interface PlannedRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** What identifies the stored record if the write is acknowledged (read from the response). */
  readonly ackId?: (body: unknown) => string | undefined;
  /** The record's identity as the test knows it before sending (e.g. an idempotency key). */
  readonly attemptId?: string;
}

/** A kind of request in the mix; next() returns null when it has nothing left to do. */
export interface Operation {
  readonly kind: string;
  readonly write: boolean;
  next(): PlannedRequest | null;
}

/** What happened to one request: an HTTP status, or a client-side error code. */
export interface Outcome {
  readonly kind: string;
  readonly write: boolean;
  readonly status: number;
  /** Sent as X-Request-Id, so the server's log lines can be matched to the request. */
  readonly requestId: string;
  readonly error?: string;
  readonly retryAfter?: string;
  readonly contentType?: string;
  readonly code?: string;
  readonly ackId?: string;
  readonly attemptId?: string;
  readonly startedAt: number;
  readonly ms: number;
}

export interface LoadOptions {
  readonly clients: number;
  /** Pause of each client between two requests. */
  readonly pauseMs: number;
  /** A request without an answer after this long counts as hung (error 'timeout'). */
  readonly timeoutMs: number;
  /** false → a new connection per request, so a refused connection is told apart from a cut one. */
  readonly keepAlive: boolean;
}

export interface RunningLoad {
  readonly outcomes: Outcome[];
  /** Requests sent so far (answered or not). */
  sent(): number;
  /** Lets each client finish its current request, then resolves with every outcome. */
  stop(): Promise<Outcome[]>;
}

/** Runs `clients` loops over `operations` (round robin, each client from its own offset) against `baseUrl`. */
export function runLoad(
  baseUrl: string,
  operations: readonly Operation[],
  options: LoadOptions,
): RunningLoad {
  const agent = new http.Agent({ keepAlive: options.keepAlive, maxSockets: options.clients });
  const outcomes: Outcome[] = [];
  let stopping = false;
  let sent = 0;
  const client = async (offset: number) => {
    for (let i = offset; !stopping; i++) {
      const op = operations[i % operations.length] as Operation;
      const planned = op.next();
      if (!planned) continue;
      sent++;
      outcomes.push(await send(baseUrl, agent, op, planned, options.timeoutMs));
      if (options.pauseMs > 0) await new Promise((r) => setTimeout(r, options.pauseMs));
    }
  };
  const loops = Array.from({ length: options.clients }, (_, c) => client(c));
  return {
    outcomes,
    sent: () => sent,
    async stop() {
      stopping = true;
      await Promise.all(loops);
      agent.destroy();
      return outcomes;
    },
  };
}

let sequence = 0;

/** Sends one planned request and records its outcome; never rejects. */
export function send(
  baseUrl: string,
  agent: http.Agent | false,
  op: Pick<Operation, 'kind' | 'write'>,
  planned: PlannedRequest,
  timeoutMs: number,
): Promise<Outcome> {
  const startedAt = Date.now();
  const requestId = `${op.kind}-${++sequence}`;
  const payload = planned.body === undefined ? undefined : JSON.stringify(planned.body);
  const base = { kind: op.kind, write: op.write, startedAt, requestId, attemptId: planned.attemptId };
  return new Promise((resolve) => {
    const req = http.request(`${baseUrl}${planned.path}`, {
      method: planned.method,
      agent,
      headers: {
        ...(payload
          ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }
          : {}),
        'X-Request-Id': requestId,
        ...planned.headers,
      },
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
    req.on('error', (err: NodeJS.ErrnoException) =>
      resolve({ ...base, status: 0, error: err.code ?? err.message, ms: Date.now() - startedAt }),
    );
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => {});
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        const json = parseJson(text);
        const status = res.statusCode ?? 0;
        resolve({
          ...base,
          status,
          retryAfter: res.headers['retry-after'],
          contentType: res.headers['content-type'],
          code: (json as { code?: string } | undefined)?.code,
          ackId: status >= 200 && status < 300 ? planned.ackId?.(json) : undefined,
          ms: Date.now() - startedAt,
        });
      });
    });
    req.end(payload);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Counts outcomes by `status` (or client error code), e.g. { '201': 40, '503': 12, ECONNREFUSED: 3 }. */
export function tally(outcomes: readonly Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.status ? String(o.status) : String(o.error);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
