import type { DataCounts } from "@/lib/admin/counts";
import type { ModelOverview } from "@/lib/admin/dashboard";
import { ago, dateTime, nats } from "./format";
import { Card } from "./Section";

/** The headline numbers: the model's state and what has been collected. */
export function ModelSummary({
  model,
  counts,
  now,
}: {
  model: ModelOverview;
  counts: DataCounts;
  /** Render time (ms since the epoch), for "… ago". */
  now: number;
}) {
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
      <Stat label="Model version" testId="model-version" value={`v${model.version}`}>
        {model.rolledBackFrom !== null
          ? `rolled back to v${model.rolledBackFrom}`
          : model.trainerRunning
            ? "trainer running"
            : "no trainer running"}
      </Stat>
      <Stat label="Answers learned" testId="answers-learned" value={model.answersLearned}>
        {counts.waitingToBeLearned} waiting
      </Stat>
      <Stat label="Last trained" value={ago(model.lastTrainedAt, now)}>
        {dateTime(model.lastTrainedAt)}
      </Stat>
      <Stat label="KL to target" testId="model-kl" value={nats(model.kl)}>
        nats, averaged over prompts
      </Stat>
      <Stat label="Answers" testId="count-answers" value={counts.answers}>
        <span data-testid="count-left">{counts.left}</span> left ·{" "}
        <span data-testid="count-right">{counts.right}</span> right ·{" "}
        <span data-testid="count-ties">{counts.ties}</span> ties ·{" "}
        <span data-testid="count-skips">{counts.skips}</span> skips
      </Stat>
      <Stat label="Comparisons shown" testId="count-comparisons" value={counts.comparisons}>
        {counts.unanswered} unanswered · {plural(counts.humanAnnotators, "person", "people")} ·{" "}
        {counts.simulatedAnnotators} simulated
      </Stat>
    </div>
  );
}

function Stat({
  label,
  value,
  testId,
  children,
}: {
  label: string;
  value: string | number;
  testId?: string;
  children?: React.ReactNode;
}) {
  return (
    <Card className="flex flex-col gap-1">
      <span className="text-xs font-semibold uppercase tracking-wide text-slate-500">{label}</span>
      <span className="text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </span>
      <span className="text-xs text-slate-600">{children}</span>
    </Card>
  );
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
