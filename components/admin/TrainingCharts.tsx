"use client";

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { CheckpointSummary } from "@/lib/admin/checkpoints";
import { MODEL_COLOUR, TYPE_COLOURS, nats, percent } from "./format";
import { Card } from "./Section";

const PROMPT_GREYS = ["#cbd5e1", "#a5b4fc", "#c4b5fd", "#bae6fd", "#d9f99d", "#fecaca"];

/**
 * Learning over model versions: KL from the target to the model (the
 * inclusive fit), the choice loss of each training round before and after
 * it, and how much of its mass the model gives each annotator type's
 * favourites against the target's share.
 */
export function TrainingCharts({
  checkpoints,
  promptCount,
  types,
}: {
  checkpoints: CheckpointSummary[];
  promptCount: number;
  types: string[];
}) {
  const data = checkpoints.map((c) => ({
    version: c.version,
    answersLearned: c.answersLearned,
    kl: c.kl,
    lossBefore: c.lossBefore,
    lossAfter: c.lossAfter,
    ...Object.fromEntries(c.klPerPrompt.map((kl, p) => [`klPrompt${p}`, kl])),
    ...Object.fromEntries(
      c.shares.flatMap((s) => [
        [`model:${s.type}`, s.modelShare],
        [`target:${s.type}`, s.targetShare],
      ]),
    ),
  }));
  const rollbacks = checkpoints.filter((c) => c.rolledBackFrom !== null);
  const marks = rollbacks.map((c) => (
    <ReferenceLine
      key={c.version}
      x={c.version}
      stroke="#f43f5e"
      strokeDasharray="3 3"
      label={{
        value: `↺ v${c.rolledBackFrom}`,
        fill: "#be123c",
        fontSize: 11,
        position: "insideTopRight",
      }}
    />
  ));
  const xAxis = (
    <XAxis
      dataKey="version"
      type="number"
      domain={["dataMin", "dataMax"]}
      allowDecimals={false}
      padding={{ left: 8, right: 8 }}
      tick={{ fontSize: 11 }}
      label={{ value: "model version", position: "insideBottom", offset: -4, fontSize: 11 }}
    />
  );
  const chartStyle = { width: "100%", height: 260 };
  const margin = { top: 16, right: 16, bottom: 16, left: 0 };

  return (
    <div className="grid gap-3 lg:grid-cols-3">
      <Card data-testid="chart-kl">
        <h3 className="text-sm font-semibold">KL(target ‖ model), nats</h3>
        <p className="text-xs text-slate-600">Bold: mean over prompts; thin: each prompt.</p>
        <LineChart responsive style={chartStyle} data={data} margin={margin}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          {xAxis}
          <YAxis tick={{ fontSize: 11 }} width={44} tickFormatter={(v: number) => v.toFixed(2)} />
          <Tooltip formatter={(v) => nats(Number(v))} labelFormatter={(v) => `v${v}`} />
          {Array.from({ length: promptCount }, (_, p) => (
            <Line
              key={p}
              dataKey={`klPrompt${p}`}
              name={`prompt ${p + 1}`}
              stroke={PROMPT_GREYS[p % PROMPT_GREYS.length]}
              strokeWidth={1}
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          ))}
          <Line
            dataKey="kl"
            name="mean"
            stroke={MODEL_COLOUR}
            strokeWidth={2.5}
            dot={data.length < 40}
            isAnimationActive={false}
            connectNulls
          />
          {marks}
        </LineChart>
      </Card>

      <Card data-testid="chart-loss">
        <h3 className="text-sm font-semibold">Choice loss per training round</h3>
        <p className="text-xs text-slate-600">
          Mean negative log-likelihood of the round&apos;s new answers, before and after it.
        </p>
        <LineChart responsive style={chartStyle} data={data} margin={margin}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          {xAxis}
          <YAxis tick={{ fontSize: 11 }} width={44} tickFormatter={(v: number) => v.toFixed(2)} />
          <Tooltip formatter={(v) => nats(Number(v))} labelFormatter={(v) => `v${v}`} />
          <Legend
            verticalAlign="top"
            height={24}
            itemSorter={null}
            wrapperStyle={{ fontSize: 12 }}
          />
          <Line
            dataKey="lossBefore"
            name="before training"
            stroke="#f59e0b"
            dot={data.length < 40}
            isAnimationActive={false}
            connectNulls
          />
          <Line
            dataKey="lossAfter"
            name="after training"
            stroke={MODEL_COLOUR}
            dot={data.length < 40}
            isAnimationActive={false}
            connectNulls
          />
          {marks}
        </LineChart>
      </Card>

      <Card data-testid="chart-shares">
        <h3 className="text-sm font-semibold">Mass on each type&apos;s favourites</h3>
        <p className="text-xs text-slate-600">
          Solid: the model; dashed: the target. A solid line far below its dashed one is an
          under-served type.
        </p>
        <LineChart responsive style={chartStyle} data={data} margin={margin}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          {xAxis}
          <YAxis
            tick={{ fontSize: 11 }}
            width={44}
            domain={[0, 1]}
            tickFormatter={(v: number) => percent(v)}
          />
          <Tooltip formatter={(v) => percent(Number(v), 1)} labelFormatter={(v) => `v${v}`} />
          <Legend
            verticalAlign="top"
            height={24}
            itemSorter={null}
            wrapperStyle={{ fontSize: 12 }}
          />
          {types.flatMap((type, k) => [
            <Line
              key={`model:${type}`}
              dataKey={`model:${type}`}
              name={`${type} (model)`}
              stroke={TYPE_COLOURS[k % TYPE_COLOURS.length]}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              connectNulls
            />,
            <Line
              key={`target:${type}`}
              dataKey={`target:${type}`}
              name={`${type} (target)`}
              stroke={TYPE_COLOURS[k % TYPE_COLOURS.length]}
              strokeDasharray="5 4"
              dot={false}
              isAnimationActive={false}
              connectNulls
              legendType="none"
            />,
          ])}
          {marks}
        </LineChart>
      </Card>
    </div>
  );
}
