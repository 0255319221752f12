/** A published figure: a number, the suppression marker (`<5`), or null (not defined/withheld). */
export type Shown = number | string | null;

/** The marker shown instead of a small count, e.g. `<5`. */
export function suppressionMarker(k: number): string {
  return `<${k}`;
}

/** The marker for a cell withheld only to protect a small one (complementary suppression). */
export const WITHHELD = 'x';

/**
 * Small-cell suppression for one metric's cells that share one published total. Primary: counts
 * 1..k−1 become `<k` (zeros stay). Complementary: while the published total would narrow any small
 * cell below the full range 1..k−1 (see `leaks`), the smallest visible non-zero cell is withheld
 * as `x`. A total of 1..k−1 is shown as `<k` too. Without a total (null) primary suppression is enough.
 */
export function suppressColumn(
  cells: readonly number[],
  total: number | null,
  k: number,
): { cells: Shown[]; total: Shown } {
  const primary = new Set<number>();
  cells.forEach((v, i) => {
    if (v > 0 && v < k) primary.add(i);
  });
  const extra = new Set<number>();
  while (total !== null && primary.size > 0 && leaks(cells, primary, extra, k)) {
    const next = smallestVisible(cells, primary, extra);
    if (next === -1) break;
    extra.add(next);
  }
  const marker = suppressionMarker(k);
  return {
    cells: cells.map((v, i) => (primary.has(i) ? marker : extra.has(i) ? WITHHELD : v)),
    total: total !== null && total > 0 && total < k ? marker : total,
  };
}

/**
 * True when someone who knows the total, the visible cells and this rule could narrow a small
 * cell: the hidden sum S is known; each other small cell lies in 1..k−1 and each withheld cell in
 * k..(smallest visible cell), so a small cell lies in [S − Σmax others, S − Σmin others], which
 * must still cover 1..k−1.
 */
function leaks(
  cells: readonly number[],
  primary: ReadonlySet<number>,
  extra: ReadonlySet<number>,
  k: number,
): boolean {
  const hiddenSum = [...primary, ...extra].reduce((s, i) => s + (cells[i] as number), 0);
  const bound = smallestVisible(cells, primary, extra);
  const extraMax = bound === -1 ? Number.POSITIVE_INFINITY : (cells[bound] as number);
  const othersMin = primary.size - 1 + extra.size * k;
  const othersMax = (primary.size - 1) * (k - 1) + extra.size * extraMax;
  return hiddenSum - othersMin < k - 1 || hiddenSum - othersMax > 1;
}

function smallestVisible(cells: readonly number[], ...hidden: ReadonlySet<number>[]): number {
  let best = -1;
  cells.forEach((v, i) => {
    if (v > 0 && !hidden.some((h) => h.has(i)) && (best === -1 || v < (cells[best] as number))) best = i;
  });
  return best;
}

/** A ratio shown to 4 decimals, or null when either part is withheld or the denominator is 0. */
export function shownRatio(numerator: Shown, denominator: Shown): number | null {
  if (typeof numerator !== 'number' || typeof denominator !== 'number' || denominator === 0) return null;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
}
