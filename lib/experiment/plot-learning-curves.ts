import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { ObjectiveTarget, TrialCurve } from "./summarize-experiment";

export interface PlotOptions {
  title: string;
  /** Axis label of the metric, with its unit. */
  yTitle: string;
  target: ObjectiveTarget;
}

/**
 * Renders one objective's learning curves as an SVG document: per policy,
 * the median over seeds after each batch as a line, a band spanning the
 * seeds (min to max), and the objective's target as a dashed rule.
 */
export async function plotLearningCurves(
  curves: TrialCurve[],
  options: PlotOptions,
): Promise<string> {
  const { metric } = options.target;
  const values = curves.flatMap((c) =>
    c.points.map((p) => ({ policy: c.policy, seed: c.seed, labels: p.labels, value: p[metric] })),
  );
  const policies = [...new Set(curves.map((c) => c.policy))];
  const x = { field: "labels", type: "quantitative", title: "labels (answers collected)" } as const;
  const color = {
    field: "policy",
    type: "nominal",
    scale: { domain: policies },
    legend: { title: "policy" },
  } as const;
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: options.title,
    width: 560,
    height: 320,
    data: { values },
    layer: [
      {
        transform: [
          {
            aggregate: [
              { op: "min", field: "value", as: "low" },
              { op: "max", field: "value", as: "high" },
            ],
            groupby: ["policy", "labels"],
          },
        ],
        mark: { type: "area", opacity: 0.15 },
        encoding: {
          x,
          // Not from zero: a win rate moves within a few hundredths of 0.6.
          y: {
            field: "low",
            type: "quantitative",
            title: options.yTitle,
            scale: { zero: false },
          },
          y2: { field: "high" },
          color,
        },
      },
      {
        mark: { type: "line", strokeWidth: 2 },
        encoding: {
          x,
          y: { aggregate: "median", field: "value", type: "quantitative" },
          color,
        },
      },
      {
        data: { values: [{ target: options.target.target }] },
        mark: { type: "rule", strokeDash: [6, 4], color: "#444" },
        encoding: { y: { field: "target", type: "quantitative" } },
      },
    ],
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
