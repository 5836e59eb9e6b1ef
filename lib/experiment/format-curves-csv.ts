import { stringify } from "csv-stringify/sync";
import type { TrialCurve } from "./summarize-experiment";

/**
 * The learning curves as CSV, one row per policy, seed and evaluation:
 * `policy, seed, labels, kl, best_response, share_<type>...`, where kl is
 * KL(target || model) in nats, best_response the win rate in [0, 1], and
 * share_<type> the model's mass on that type's favourite responses.
 */
export function formatCurvesCsv(curves: TrialCurve[]): string {
  const types = [...new Set(curves.flatMap((c) => c.points.flatMap((p) => Object.keys(p.shares))))];
  const rows = curves.flatMap((curve) =>
    curve.points.map((point) => [
      curve.policy,
      curve.seed,
      point.labels,
      point.kl,
      point.bestResponse,
      ...types.map((type) => point.shares[type]),
    ]),
  );
  return stringify(rows, {
    header: true,
    columns: [
      "policy",
      "seed",
      "labels",
      "kl",
      "best_response",
      ...types.map((type) => `share_${type}`),
    ],
  });
}
