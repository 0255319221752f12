import type { StatsEventInput } from '../../server/modules/outreach/stats.service';
import type { TestContext } from './test-app';

export const YEAR_2025 = { from: '2025-01-01', to: '2025-12-31' } as const;

/**
 * Known events for the dashboard tests. 2025 enrolments: March RU 12 (ru), KZ 6 (ru); April CN 8
 * (zh), EG 3 (ar) — 29 people, 29 enrolments. Five RU learners complete and get a credential in
 * March. Webinar series: webinar-1 has 8 registrations and 6 attendances, webinar-2 10 and 7.
 */
export async function seedDashboardEvents(ctx: TestContext): Promise<void> {
  const list: StatsEventInput[] = [];
  const enrol = (country: string, n: number, day: string, language: string) => {
    for (let i = 1; i <= n; i++)
      list.push({
        id: `enrol:${country}${i}`,
        type: 'enrolment',
        occurredAt: new Date(`${day}T09:00:00Z`),
        userKey: `${country}${i}`,
        course: 'alpha',
        country,
        language,
      });
  };
  enrol('RU', 12, '2025-03-10', 'ru');
  enrol('KZ', 6, '2025-03-11', 'ru');
  enrol('CN', 8, '2025-04-12', 'zh');
  enrol('EG', 3, '2025-04-13', 'ar');
  for (let i = 1; i <= 5; i++)
    for (const type of ['course_completed', 'credential_issued'] as const)
      list.push({
        id: `${type}:RU${i}`,
        type,
        occurredAt: new Date('2025-03-28T10:00:00Z'),
        userKey: `RU${i}`,
        course: 'alpha',
        country: 'RU',
        language: 'ru',
      });
  const webinar = (event: string, registered: number, attended: number) => {
    for (let i = 1; i <= registered; i++) {
      const base = {
        occurredAt: new Date('2025-05-20T15:00:00Z'),
        userKey: `p${event}${i}`,
        event,
        series: 'ai',
      };
      list.push({ ...base, id: `reg:${event}:${i}`, type: 'event_registered', country: 'EG' });
      if (i <= attended)
        list.push({ ...base, id: `att:${event}:${i}`, type: 'event_attended', country: 'EG' });
    }
  };
  webinar('webinar-1', 8, 6);
  webinar('webinar-2', 10, 7);
  for (const e of list) await ctx.services.stats.events.recordEvent(e);
}

/** The cells of the data table in the panel `<section id="…">`, row by row (header row left out). */
export function tableOf(html: string, id: string): string[][] {
  const section = html.match(new RegExp(`<section class="panel" id="${id}"[\\s\\S]*?</section>`))?.[0] ?? '';
  const body = section.match(/<tbody>([\s\S]*?)<\/tbody>(?:\s*<tfoot>([\s\S]*?)<\/tfoot>)?/);
  if (!body) return [];
  const rows = `${body[1]}${body[2] ?? ''}`.match(/<tr>[\s\S]*?<\/tr>/g) ?? [];
  return rows.map((row) =>
    [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) =>
      decodeEntities((m[1] as string).replace(/<[^>]+>/g, '')),
    ),
  );
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
