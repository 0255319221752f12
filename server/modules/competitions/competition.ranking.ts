/** What ranking needs of an entry: the sum of jurors' totals and how many jurors scored it. */
export interface Rankable {
  readonly id: string;
  readonly total: number;
  readonly scoreCount: number;
  readonly createdAt: Date;
}

export type Ranked<T> = T & {
  readonly rank: number;
  readonly average: number | null;
  readonly tied: boolean;
};

/** Compares mean scores exactly (cross-multiplied integers, no floating-point ties). */
function compareMeans(a: Rankable, b: Rankable): number {
  if (a.scoreCount === 0 || b.scoreCount === 0)
    return (b.scoreCount > 0 ? 1 : 0) - (a.scoreCount > 0 ? 1 : 0);
  return b.total * a.scoreCount - a.total * b.scoreCount;
}

/**
 * Ranks entries by their mean juror total (entries scored by different numbers of jurors stay
 * comparable), highest first, with standard competition ranking ("1224"): equal means share a
 * rank and the next rank skips. Unscored entries come last, unranked (rank 0). Ties are listed
 * oldest entry first, which does not change their rank.
 */
export function rankEntries<T extends Rankable>(entries: readonly T[]): Ranked<T>[] {
  const sorted = [...entries].sort(
    (a, b) => compareMeans(a, b) || a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1),
  );
  const out: Ranked<T>[] = [];
  sorted.forEach((entry, i) => {
    const prev = sorted[i - 1];
    const next = sorted[i + 1];
    const scored = entry.scoreCount > 0;
    const sameAsPrev = !!prev && scored && compareMeans(prev, entry) === 0;
    const sameAsNext = !!next && scored && next.scoreCount > 0 && compareMeans(entry, next) === 0;
    const rank = !scored ? 0 : sameAsPrev ? (out[i - 1] as Ranked<T>).rank : i + 1;
    const average = scored ? Math.round((entry.total / entry.scoreCount) * 100) / 100 : null;
    out.push({ ...entry, rank, average, tied: sameAsPrev || sameAsNext });
  });
  return out;
}
