import {
  bucketOf,
  bucketsBetween,
  dayBucket,
  isAligned,
  isoWeek,
} from '../../../server/modules/outreach/buckets';

describe('day buckets', () => {
  it('puts an instant on the calendar day of the reporting time zone', () => {
    const at = new Date('2025-12-31T20:30:00Z');
    expect(dayBucket(at, 'UTC')).toBe('2025-12-31');
    expect(dayBucket(at, 'Asia/Almaty')).toBe('2026-01-01');
    expect(dayBucket(new Date('2025-03-01T02:00:00Z'), 'America/New_York')).toBe('2025-02-28');
  });

  it('labels weeks (ISO 8601), months, quarters and years', () => {
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
    expect(bucketOf('2025-08-15', 'month')).toBe('2025-08');
    expect(bucketOf('2025-08-15', 'quarter')).toBe('2025-Q3');
    expect(bucketOf('2025-08-15', 'year')).toBe('2025');
  });

  it('knows whole periods and lists buckets', () => {
    expect(isAligned('2025-01-01', '2025-03-31', 'quarter')).toBe(true);
    expect(isAligned('2025-01-02', '2025-03-31', 'month')).toBe(false);
    expect(bucketsBetween('2025-01-15', '2025-03-02', 'month')).toEqual(['2025-01', '2025-02', '2025-03']);
  });
});
