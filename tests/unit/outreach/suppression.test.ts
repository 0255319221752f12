import { suppressColumn } from '../../../server/modules/outreach/suppression';

describe('suppressColumn (k = 5)', () => {
  it('leaves a table without small cells alone, zeros included', () => {
    expect(suppressColumn([7, 0, 12], 19, 5)).toEqual({ cells: [7, 0, 12], total: 19 });
  });

  it('hides small cells and withholds the smallest other cell so the total reveals nothing', () => {
    // KZ 3 and UZ 1 alone: hidden sum 4 would tell each is at most 3. Withholding CN (6) fixes it.
    expect(suppressColumn([7, 3, 1, 6], 17, 5)).toEqual({ cells: [7, '<5', '<5', 'x'], total: 17 });
  });

  it('withholds another cell when a single small cell would be total minus the rest', () => {
    expect(suppressColumn([2, 10, 12], 24, 5)).toEqual({ cells: ['<5', 'x', 12], total: 24 });
  });

  it('protects two small cells at the top of the range (4 + 4 = 8 would reveal both)', () => {
    expect(suppressColumn([4, 4, 20], 28, 5)).toEqual({ cells: ['<5', '<5', 'x'], total: 28 });
  });

  it('hides a small total', () => {
    expect(suppressColumn([3, 0], 3, 5)).toEqual({ cells: ['<5', 0], total: '<5' });
  });

  it('needs no complementary cells when no total is published', () => {
    expect(suppressColumn([3, 9], null, 5)).toEqual({ cells: ['<5', 9], total: null });
  });

  it('follows k', () => {
    expect(suppressColumn([3, 9, 11], 23, 3)).toEqual({ cells: [3, 9, 11], total: 23 });
    expect(suppressColumn([2, 9, 11], 22, 3)).toEqual({ cells: ['<3', 'x', 11], total: 22 });
  });
});
