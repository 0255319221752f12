import { textDirection } from '../../shared/i18n';
import { pickText } from '../../shared/localized';
import { renderPost } from '../forum/forum.markdown';
import type { Ranked } from './competition.ranking';
import type { Competition, Entry, Score, ScoredEntry } from './competition.repository';

/** Where a competition stands at `now`. */
export function phaseOf(c: Competition, now: Date): 'upcoming' | 'open' | 'closed' | 'published' {
  if (c.resultsPublishedAt) return 'published';
  if (now < c.opensAt) return 'upcoming';
  return now < c.closesAt ? 'open' : 'closed';
}

function localized(field: Record<string, string>, locale: string, source: string) {
  const picked = pickText(field, locale, source);
  return {
    value: picked?.value ?? '',
    lang: picked?.lang ?? source,
    fallback: picked?.fallback ?? false,
    dir: picked?.dir ?? textDirection(source),
  };
}

/** A competition in the reader's language; rules rendered to sanitized HTML. */
export function presentCompetition(c: Competition, locale: string, now: Date) {
  const title = localized(c.title, locale, c.sourceLanguage);
  const rules = localized(c.rules, locale, c.sourceLanguage);
  return {
    id: c.id,
    slug: c.slug,
    title: title.value,
    lang: title.lang,
    fallback: title.fallback,
    dir: title.dir,
    rules: { html: renderPost(rules.value), lang: rules.lang, dir: rules.dir, fallback: rules.fallback },
    opensAt: c.opensAt.toISOString(),
    closesAt: c.closesAt.toISOString(),
    phase: phaseOf(c, now),
    audiences: c.audiences,
    criteria: c.criteria.map((k) => ({
      key: k.key,
      title: localized(k.title, locale, c.sourceLanguage).value,
      maxScore: k.maxScore,
    })),
    juryCount: c.jury.length,
    categoryId: c.categoryId,
    resultsPublishedAt: c.resultsPublishedAt?.toISOString() ?? null,
  };
}

export function presentEntry(e: Entry) {
  return {
    id: e.id,
    competitionId: e.competitionId,
    participantId: e.participantId,
    threadId: e.threadId,
    title: e.title,
    lang: e.lang,
    dir: textDirection(e.lang),
    createdAt: e.createdAt.toISOString(),
  };
}

export function presentScore(s: Score) {
  return {
    id: s.id,
    entryId: s.entryId,
    jurorId: s.jurorId,
    scores: s.scores,
    total: s.total,
    createdAt: s.createdAt.toISOString(),
  };
}

/** One results row: rank (standard competition ranking), mean juror total, per-criterion means. */
export function presentResult(e: Ranked<ScoredEntry>) {
  const means: Record<string, number> = {};
  for (const [k, v] of Object.entries(e.criteriaTotals))
    means[k] = e.scoreCount ? Math.round((v / e.scoreCount) * 100) / 100 : 0;
  return {
    rank: e.rank,
    tied: e.tied,
    average: e.average,
    jurors: e.scoreCount,
    criteria: means,
    entry: presentEntry(e),
  };
}
