import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { createUser, type TestUser } from '../helpers/auth';
import { type ServedApp, serveApp } from '../helpers/browser';
import { seedDashboardEvents } from '../helpers/dashboard';
import { createTestContext, type TestContext, testDatabaseUri } from '../helpers/test-app';

/** `npm run export-stats` for real: against a running server with a token, and straight from the database. */
jest.setTimeout(180_000);
const run = promisify(execFile);
const CLI = path.resolve(__dirname, '..', '..', 'scripts', 'export-stats.ts');
const TSX = path.resolve(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
const ARGS = ['--from', '2025-01-01', '--to', '2025-08-15', '--by', 'country,month'];

let ctx: TestContext;
let served: ServedApp;
let staff: TestUser;
let dir: string;

beforeAll(async () => {
  ctx = await createTestContext(__filename);
  staff = await createUser(ctx, { roles: ['staff'] });
  await seedDashboardEvents(ctx);
  served = await serveApp(ctx);
  dir = mkdtempSync(path.join(tmpdir(), 'export-stats-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await served.close();
  await ctx.close();
});

const env = () => {
  const uri = new URL(testDatabaseUri());
  uri.pathname = `/${ctx.dbName}`;
  return { ...process.env, MONGODB_URI: uri.toString(), LOG_LEVEL: 'silent' };
};

async function readXlsx(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

describe('export-stats CLI', () => {
  it('downloads XLSX from a server with a staff token: README sheet, then the data', async () => {
    const out = path.join(dir, 'remote.xlsx');
    const args = [
      ...ARGS,
      '--format',
      'xlsx',
      '--out',
      out,
      '--server',
      served.baseUrl,
      '--token',
      staff.token,
    ];
    const { stderr } = await run(TSX, [CLI, ...args], { env: env() });
    expect(stderr).toContain(`wrote ${out}`);
    const wb = await readXlsx(out);
    const [readme, data] = wb.worksheets;
    const lines = (readme?.getSheetValues() ?? []).slice(1).map((r) => (r as unknown[]).slice(1));
    expect(lines).toEqual(
      expect.arrayContaining([
        ['Period', '2025-01-01 – 2025-08-15 (Month)'],
        ['Filters', 'None'],
        ['Suppression rule', expect.stringContaining('“<5”')],
        ['Generated at (UTC)', expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/)],
      ]),
    );
    expect(data?.getRow(1).values).toEqual([
      undefined,
      'Month',
      'Country (code)',
      'Country',
      'Enrolments',
      'Course completions',
      'Credentials issued',
    ]);
    // KZ 6 is withheld (x): with the published total it would reveal EG's <5 (complementary suppression).
    expect(data?.getRow(2).values).toEqual([undefined, '2025-03', 'KZ', 'Kazakhstan', 'x', 0, 0]);
    const audit = await ctx.db
      .collection('audit_log')
      .findOne({ actorId: staff.user.id, action: 'stats.exported' });
    expect(audit?.details).toMatchObject({ format: 'xlsx' });
  });

  it('fails clearly without a token or with a non-staff one', async () => {
    const learner = await createUser(ctx);
    const noToken = run(TSX, [CLI, ...ARGS, '--server', served.baseUrl, '--out', path.join(dir, 'x.csv')], {
      env: { ...env(), STATS_API_TOKEN: '' },
    });
    await expect(noToken).rejects.toMatchObject({
      stderr: expect.stringContaining('an API token is required'),
    });
    const denied = run(TSX, [CLI, ...ARGS, '--server', served.baseUrl, '--token', learner.token], {
      env: env(),
    });
    await expect(denied).rejects.toMatchObject({ stderr: expect.stringContaining('export failed: 403') });
  });

  it('exports CSV straight from the database (UTF-8 with BOM, Arabic headers) and audits it', async () => {
    const out = path.join(dir, 'local.csv');
    await run(TSX, [CLI, ...ARGS, '--format', 'csv', '--lang', 'ar', '--out', out], { env: env() });
    const csv = readFileSync(out, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines[0]?.split(',')[0]).toBe('الشهر');
    expect(lines).toContain('2025-03,RU,روسيا,12,5,5');
    expect(lines).toContain('2025-04,EG,مصر,<5,0,0');
    const audit = await ctx.db
      .collection('audit_log')
      .findOne({ action: 'stats.exported', 'details.via': { $regex: '^cli:' } });
    expect(audit?.details).toMatchObject({ format: 'csv' });
  });

  it('reports bad input with the API’s message', async () => {
    const bad = run(
      TSX,
      [CLI, '--from', '2025-09-01', '--to', '2025-08-15', '--out', path.join(dir, 'y.csv')],
      {
        env: env(),
      },
    );
    await expect(bad).rejects.toMatchObject({ stderr: expect.stringContaining('export-stats failed') });
  });
});
