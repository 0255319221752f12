import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { createCourse, createDefinition, progressEvent, textLesson } from '../fixtures/learning';
import { createUser } from '../helpers/auth';
import { decodeQrSvg } from '../helpers/credential-qr';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
let credentialId: string;
const NAME = 'ليلى حسن 王芳';

beforeAll(async () => {
  ctx = await createTestContext(__filename);
  const user = await createUser(ctx, { preferredLanguage: 'ar', displayName: NAME });
  const course = await createCourse(ctx, { lessons: [textLesson('l1')] });
  await createDefinition(ctx, [course.slug]);
  const enrolment = await request(ctx.app)
    .post(`/api/courses/${course.slug}/enrolments`)
    .set(user.authHeader)
    .send({});
  await request(ctx.app)
    .post(`/api/enrolments/${enrolment.body.data.id}/progress`)
    .set(user.authHeader)
    .send(progressEvent('l1'));
  const mine = await request(ctx.app).get('/api/me/credentials').set(user.authHeader);
  credentialId = mine.body.data[0].id;
});
afterAll(() => ctx.close());

/** Extracts a PDF's text with pdf-parse in a plain Node process (pdf.js needs real dynamic import). */
async function pdfText(pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pdf-text-'));
  try {
    const file = path.join(dir, 'c.pdf');
    await writeFile(file, pdf);
    const script = `const { PDFParse } = require('pdf-parse');
      new PDFParse({ data: require('fs').readFileSync(process.argv[1]) }).getText()
        .then((r) => process.stdout.write(JSON.stringify(r.text)));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, file], {
      cwd: process.cwd(),
    });
    return JSON.parse(stdout) as string;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the credential page and its PDF', () => {
  it('renders the Arabic page right-to-left with the learner name and a verification link', async () => {
    const res = await request(ctx.app).get(`/credentials/${credentialId}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<html lang="ar" dir="rtl">');
    expect(res.text).toContain(NAME);
    expect(res.text).toContain('المعلّم الرقمي');
    expect(res.text).toContain('شهادة إنجاز');
    expect(res.text).toContain(`/credentials/${credentialId}`);
  });

  it('carries a QR code (inline SVG) and a short link to the public verification page', async () => {
    const res = await request(ctx.app).get(`/credentials/${credentialId}`);
    const url = `${ctx.config.publicUrl}/credentials/${credentialId}`;
    const svg = /<svg class="qr"[\s\S]*?<\/svg>/.exec(res.text)?.[0] ?? '';
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-label="رمز QR');
    expect(decodeQrSvg(svg)).toBe(url);
    expect(res.text).toContain(`<a href="${url}" dir="ltr">${url.replace(/^https?:\/\//, '')}</a>`);
    expect(res.text).not.toMatch(/<(img|script|link)\b/);
  });

  it('prints a PDF that embeds fonts for Arabic and Chinese and keeps the name extractable', async () => {
    const res = await request(ctx.app)
      .get(`/credentials/${credentialId}/pdf`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const fonts = [...pdf.toString('latin1').matchAll(/\/FontName\s*\/[A-Z]{6}\+([A-Za-z0-9-]+)/g)].map(
      (m) => m[1],
    );
    expect(fonts.some((f) => /Arabic|Naskh/i.test(f ?? ''))).toBe(true);
    expect(fonts.some((f) => /CJK|SC|Han/i.test(f ?? ''))).toBe(true);
    const normalized = (await pdfText(pdf)).normalize('NFKC');
    expect(normalized).toContain('王芳');
    expect(normalized.includes('ليلى') || normalized.includes('ىليل')).toBe(true);
    expect(normalized.replace(/\s+/g, '')).toContain(`/credentials/${credentialId}`);
  });
});
