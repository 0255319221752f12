import { once } from 'node:events';
import http from 'node:http';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../../server/config';
import { type RunningServer, startServer } from '../../server/main';
import { createLogger } from '../../server/shared/logger';
import { testDatabaseUri, uniqueDbName } from '../helpers/test-app';

let running: RunningServer;
let uri: string;

beforeAll(async () => {
  const url = new URL(testDatabaseUri());
  url.pathname = `/${uniqueDbName(__filename)}`;
  uri = url.toString();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    MONGODB_URI: uri,
    LOG_LEVEL: 'silent',
  });
  running = await startServer(config, createLogger('silent'));
});

afterAll(async () => {
  const client = await new MongoClient(uri).connect();
  await client.db().dropDatabase();
  await client.close();
});

it('finishes a request that is in flight at shutdown, refuses new ones, then closes the database', async () => {
  const { port } = running.server.address() as { port: number };
  const body = JSON.stringify({ message: 'sent while the server shuts down' });
  const req = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/api/feedback',
    headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
  });
  const response = once(req, 'response') as Promise<[http.IncomingMessage]>;
  const arrived = once(running.server, 'request');
  req.write(body.slice(0, 10));
  await arrived;

  const closed = running.close();
  const refused = await new Promise<string>((resolve) => {
    http
      .get({ host: '127.0.0.1', port, path: '/healthz' }, () => resolve('accepted'))
      .on('error', (e) => resolve((e as NodeJS.ErrnoException).code ?? 'error'));
  });
  expect(refused).toBe('ECONNREFUSED');

  req.end(body.slice(10));
  const [res] = await response;
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  expect(res.statusCode).toBe(201);
  expect(JSON.parse(Buffer.concat(chunks).toString()).data.message).toBe('sent while the server shuts down');

  await closed;
  expect(running.connection.readyState).toBe(0);
  const client = await new MongoClient(uri).connect();
  expect(
    await client.db().collection('feedback').countDocuments({ message: 'sent while the server shuts down' }),
  ).toBe(1);
  await client.close();
});
