import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseDisposition } from 'content-disposition';
import { ObjectId } from 'mongodb';
import request, { type Response } from 'supertest';
import { createUser, type TestUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { SAMPLES, sampleBody } from '../unit/files/samples';

const KiB = 1024;
const CHUNK = 255 * KiB;
const PDF_HEAD = SAMPLES[0]?.head ?? Buffer.alloc(0);
const MP4_HEAD = SAMPLES.find((s) => s.name === 'MP4')?.head ?? Buffer.alloc(0);

let ctx: TestContext;
let author: TestUser;
let otherAuthor: TestUser;
let staff: TestUser;
let learner: TestUser;
let server: http.Server;
let port: number;

beforeAll(async () => {
  ctx = await createTestContext(__filename, {
    env: { UPLOAD_IMAGE_MAX_BYTES: String(64 * KiB), UPLOAD_DOCUMENT_MAX_BYTES: String(1024 * KiB) },
  });
  [author, otherAuthor, staff, learner] = await Promise.all([
    createUser(ctx, { roles: ['author'] }),
    createUser(ctx, { roles: ['author'] }),
    createUser(ctx, { roles: ['staff'] }),
    createUser(ctx, { roles: ['learner'] }),
  ]);
  server = http.createServer(ctx.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await ctx.close();
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const files = () => ctx.db.collection('fs.files');
const chunks = () => ctx.db.collection('fs.chunks');

/** Uploads `body` as the `file` part; `fields` are sent before it. */
function upload(
  body: Buffer,
  filename: string,
  contentType: string,
  user = author,
  fields: Record<string, string> = {},
) {
  const req = request(ctx.app).post('/api/files').set(user.authHeader);
  for (const [k, v] of Object.entries(fields)) req.field(k, v);
  return req.attach('file', body, { filename, contentType });
}

/** Reads a binary response body into a Buffer. */
function binary(res: Response, done: (err: Error | null, body: Buffer) => void) {
  const stream = res as unknown as NodeJS.ReadableStream;
  const parts: Buffer[] = [];
  stream.on('data', (c: Buffer) => parts.push(c));
  stream.on('end', () => done(null, Buffer.concat(parts)));
}

const download = (id: string) => request(ctx.app).get(`/api/files/${id}`).buffer(true).parse(binary);

/** GridFS holds nothing beyond the files listed, and no chunk without its files document. */
async function expectGridFsHolds(ids: readonly string[]): Promise<void> {
  const stored = await files().find().project({ _id: 1 }).toArray();
  expect(stored.map((d) => String(d._id)).sort()).toEqual([...ids].sort());
  const owners = await chunks().distinct('files_id');
  for (const owner of owners) expect(ids).toContain(String(owner));
}

async function storedIds(): Promise<string[]> {
  return (await files().find().project({ _id: 1 }).toArray()).map((d) => String(d._id));
}

/** Polls `check` until true (bounded); waits for server-side cleanup without timing anything. */
async function eventually(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

describe('POST /api/files stores each allowed type, decided by content', () => {
  it.each(SAMPLES)('$name', async (sample) => {
    const body = sampleBody(sample.head, 3000);
    // Sent as octet-stream: the stored type comes from the bytes, not the client.
    const res = await upload(body, sample.filename, 'application/octet-stream').expect(201);
    expect(res.body.data).toMatchObject({
      filename: sample.filename,
      contentType: sample.contentType,
      kind: sample.kind,
      size: body.length,
      sha256: sha256(body),
      language: null,
    });
    expect(res.headers.location).toBe(`/api/files/${res.body.data.id}`);
    const doc = await files().findOne({ _id: new ObjectId(res.body.data.id as string) });
    expect(doc).toMatchObject({
      length: body.length,
      filename: sample.filename,
      metadata: {
        uploaderId: author.user.id,
        kind: sample.kind,
        contentType: sample.contentType,
        sha256: sha256(body),
        language: null,
      },
    });
    expect(doc?.uploadDate).toBeInstanceOf(Date);
    expect(await chunks().countDocuments({ files_id: doc?._id })).toBe(1);
  });

  it('streams a multi-chunk file into GridFS chunks in order', async () => {
    const body = sampleBody(MP4_HEAD, 3 * CHUNK + 1000);
    const res = await upload(body, 'lecture.mp4', 'video/mp4').expect(201);
    const stored = await chunks()
      .find({ files_id: new ObjectId(res.body.data.id as string) })
      .sort({ n: 1 })
      .toArray();
    expect(stored.map((c) => c.n)).toEqual([0, 1, 2, 3]);
    expect(Buffer.concat(stored.map((c) => Buffer.from(c.data.buffer)))).toEqual(body);
  });

  it('stores the language field (BCP 47, canonicalized) when it precedes the file', async () => {
    const body = sampleBody(PDF_HEAD);
    const res = await upload(body, 'guide.pdf', 'application/pdf', author, { language: 'zh-hans' }).expect(
      201,
    );
    expect(res.body.data.language).toBe('zh-Hans');
    const doc = await files().findOne({ _id: new ObjectId(res.body.data.id as string) });
    expect(doc?.metadata.language).toBe('zh-Hans');
    expect((await download(res.body.data.id).expect(200)).headers['content-language']).toBe('zh-Hans');
  });

  it('refuses a language field sent after the file, and keeps nothing', async () => {
    const before = await storedIds();
    const res = await request(ctx.app)
      .post('/api/files')
      .set(author.authHeader)
      .attach('file', sampleBody(PDF_HEAD), { filename: 'a.pdf', contentType: 'application/pdf' })
      .field('language', 'ar')
      .expect(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: ['language'], code: 'field_after_file' }),
    ]);
    await expectGridFsHolds(before);
  });

  it('refuses a malformed language tag', async () => {
    const res = await upload(sampleBody(PDF_HEAD), 'a.pdf', 'application/pdf', author, {
      language: 'not a tag',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: ['language'], code: 'invalid_language_tag' });
  });
});

describe('POST /api/files refuses', () => {
  it.each([
    ['PDF content claimed as PNG', PDF_HEAD, 'image/png', 'file_type_mismatch'],
    [
      'PNG content claimed as PDF',
      SAMPLES.find((s) => s.name === 'PNG')?.head,
      'application/pdf',
      'file_type_mismatch',
    ],
    ['HTML', Buffer.from('<!DOCTYPE html><script>alert(1)</script>'), 'text/html', 'file_type_not_allowed'],
    [
      'SVG',
      Buffer.from('<?xml version="1.0"?><svg onload="alert(1)"/>'),
      'image/svg+xml',
      'file_type_not_allowed',
    ],
    ['an executable', Buffer.from('MZ\x90\x00'), 'application/octet-stream', 'file_type_not_allowed'],
    ['a plain ZIP', Buffer.from('PK\x03\x04'), 'application/zip', 'file_type_not_allowed'],
    ['unknown bytes', Buffer.from('just some text'), 'text/plain', 'file_type_not_allowed'],
  ])('%s → 415', async (_name, head, claimed, code) => {
    const before = await storedIds();
    const res = await upload(sampleBody(head ?? Buffer.alloc(0), 2000), 'x.bin', claimed as string).expect(
      415,
    );
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe(code);
    await expectGridFsHolds(before);
  });

  it('explains a mismatch in the reader’s language', async () => {
    const res = await request(ctx.app)
      .post('/api/files?lang=ru')
      .set(author.authHeader)
      .attach('file', sampleBody(PDF_HEAD), { filename: 'x.png', contentType: 'image/png' })
      .expect(415);
    expect(res.body.title).toBe('Тип файла не совпадает с содержимым');
    expect(res.body.detail).toContain('image/png');
    expect(res.body.detail).toContain('application/pdf');
  });

  it('a file over its kind’s limit → 413, after chunks were written, with GridFS left clean', async () => {
    const before = await storedIds();
    const res = await request(ctx.app)
      .post('/api/files?lang=ar')
      .set(author.authHeader)
      .attach('file', sampleBody(PDF_HEAD, 1024 * KiB + 1), {
        filename: 'big.pdf',
        contentType: 'application/pdf',
      })
      .expect(413);
    expect(res.body).toMatchObject({ code: 'file_too_large', kind: 'document', limitBytes: 1024 * KiB });
    expect(res.body.detail).toContain('المستند');
    await expectGridFsHolds(before);
  });

  it('an image over the image limit → 413 although documents may be larger', async () => {
    const before = await storedIds();
    const png = SAMPLES.find((s) => s.name === 'PNG')?.head ?? Buffer.alloc(0);
    const res = await upload(sampleBody(png, 64 * KiB + 1), 'big.png', 'image/png').expect(413);
    expect(res.body.kind).toBe('image');
    await upload(sampleBody(png, 64 * KiB), 'ok.png', 'image/png').expect(201);
    expect((await storedIds()).length).toBe(before.length + 1);
  });

  it('a client that disconnects mid-upload leaves no files document and no chunks', async () => {
    const before = await storedIds();
    const boundary = 'x-boundary-42';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
    );
    const req = http.request({
      port,
      host: '127.0.0.1',
      method: 'POST',
      path: '/api/files',
      headers: {
        ...author.authHeader,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Content-Length': String(50 * 1024 * KiB),
      },
    });
    req.on('error', () => {});
    req.write(head);
    req.write(sampleBody(MP4_HEAD, 4 * CHUNK));
    const newChunks = async () =>
      (await chunks().countDocuments({ files_id: { $nin: before.map((id) => new ObjectId(id)) } })) > 0;
    await eventually(newChunks, 'the upload wrote chunks');
    req.destroy();
    await eventually(() => ctx.services.files.stats().activeUploads === 0, 'the upload settled');
    await expectGridFsHolds(before);
  });

  it.each([
    ['no credentials', {}, 401],
    ['a learner', null, 403],
  ])('%s → %i', async (_name, header, status) => {
    await request(ctx.app)
      .post('/api/files')
      .set(header ?? learner.authHeader)
      .attach('file', sampleBody(PDF_HEAD), 'a.pdf')
      .expect(status);
  });

  it('a JSON body → 415, a form without the file → 400, two files → 400', async () => {
    await request(ctx.app).post('/api/files').set(author.authHeader).send({ file: 'x' }).expect(415);
    const none = await request(ctx.app)
      .post('/api/files')
      .set(author.authHeader)
      .field('language', 'en')
      .expect(400);
    expect(none.body.errors[0]).toMatchObject({ path: ['file'], code: 'required' });
    const before = await storedIds();
    await request(ctx.app)
      .post('/api/files')
      .set(author.authHeader)
      .attach('file', sampleBody(PDF_HEAD), 'a.pdf')
      .attach('file', sampleBody(PDF_HEAD), 'b.pdf')
      .expect(400);
    await expectGridFsHolds(before);
  });
});

describe('GET /api/files/:id', () => {
  const body = sampleBody(PDF_HEAD, 2 * CHUNK + 777);
  let id: string;
  let etag: string;
  beforeAll(async () => {
    id = (await upload(body, 'handout.pdf', 'application/pdf').expect(201)).body.data.id;
    etag = `"${sha256(body)}"`;
  });

  it('streams the whole file with its headers', async () => {
    const res = await download(id).expect(200);
    expect(res.body).toEqual(body);
    expect(res.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(body.length),
      etag,
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
      'content-disposition': 'inline; filename="handout.pdf"',
    });
    expect(res.headers['content-language']).toBeUndefined();
  });

  it('HEAD sends the headers only', async () => {
    const res = await request(ctx.app).head(`/api/files/${id}`).expect(200);
    expect(res.headers['content-length']).toBe(String(body.length));
    expect(res.headers.etag).toBe(etag);
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=100-', 100, body.length - 1],
    ['bytes=-500', body.length - 500, body.length - 1],
    [`bytes=${CHUNK - 10}-${CHUNK + 9}`, CHUNK - 10, CHUNK + 9],
    [`bytes=${body.length - 3}-999999999`, body.length - 3, body.length - 1],
  ])('Range %s → 206 with exactly those bytes', async (range, start, end) => {
    const res = await download(id).set('Range', range).expect(206);
    expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/${body.length}`);
    expect(res.headers['content-length']).toBe(String(end - start + 1));
    expect(res.body).toEqual(body.subarray(start, end + 1));
  });

  it('a range past the end → 416 with Content-Range: bytes */size', async () => {
    const res = await request(ctx.app)
      .get(`/api/files/${id}`)
      .set('Range', `bytes=${body.length}-`)
      .expect(416);
    expect(res.headers['content-range']).toBe(`bytes */${body.length}`);
    expect(res.body.code).toBe('range_not_satisfiable');
    expect(res.headers['content-disposition']).toBeUndefined();
  });

  it('If-Range with another validator sends the whole file', async () => {
    const res = await download(id).set('Range', 'bytes=0-9').set('If-Range', '"other"').expect(200);
    expect(res.body.length).toBe(body.length);
  });

  it('If-None-Match with the ETag → 304 without a body', async () => {
    const res = await request(ctx.app)
      .get(`/api/files/${id}`)
      .set('If-None-Match', `"x", ${etag}`)
      .expect(304);
    expect(res.headers.etag).toBe(etag);
    expect(res.text ?? '').toBe('');
    await download(id).set('If-None-Match', '"stale"').expect(200);
  });

  it.each([
    ['Arabic', 'تقرير الدورة.pdf'],
    ['Chinese', '课程讲义.pdf'],
    ['Cyrillic', 'Отчёт о курсе.pdf'],
  ])('a %s file name round-trips through Content-Disposition', async (_script, filename) => {
    const up = await upload(sampleBody(PDF_HEAD), filename, 'application/pdf').expect(201);
    expect(up.body.data.filename).toBe(filename);
    expect((await files().findOne({ _id: new ObjectId(up.body.data.id as string) }))?.filename).toBe(
      filename,
    );
    const res = await download(up.body.data.id).expect(200);
    const header = res.headers['content-disposition'] as string;
    expect(header).toMatch(/^inline; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(parseDisposition(header).parameters.filename).toBe(filename);
  });

  it('sanitizes names: no path, no bidi override, the real extension', async () => {
    const res = await upload(
      sampleBody(PDF_HEAD),
      '../../etc/invoice\u202Egpj.pdf.exe',
      'application/pdf',
    ).expect(201);
    expect(res.body.data.filename).toBe('invoicegpj.pdf.exe.pdf');
  });

  it('Office documents download as attachments', async () => {
    const docx = SAMPLES.find((s) => s.name === 'DOCX');
    const up = await upload(
      sampleBody(docx?.head ?? Buffer.alloc(0)),
      'План урока.docx',
      'application/octet-stream',
    );
    const res = await download(up.body.data.id).expect(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; /);
  });

  it('unknown id → 404, malformed id → 400', async () => {
    const res = await request(ctx.app).get(`/api/files/${new ObjectId().toHexString()}?lang=zh`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'file_not_found', title: '文件不存在' });
    await request(ctx.app).get('/api/files/not-an-id').expect(400);
  });

  it('a client that disconnects mid-download leaves no stream open', async () => {
    const big = await upload(sampleBody(MP4_HEAD, 24 * CHUNK), 'long.mp4', 'video/mp4').expect(201);
    await new Promise<void>((resolve, reject) => {
      const req = http.get({ port, host: '127.0.0.1', path: `/api/files/${big.body.data.id}` }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
    });
    await eventually(() => ctx.services.files.stats().activeDownloads === 0, 'the download stream closed');
  });
});

describe('DELETE /api/files/:id', () => {
  it('only the uploader or staff may delete; the files document and chunks go', async () => {
    const mine = (await upload(sampleBody(PDF_HEAD, 300 * KiB), 'a.pdf', 'application/pdf').expect(201)).body
      .data.id;
    const other = (await upload(sampleBody(PDF_HEAD), 'b.pdf', 'application/pdf').expect(201)).body.data.id;
    await request(ctx.app).delete(`/api/files/${mine}`).set(otherAuthor.authHeader).expect(403);
    await request(ctx.app).delete(`/api/files/${mine}`).expect(401);
    await request(ctx.app).delete(`/api/files/${mine}`).set(author.authHeader).expect(204);
    await request(ctx.app).delete(`/api/files/${other}`).set(staff.authHeader).expect(204);
    for (const id of [mine, other]) {
      expect(await files().countDocuments({ _id: new ObjectId(id) })).toBe(0);
      expect(await chunks().countDocuments({ files_id: new ObjectId(id) })).toBe(0);
    }
    await request(ctx.app).get(`/api/files/${mine}`).expect(404);
    await request(ctx.app).delete(`/api/files/${mine}`).set(author.authHeader).expect(404);
  });
});

describe('orphan sweep', () => {
  it('removes chunks of uploads that died with their process, and nothing else', async () => {
    const now = new Date();
    // An ObjectId whose timestamp is `hoursAgo`, unique by its random tail.
    const at = (hoursAgo: number) => {
      const seconds = Math.floor(now.getTime() / 1000 - hoursAgo * 3600);
      return new ObjectId(`${seconds.toString(16).padStart(8, '0')}${randomBytes(8).toString('hex')}`);
    };
    const [orphan, kept, inProgress] = [at(30), at(30), at(0.1)];
    const data = Buffer.alloc(10, 1);
    await chunks().insertMany([orphan, kept, inProgress].map((files_id) => ({ files_id, n: 0, data })));
    await files().insertOne({ _id: kept, length: 10, chunkSize: CHUNK, uploadDate: now, filename: 'k.pdf' });
    expect(await ctx.services.files.sweepOrphans(now)).toBe(1);
    expect(await chunks().countDocuments({ files_id: orphan })).toBe(0);
    expect(await chunks().countDocuments({ files_id: kept })).toBe(1);
    expect(await chunks().countDocuments({ files_id: inProgress })).toBe(1);
    await files().deleteOne({ _id: kept });
    await chunks().deleteMany({ files_id: { $in: [kept, inProgress] } });
  });
});

describe('checkFile (for modules that reference files)', () => {
  it('tells a usable reference from a malformed, missing or wrong-kind one', async () => {
    const id = (await upload(sampleBody(PDF_HEAD), 'c.pdf', 'application/pdf').expect(201)).body.data.id;
    const { files: service } = ctx.services;
    expect(await service.checkFile(id, ['document'])).toMatchObject({
      ok: true,
      file: { id, kind: 'document' },
    });
    expect(await service.checkFile(id, ['video', 'audio'])).toMatchObject({
      ok: false,
      code: 'file_kind_mismatch',
    });
    expect(await service.checkFile(new ObjectId().toHexString(), ['document'])).toMatchObject({
      ok: false,
      code: 'file_not_found',
    });
    expect(await service.checkFile('nope', ['document'])).toMatchObject({
      ok: false,
      code: 'invalid_file_id',
    });
  });
});
