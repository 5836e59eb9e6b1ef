import type { ExperimentSummary, ObjectiveName } from "./summarize-experiment";

const TITLES: Record<ObjectiveName, string> = {
  inclusiveFit: "inclusive fit: KL(target || model), lower is better",
  bestResponse: "best response: win rate of the best-of-N pick, higher is better",
};

/**
 * The headline table as plain text: per objective, its target, then per
 * policy the labels needed per seed ("-" for never), their median, the
 * ratio against passive ("≥" when passive never got there) and the final
 * median value.
 */
export function formatSummaryTable(summary: ExperimentSummary): string {
  const sections = (Object.keys(TITLES) as ObjectiveName[]).map((name) => {
    const objective = summary[name];
    const header = ["policy", "labels to target per seed", "median", "vs passive", "final"];
    const rows = Object.entries(objective.policies).map(([policy, result]) => [
      policy,
      result.labelsPerSeed.map((l) => (l === null ? "-" : String(l))).join(" "),
      result.medianLabels === null ? "never" : String(result.medianLabels),
      result.ratioVsPassive === null
        ? "-"
        : `${result.ratioIsLowerBound ? "≥" : ""}${result.ratioVsPassive.toFixed(1)}x`,
      result.finalMedian.toFixed(3),
    ]);
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
    const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c])).join("  ");
    const target =
      `target ${objective.target.toFixed(3)}: ${Math.round(objective.fraction * 100)}% of the way ` +
      `from pretrained ${objective.pretrained.toFixed(3)} to best reachable ` +
      `${objective.bestReachable.toFixed(3)}`;
    return [TITLES[name], target, line(header), ...rows.map(line)].join("\n");
  });
  return sections.join("\n\n");
}
