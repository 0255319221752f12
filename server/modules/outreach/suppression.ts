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
 * cell below the full range 1..k−1 (see `withheldCount`), the smallest visible non-zero cell is withheld
 * as `x`. A total of 1..k−1 is shown as `<k` too. Without a total (null) primary suppression is enough.
 */
export function suppressColumn(
  cells: readonly number[],
  total: number | null,
  k: number,
): { cells: Shown[]; total: Shown } {
  const primary = { count: 0, sum: 0 };
  const visible: number[] = [];
  cells.forEach((v, i) => {
    if (v > 0 && v < k) {
      primary.count++;
      primary.sum += v;
    } else if (v >= k) visible.push(i);
  });
  // Smallest first, the earlier cell first among equals: the order in which cells are withheld.
  visible.sort((a, b) => (cells[a] as number) - (cells[b] as number) || a - b);
  const n =
    total === null
      ? 0
      : withheldCount(
          primary,
          visible.map((i) => cells[i] as number),
          k,
        );
  const extra = new Set(visible.slice(0, n));
  const marker = suppressionMarker(k);
  return {
    cells: cells.map((v, i) => (v > 0 && v < k ? marker : extra.has(i) ? WITHHELD : v)),
    total: shownTotal(total, k),
  };
}

/** A column total as published: 1..k−1 is shown as the marker. */
export function shownTotal(total: number | null, k: number): Shown {
  return total !== null && total > 0 && total < k ? suppressionMarker(k) : total;
}

/**
 * How many of the smallest visible cells (`visibleAsc`, ascending, all ≥ k) must be withheld so
 * that the published total does not narrow any small cell. Someone who knows the total, the
 * visible cells and this rule knows the hidden sum S; each other small cell lies in 1..k−1 and
 * each withheld cell in k..(smallest visible cell), so a small cell lies in
 * [S − Σmax others, S − Σmin others], which must still cover 1..k−1. Only the primary cells'
 * count and sum matter, so a streamed export keeps just those and the smallest visible cells.
 */
export function withheldCount(
  primary: { readonly count: number; readonly sum: number },
  visibleAsc: readonly number[],
  k: number,
): number {
  if (primary.count === 0) return 0;
  let n = 0;
  let hiddenSum = primary.sum;
  for (; n < visibleAsc.length; n++) {
    const extraMax = visibleAsc[n] as number;
    const othersMin = primary.count - 1 + n * k;
    const othersMax = (primary.count - 1) * (k - 1) + n * extraMax;
    if (!(hiddenSum - othersMin < k - 1 || hiddenSum - othersMax > 1)) break;
    hiddenSum += extraMax;
  }
  return n;
}

/** A ratio shown to 4 decimals, or null when either part is withheld or the denominator is 0. */
export function shownRatio(numerator: Shown, denominator: Shown): number | null {
  if (typeof numerator !== 'number' || typeof denominator !== 'number' || denominator === 0) return null;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
}
