import { csvCell, resultsCsv } from '../../../server/modules/competitions/competition.csv';

describe('competition results CSV', () => {
  it('quotes separators and neutralizes spreadsheet formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(null)).toBe('');
  });

  it('writes one line per ranked entry with per-criterion means', () => {
    const lines = [
      ...resultsCsv(
        [{ key: 'impact', title: { en: 'Impact' }, maxScore: 10 }],
        [
          {
            id: 'e1',
            competitionId: 'c',
            participantId: 'u1',
            threadId: 't1',
            title: 'الفصل المقلوب',
            lang: 'ar',
            createdAt: new Date(0),
            scoreCount: 2,
            total: 15,
            criteriaTotals: { impact: 15 },
            rank: 1,
            average: 7.5,
            tied: false,
          },
        ],
      ),
    ];
    expect(lines).toEqual([
      'rank,tied,average,jurors,mean_impact,entry_id,thread_id,participant_id,lang,title\r\n',
      '1,no,7.5,2,7.5,e1,t1,u1,ar,الفصل المقلوب\r\n',
    ]);
  });
});
