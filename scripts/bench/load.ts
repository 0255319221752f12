import http from 'node:http';

/** One HTTP request of a workload, with the statuses the workload expects from it. */
export interface Call {
  readonly label: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly expect: readonly number[];
  /** Called with the parsed JSON body of an expected response (the workload learns ids from it). */
  readonly onJson?: (json: unknown) => void;
}

/** Latencies (ms) and outcomes of a window of requests. */
export interface Window {
  readonly latencies: number[];
  /** Latencies per call label. */
  readonly byLabel: Map<string, number[]>;
  requests: number;
  errors: number;
  readonly errorSamples: Map<string, number>;
}

export const newWindow = (): Window => ({
  latencies: [],
  byLabel: new Map(),
  requests: 0,
  errors: 0,
  errorSamples: new Map(),
});

/** The p-th percentile (0..100) of `values` in ms, rounded to 0.1. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, i)] as number) * 10) / 10;
}

/**
 * A keep-alive HTTP client over one or more servers (round-robin per request), so the load
 * generator measures the app rather than TCP handshakes. `sockets` caps connections per server.
 */
export function createClient(ports: readonly number[], sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  let turn = 0;
  return {
    /** Sends `call`; resolves with the status (0 on a network error) and the body when wanted. */
    send(call: Call): Promise<{ status: number; body?: string; error?: string }> {
      const port = ports[turn++ % ports.length] as number;
      return new Promise((resolve) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            method: call.method,
            path: call.path,
            agent,
            headers: {
              ...(call.body ? { 'content-type': 'application/json' } : {}),
              ...call.headers,
            },
          },
          (res) => {
            const status = res.statusCode ?? 0;
            // Bodies are read only where needed: ids the workload learns, and unexpected answers.
            if (!call.onJson && call.expect.includes(status)) {
              res.resume();
              res.on('end', () => resolve({ status }));
              return;
            }
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status, body: Buffer.concat(chunks).toString('utf8') }));
          },
        );
        req.on('error', (err) => resolve({ status: 0, error: err.message }));
        req.end(call.body);
      });
    },
    close: () => agent.destroy(),
  };
}

export type Client = ReturnType<typeof createClient>;

/** Sends one call and records it in `window` (latency measured from `since`, in ms). */
export async function record(client: Client, call: Call, since: bigint, window: () => Window) {
  const out = await client.send(call);
  const w = window();
  w.requests++;
  const ms = Number(process.hrtime.bigint() - since) / 1e6;
  w.latencies.push(ms);
  const perLabel = w.byLabel.get(call.label) ?? [];
  if (perLabel.length === 0) w.byLabel.set(call.label, perLabel);
  perLabel.push(ms);
  if (!call.expect.includes(out.status)) {
    w.errors++;
    const detail = out.body ? ` ${out.body.slice(0, 160)}` : '';
    const key = `${call.label} → ${out.status || out.error}${out.status ? detail : ''}`;
    w.errorSamples.set(key, (w.errorSamples.get(key) ?? 0) + 1);
    return;
  }
  try {
    if (call.onJson && out.body) call.onJson(JSON.parse(out.body));
  } catch {
    w.errors++;
    w.errorSamples.set(
      `${call.label} → unreadable body`,
      (w.errorSamples.get(`${call.label} → unreadable body`) ?? 0) + 1,
    );
  }
}

/** Closed loop: `concurrency` workers send back to back for `seconds`; returns the window. */
export async function runClosed(
  client: Client,
  next: () => Call,
  concurrency: number,
  seconds: number,
): Promise<Window & { seconds: number }> {
  const window = newWindow();
  const started = process.hrtime.bigint();
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) await record(client, next(), process.hrtime.bigint(), () => window);
    }),
  );
  return { ...window, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/**
 * Open loop at `rate` req/s for `seconds`: request i is due at start + i/rate and its latency
 * counts from that moment, so a stalled server shows as latency (no coordinated omission).
 * At most `maxInFlight` requests are outstanding; the backlog waits and its wait is counted.
 * `windowOf(elapsedMs)` picks the window a finished request is recorded in.
 */
export async function runPaced(
  client: Client,
  next: () => Call,
  o: { rate: number; seconds: number; maxInFlight: number; windowOf: (elapsedMs: number) => Window },
): Promise<void> {
  const start = process.hrtime.bigint();
  const total = Math.floor(o.rate * o.seconds);
  const dueAt = (i: number) => start + BigInt(Math.round((i / o.rate) * 1e9));
  let sent = 0;
  let inFlight = 0;
  let timer: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve) => {
    const pump = () => {
      clearTimeout(timer);
      const now = process.hrtime.bigint();
      while (sent < total && inFlight < o.maxInFlight && dueAt(sent) <= now) {
        const since = dueAt(sent++);
        inFlight++;
        void record(client, next(), since, () =>
          o.windowOf(Number(process.hrtime.bigint() - start) / 1e6),
        ).then(() => {
          inFlight--;
          if (sent >= total && inFlight === 0) resolve();
          else if (inFlight === o.maxInFlight - 1 && sent < total) pump();
        });
      }
      // While at the cap, a finishing request pumps again; otherwise wake at the next due time.
      if (sent < total && inFlight < o.maxInFlight)
        timer = setTimeout(pump, Math.max(1, Number(dueAt(sent) - now) / 1e6));
    };
    pump();
  });
}
