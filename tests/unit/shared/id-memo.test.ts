import { idMemo } from '../../../server/shared/db';

describe('idMemo', () => {
  it('asks by _id (with the key) once the id is known, and falls back to the key on a miss', async () => {
    const memo = idMemo('slug');
    let stored: { _id: string; slug: string } | null = { _id: 'id-1', slug: 'a' };
    const filters: Record<string, unknown>[] = [];
    const run = async (f: Record<string, unknown>) => {
      filters.push(f);
      if (!stored || f.slug !== stored.slug || ('_id' in f && f._id !== stored._id)) return null;
      return stored;
    };
    expect(await memo.find('a', run)).toEqual({ _id: 'id-1', slug: 'a' });
    expect(await memo.find('a', run)).toEqual({ _id: 'id-1', slug: 'a' });
    expect(filters).toEqual([{ slug: 'a' }, { _id: 'id-1', slug: 'a' }]);
    // Deleted and created again under the same key: the stale id misses, the key finds the new one.
    stored = { _id: 'id-2', slug: 'a' };
    expect(await memo.find('a', run)).toEqual({ _id: 'id-2', slug: 'a' });
    expect(filters.slice(2)).toEqual([{ _id: 'id-1', slug: 'a' }, { slug: 'a' }]);
    expect(await memo.find('a', run)).toEqual({ _id: 'id-2', slug: 'a' });
    expect(filters.at(-1)).toEqual({ _id: 'id-2', slug: 'a' });
    // Gone: null, and nothing remembered.
    stored = null;
    expect(await memo.find('a', run)).toBeNull();
    filters.length = 0;
    expect(await memo.find('a', run)).toBeNull();
    expect(filters).toEqual([{ slug: 'a' }]);
  });
});
