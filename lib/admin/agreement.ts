/**
 * Agreement between annotators on items judged more than once.
 *
 * An item is one prompt with one unordered pair of responses; a judgement
 * says which of the two was preferred, or that they tie (skips say nothing
 * and are left out before this point). Left and right are normalised away,
 * so two people who saw the pair in opposite positions still agree when
 * they prefer the same response.
 */
export interface AgreementSummary {
  /** Items with judgements from at least two annotators. */
  items: number;
  judgements: number;
  /** Share of agreeing pairs of judgements, averaged over items, in [0, 1]. */
  agreement: number | null;
  /**
   * Fleiss' kappa: agreement beyond what chance (the overall category
   * shares) would give. Null when undefined (fewer than one item, or
   * every judgement in one category).
   */
  kappa: number | null;
}

/**
 * Fleiss' kappa for items judged by varying numbers of raters:
 * P_i = (sum_j n_ij^2 - n_i) / (n_i (n_i - 1)), P = mean_i P_i,
 * p_j = sum_i n_ij / sum_i n_i, P_e = sum_j p_j^2,
 * kappa = (P - P_e) / (1 - P_e).
 * @param items per item, the count of judgements in each category (the same
 *   number of categories for every item); items with fewer than two
 *   judgements are ignored.
 */
export function fleissKappa(items: number[][]): AgreementSummary {
  const rated = items.filter((counts) => sum(counts) >= 2);
  if (rated.length === 0) return { items: 0, judgements: 0, agreement: null, kappa: null };
  const categories = rated[0].length;
  if (rated.some((counts) => counts.length !== categories)) {
    throw new Error(`Expected ${categories} category counts for every item`);
  }

  const perItem = rated.map((counts) => {
    const n = sum(counts);
    return (sum(counts.map((c) => c * c)) - n) / (n * (n - 1));
  });
  const agreement = sum(perItem) / rated.length;
  const judgements = sum(rated.map(sum));
  const shares = Array.from(
    { length: categories },
    (_, j) => sum(rated.map((counts) => counts[j])) / judgements,
  );
  const chance = sum(shares.map((p) => p * p));
  const kappa = chance < 1 ? (agreement - chance) / (1 - chance) : null;
  return { items: rated.length, judgements, agreement, kappa };
}

/**
 * One annotator's judgement of an item. The pair's responses are ordered by
 * id, so "FIRST" (the lower id preferred) means the same for everyone.
 */
export interface Judgement {
  item: string;
  annotatorId: string;
  choice: Choice;
}
export const CHOICES = ["FIRST", "SECOND", "TIE"] as const;
export type Choice = (typeof CHOICES)[number];

export interface AgreementReport {
  overall: AgreementSummary;
  /** Per annotator: how often they agree with others on shared items. */
  perAnnotator: Map<string, { agreed: number; compared: number }>;
}

/**
 * Overall agreement (Fleiss) and each annotator's share of agreeing
 * comparisons with every other annotator who judged the same items.
 * @param judgements at most one per annotator and item.
 */
export function measureAgreement(judgements: Judgement[]): AgreementReport {
  const byItem = new Map<string, Judgement[]>();
  for (const judgement of judgements) {
    const list = byItem.get(judgement.item);
    if (list) list.push(judgement);
    else byItem.set(judgement.item, [judgement]);
  }
  const counts: number[][] = [];
  const perAnnotator = new Map<string, { agreed: number; compared: number }>();

  for (const list of byItem.values()) {
    if (list.length < 2) continue;
    counts.push(CHOICES.map((c) => list.filter((j) => j.choice === c).length));
    for (const judgement of list) {
      const stats = perAnnotator.get(judgement.annotatorId) ?? { agreed: 0, compared: 0 };
      for (const other of list) {
        if (other === judgement) continue;
        stats.compared += 1;
        if (other.choice === judgement.choice) stats.agreed += 1;
      }
      perAnnotator.set(judgement.annotatorId, stats);
    }
  }
  return { overall: fleissKappa(counts), perAnnotator };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
