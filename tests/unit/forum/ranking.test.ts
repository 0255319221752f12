import { rankEntries } from '../../../server/modules/competitions/competition.ranking';

const entry = (id: string, total: number, scoreCount: number, minute = 0) => ({
  id,
  total,
  scoreCount,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
});

describe('competition ranking (standard competition ranking, "1224")', () => {
  it('gives equal means the same rank and skips the next ranks', () => {
    const ranked = rankEntries([entry('a', 30, 2), entry('b', 40, 2), entry('c', 15, 1), entry('d', 10, 1)]);
    expect(ranked.map((e) => [e.id, e.rank, e.average, e.tied])).toEqual([
      ['b', 1, 20, false],
      ['a', 2, 15, true],
      ['c', 2, 15, true],
      ['d', 4, 10, false],
    ]);
  });

  it('compares means exactly, without floating-point ties', () => {
    const ranked = rankEntries([entry('x', 10, 3), entry('y', 20, 6), entry('z', 7, 2)]);
    expect(ranked.map((e) => [e.id, e.rank])).toEqual([
      ['z', 1],
      ['x', 2],
      ['y', 2],
    ]);
  });

  it('lists unscored entries last, unranked', () => {
    const ranked = rankEntries([entry('n', 0, 0), entry('s', 5, 1)]);
    expect(ranked.map((e) => [e.id, e.rank, e.average])).toEqual([
      ['s', 1, 5],
      ['n', 0, null],
    ]);
  });

  it('orders tied entries oldest first', () => {
    const ranked = rankEntries([entry('late', 9, 1, 5), entry('early', 9, 1, 1)]);
    expect(ranked.map((e) => e.id)).toEqual(['early', 'late']);
  });
});
