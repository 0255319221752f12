import { PostingsIndex, type Row } from '../../../server/modules/search/embedded.index';
import { PostingLists } from '../../../server/modules/search/embedded.lists';
import { type ScoreRequest, scoreMatches, TopK } from '../../../server/modules/search/embedded.scorer';

const FIELDS = [
  { field: 0, boost: 3 },
  { field: 1, boost: 1.5 },
  { field: 2, boost: 1 },
];

const rows: Row[] = [
  { id: 'a', s_title: 'teacher train', s_summary: 'teacher school', s_body: 'school school teacher' },
  { id: 'b', s_title: 'school', s_summary: 'teacher', s_body: 'garden' },
  { id: 'c', s_title: 'garden', s_summary: 'school garden', s_body: 'teacher teacher teacher' },
  { id: 'd', s_title: 'train', s_summary: 'train', s_body: 'train school' },
];

function setup() {
  const index = new PostingsIndex();
  const live: (string | undefined)[] = [];
  for (const row of rows) live[index.addRow(row)] = row.id;
  return { index, live, lists: new PostingLists(index, live) };
}

const request = (words: string[], mode: ScoreRequest['mode']): ScoreRequest => ({
  leaves: words.map((term) => [{ term, weight: 1 }]),
  mode,
  fields: FIELDS,
});

/** Our scores (× words matched, MiniSearch's quality factor) by document id. */
function ours(s: ReturnType<typeof setup>, words: string[], mode: ScoreRequest['mode']) {
  const m = scoreMatches(s.lists, s.index, s.live, request(words, mode));
  return Object.fromEntries(
    m.ids.map((d) => [s.live[d], (m.score[d] as number) * (m.matched[d] as number)] as const),
  );
}

function miniSearch(s: ReturnType<typeof setup>, words: string[], mode: ScoreRequest['mode']) {
  const results = s.index.search(words.join(' '), {
    combineWith: mode,
    boost: { s_title: 3, s_summary: 1.5, s_body: 1 },
  });
  return Object.fromEntries(results.map((r) => [r.id as string, r.score] as const));
}

describe('embedded scorer', () => {
  it.each([
    [['teacher'], 'AND'],
    [['teacher', 'school'], 'AND'],
    [['train', 'garden'], 'OR'],
    [['teacher', 'nothing'], 'AND'],
  ] as const)('scores %j (%s) exactly as MiniSearch search() does', (words, mode) => {
    const s = setup();
    const expected = miniSearch(s, [...words], mode);
    const actual = ours(s, [...words], mode);
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const [id, score] of Object.entries(expected)) expect(actual[id]).toBeCloseTo(score, 10);
  });

  it('skips a discarded document and finds a re-added one after its lists were cached', () => {
    const s = setup();
    expect(Object.keys(ours(s, ['garden'], 'AND')).sort()).toEqual(['b', 'c']);
    const shortIdOfB = s.live.indexOf('b');
    s.index.discard('b');
    s.live[shortIdOfB] = undefined;
    const row: Row = { id: 'b', s_title: 'garden party', s_summary: '', s_body: '' };
    const d = s.index.addRow(row);
    s.live[d] = 'b';
    s.lists.added(d, row);
    expect(Object.keys(ours(s, ['garden'], 'AND')).sort()).toEqual(['b', 'c']);
    expect(Object.keys(ours(s, ['party'], 'AND'))).toEqual(['b']);
    const expected = miniSearch(s, ['garden'], 'AND');
    for (const [id, score] of Object.entries(ours(s, ['garden'], 'AND')))
      expect(score).toBeCloseTo(expected[id] as number, 10);
  });
});

describe('TopK', () => {
  it('keeps the best k, best first, equal scores by lower id', () => {
    const top = new TopK(3);
    for (const [score, id] of [
      [1, 0],
      [5, 1],
      [3, 2],
      [5, 3],
      [4, 4],
      [0, 5],
      [5, 6],
    ])
      top.offer(score as number, id as number);
    expect(top.ids()).toEqual([1, 3, 6]);
  });

  it('returns everything when fewer than k were offered, and nothing for k = 0', () => {
    const top = new TopK(10);
    top.offer(1, 7);
    top.offer(2, 8);
    expect(top.ids()).toEqual([8, 7]);
    const none = new TopK(0);
    none.offer(1, 1);
    expect(none.ids()).toEqual([]);
  });
});
