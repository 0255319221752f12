import request from 'supertest';
import { createCourse, createDefinition, progressEvent, textLesson } from '../fixtures/learning';
import { createUser } from '../helpers/auth';
import { embeddedFonts, hasArabicWord, pdfText } from '../helpers/credential-pdf';
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
    const fonts = embeddedFonts(pdf);
    expect(fonts.some((f) => /Arabic|Naskh/i.test(f))).toBe(true);
    expect(fonts.some((f) => /CJK|SC|Han/i.test(f))).toBe(true);
    const text = await pdfText(pdf);
    const normalized = text.normalize('NFKC');
    expect(normalized).toContain('王芳');
    expect(hasArabicWord(text, 'ليلى')).toBe(true);
    expect(normalized.replace(/\s+/g, '')).toContain(`/credentials/${credentialId}`);
  });
});
