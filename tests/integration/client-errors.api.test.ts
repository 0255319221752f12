import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { answerClientErrors } from '../../server/shared/client-errors';
import { createTestContext, type TestContext } from '../helpers/test-app';

/** Sends raw bytes and returns the whole raw answer (the server closes the connection). */
function rawExchange(port: number, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(payload));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

function parse(answer: string): { status: number; headers: string; body: Record<string, unknown> } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), headers: head, body: JSON.parse(body) };
}

describe('requests the HTTP parser rejects', () => {
  let ctx: TestContext;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    ctx = await createTestContext(__filename, { env: { DEFAULT_LOCALE: 'ru' } });
    server = createServer(ctx.app);
    answerClientErrors(server, ctx.config.i18n.defaultLocale);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await ctx.close();
  });

  it('answers headers over the limit with 431 problem+json in the default language', async () => {
    const answer = parse(
      await rawExchange(port, `GET /api/courses?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
    );
    expect(answer.status).toBe(431);
    expect(answer.headers).toMatch(/content-type: application\/problem\+json/i);
    expect(answer.body).toMatchObject({
      status: 431,
      code: 'headers_too_large',
      instance: '/api/courses',
      lang: 'ru',
      dir: 'ltr',
    });
    expect(answer.body.title).toBe('Слишком большие заголовки запроса');
    expect(String(answer.body.detail)).toContain('16384');
  });

  it('answers an unparsable request with 400 problem+json', async () => {
    const answer = parse(await rawExchange(port, 'GARBAGE\r\n\r\n'));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ status: 400, code: 'malformed_request', instance: '/' });
  });

  it('still serves ordinary requests on the same server', async () => {
    const answer = await rawExchange(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer.startsWith('HTTP/1.1 200')).toBe(true);
  });
});
