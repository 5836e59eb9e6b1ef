"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  ErrorBar,
  Legend,
  Tooltip,
  XAxis,
  YAxis,
  type YAxisTickContentProps,
} from "recharts";
import type { PromptBeliefs } from "@/lib/admin/beliefs";
import { MODEL_COLOUR, TARGET_COLOUR, TYPE_COLOURS, nats, percent } from "./format";
import { Card } from "./Section";

/**
 * Per prompt: the model's probability of each response shown (with its
 * band across epistemic indices) beside the target's, each annotator
 * type's favourites marked by a dot in the type's colour.
 */
export function BeliefCharts({ beliefs, types }: { beliefs: PromptBeliefs[]; types: string[] }) {
  return (
    <div className="flex flex-col gap-3">
      <TypeKey types={types} />
      <div className="grid gap-3 xl:grid-cols-2">
        {beliefs.map((prompt) => (
          <PromptBeliefChart key={prompt.promptIndex} prompt={prompt} types={types} />
        ))}
      </div>
    </div>
  );
}

function TypeKey({ types }: { types: string[] }) {
  return (
    <p className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600">
      <span>
        <Swatch colour={MODEL_COLOUR} /> model (z = 0), whisker: central 80% across epistemic
        indices
      </span>
      <span>
        <Swatch colour={TARGET_COLOUR} /> target (the population&apos;s mixture)
      </span>
      {types.map((type, k) => (
        <span key={type}>
          <Dot colour={TYPE_COLOURS[k % TYPE_COLOURS.length]} /> among the three favourites of the{" "}
          {type}
        </span>
      ))}
    </p>
  );
}

function PromptBeliefChart({ prompt, types }: { prompt: PromptBeliefs; types: string[] }) {
  const rows = prompt.responses.map((r) => ({
    text: r.text,
    model: r.modelProb,
    band: [Math.max(0, r.modelProb - r.bandLow), Math.max(0, r.bandHigh - r.modelProb)],
    target: r.targetProb,
    favouriteOf: r.favouriteOf,
  }));
  const favourites = new Map(rows.map((row) => [row.text, row.favouriteOf]));
  const height = rows.length * 30 + 56;
  // Small probabilities need a decimal on every tick, not just on some.
  const largest = Math.max(...prompt.responses.flatMap((r) => [r.bandHigh, r.targetProb]));
  const tickDigits = largest < 0.3 ? 1 : 0;

  return (
    <Card data-testid="belief-chart" className="flex flex-col gap-2">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-sm font-semibold">{prompt.prompt}</h3>
        <span className="text-xs text-slate-600">KL {nats(prompt.kl)} nats</span>
      </header>
      <BarChart
        layout="vertical"
        responsive
        style={{ width: "100%", height }}
        data={rows}
        margin={{ top: 4, right: 24, bottom: 4, left: 8 }}
        barGap={1}
        barCategoryGap={5}
      >
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" horizontal={false} />
        <XAxis
          type="number"
          tick={{ fontSize: 11 }}
          tickFormatter={(v: number) => percent(v, tickDigits)}
        />
        <YAxis
          type="category"
          dataKey="text"
          width={170}
          interval={0}
          tick={({ x, y, payload }: YAxisTickContentProps) => (
            <ResponseTick
              x={Number(x)}
              y={Number(y)}
              text={String(payload.value)}
              favouriteOf={favourites.get(String(payload.value)) ?? []}
              types={types}
            />
          )}
        />
        <Tooltip
          formatter={(value, name) =>
            Array.isArray(value) ? null : [percent(Number(value), 1), name]
          }
        />
        <Legend verticalAlign="top" height={22} itemSorter={null} wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="model" name="model" fill={MODEL_COLOUR} isAnimationActive={false}>
          <ErrorBar
            dataKey="band"
            width={4}
            stroke="#1e1b4b"
            strokeWidth={1.2}
            isAnimationActive={false}
          />
        </Bar>
        <Bar dataKey="target" name="target" fill={TARGET_COLOUR} isAnimationActive={false} />
      </BarChart>
      <ShareBars shares={prompt.shares} types={types} />
    </Card>
  );
}

/** A response's text, with a dot per annotator type that counts it a favourite. */
function ResponseTick({
  x,
  y,
  text,
  favouriteOf,
  types,
}: {
  x: number;
  y: number;
  text: string;
  favouriteOf: string[];
  types: string[];
}) {
  const dots = favouriteOf.map((type) => types.indexOf(type));
  return (
    <g transform={`translate(${x},${y})`}>
      <text x={-4 - dots.length * 12} dy={4} textAnchor="end" fontSize={12} fill="#0f172a">
        {text}
      </text>
      {dots.map((k, i) => (
        <circle
          key={k}
          cx={-8 - (dots.length - 1 - i) * 12}
          cy={0}
          r={4.5}
          fill={TYPE_COLOURS[k % TYPE_COLOURS.length]}
        >
          <title>{`a favourite of the ${types[k]}`}</title>
        </circle>
      ))}
    </g>
  );
}

/**
 * For each type, the model's and the target's mass on the responses that
 * type likes more than the population does: a short model bar under a long
 * target bar is a type the model under-serves.
 */
function ShareBars({ shares, types }: { shares: PromptBeliefs["shares"]; types: string[] }) {
  return (
    <dl className="grid gap-1 text-xs">
      <p className="text-slate-600">
        Mass on responses each type likes more than the population does (upper bar: model, lower:
        target)
      </p>
      {shares.map((share) => {
        const colour = TYPE_COLOURS[types.indexOf(share.type) % TYPE_COLOURS.length];
        const underServed = share.modelShare < 0.5 * share.targetShare;
        return (
          <div key={share.type} className="grid grid-cols-[7rem_1fr_9rem] items-center gap-2">
            <dt className="truncate font-medium" style={{ color: colour }}>
              {share.type}
            </dt>
            <dd className="flex flex-col gap-0.5" aria-hidden>
              <span
                className="block h-2 rounded-sm"
                style={{ width: percent(share.modelShare), background: colour }}
              />
              <span
                className="block h-2 rounded-sm opacity-40"
                style={{ width: percent(share.targetShare), background: colour }}
              />
            </dd>
            <dd className={underServed ? "font-semibold text-rose-700" : "text-slate-600"}>
              model {percent(share.modelShare)} / target {percent(share.targetShare)}
              {underServed ? " · under-served" : ""}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

function Swatch({ colour }: { colour: string }) {
  return (
    <span
      className="mr-1 inline-block h-2.5 w-4 rounded-sm align-middle"
      style={{ background: colour }}
    />
  );
}

function Dot({ colour }: { colour: string }) {
  return (
    <span
      className="mr-1 inline-block h-2.5 w-2.5 rounded-full align-middle"
      style={{ background: colour }}
    />
  );
}
