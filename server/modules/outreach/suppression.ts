/** A published figure: a number, the suppression marker (`<5`), or null (not defined/withheld). */
export type Shown = number | string | null;

/** The marker shown instead of a small count, e.g. `<5`. */
export function suppressionMarker(k: number): string {
  return `<${k}`;
}

/**
 * Small-cell suppression for one metric's column of cells sharing one published total.
 * Primary: counts 1..k−1 become `<k` (zeros stay). Complementary: while exactly one cell is
 * hidden, or the hidden cells add up to less than k, the smallest visible non-zero cell is hidden
 * too, so `total − visible` never reveals a small cell. A total of 1..k−1 is hidden as well.
 */
export function suppressColumn(
  cells: readonly number[],
  total: number | null,
  k: number,
): { cells: Shown[]; total: Shown } {
  const hidden = new Set<number>();
  cells.forEach((v, i) => {
    if (v > 0 && v < k) hidden.add(i);
  });
  const sumHidden = () => [...hidden].reduce((s, i) => s + (cells[i] as number), 0);
  if (hidden.size > 0 && total !== null) {
    while (hidden.size === 1 || sumHidden() < k) {
      const next = smallestVisible(cells, hidden);
      if (next === -1) break;
      hidden.add(next);
    }
  }
  const marker = suppressionMarker(k);
  return {
    cells: cells.map((v, i) => (hidden.has(i) ? marker : v)),
    total: total !== null && total > 0 && total < k ? marker : total,
  };
}

function smallestVisible(cells: readonly number[], hidden: ReadonlySet<number>): number {
  let best = -1;
  cells.forEach((v, i) => {
    if (v > 0 && !hidden.has(i) && (best === -1 || v < (cells[best] as number))) best = i;
  });
  return best;
}

/** A ratio shown to 4 decimals, or null when either part is withheld or the denominator is 0. */
export function shownRatio(numerator: Shown, denominator: Shown): number | null {
  if (typeof numerator !== 'number' || typeof denominator !== 'number' || denominator === 0) return null;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
}
