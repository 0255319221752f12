import { coverRange, firstDayOf, usableGrains } from '../../../server/modules/outreach/report.plan';

describe('coverRange: the coarsest cuboid for each part of a range', () => {
  const all = ['day', 'month', 'year'] as const;

  it('takes whole years, then whole months, then days', () => {
    expect(coverRange('2024-01-01', '2026-03-15', all)).toEqual([
      { grain: 'year', from: '2024', to: '2025' },
      { grain: 'month', from: '2026-01', to: '2026-02' },
      { grain: 'day', from: '2026-03-01', to: '2026-03-15' },
    ]);
  });

  it('reads the partial month at each edge from days', () => {
    expect(coverRange('2024-01-15', '2024-04-10', ['day', 'month'])).toEqual([
      { grain: 'day', from: '2024-01-15', to: '2024-01-31' },
      { grain: 'month', from: '2024-02', to: '2024-03' },
      { grain: 'day', from: '2024-04-01', to: '2024-04-10' },
    ]);
  });

  it('knows month lengths, leap February included', () => {
    expect(coverRange('2024-02-01', '2024-02-29', ['day', 'month'])).toEqual([
      { grain: 'month', from: '2024-02', to: '2024-02' },
    ]);
    expect(coverRange('2023-02-01', '2023-02-27', ['day', 'month'])).toEqual([
      { grain: 'day', from: '2023-02-01', to: '2023-02-27' },
    ]);
  });

  it('uses only grains that fold into the requested period', () => {
    expect(usableGrains('day', all)).toEqual(['day']);
    expect(usableGrains('week', all)).toEqual(['day']);
    expect(usableGrains('month', all)).toEqual(['day', 'month']);
    expect(usableGrains('quarter', all)).toEqual(['day', 'month']);
    expect(usableGrains('year', all)).toEqual(['day', 'month', 'year']);
    expect(usableGrains('all', ['day', 'month'])).toEqual(['day', 'month']);
  });

  it('folds a bucket on its first day', () => {
    expect(firstDayOf('2025-07', 'month')).toBe('2025-07-01');
    expect(firstDayOf('2025', 'year')).toBe('2025-01-01');
    expect(firstDayOf('2025-07-04', 'day')).toBe('2025-07-04');
  });
});
