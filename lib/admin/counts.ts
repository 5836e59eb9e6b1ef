import type { PrismaClient } from "../db/client";

export interface DataCounts {
  comparisons: number;
  /** Comparisons shown that nobody has answered (yet, or ever: expired). */
  unanswered: number;
  answers: number;
  left: number;
  right: number;
  ties: number;
  skips: number;
  /** Answers the newest model has not learned yet. */
  waitingToBeLearned: number;
  humanAnnotators: number;
  simulatedAnnotators: number;
}

/** Row counts shown on the dashboard, straight from the tables. */
export async function loadCounts(prisma: PrismaClient): Promise<DataCounts> {
  const [comparisons, unanswered, outcomes, waiting, kinds] = await Promise.all([
    prisma.comparison.count(),
    prisma.comparison.count({ where: { answers: { none: {} } } }),
    prisma.answer.groupBy({ by: ["outcome"], _count: { _all: true } }),
    prisma.answer.count({ where: { learnedInVersion: null } }),
    prisma.annotator.groupBy({ by: ["kind"], _count: { _all: true } }),
  ]);
  const outcome = (name: string) => outcomes.find((o) => o.outcome === name)?._count._all ?? 0;
  const kind = (name: string) => kinds.find((k) => k.kind === name)?._count._all ?? 0;

  return {
    comparisons,
    unanswered,
    answers: outcomes.reduce((sum, o) => sum + o._count._all, 0),
    left: outcome("LEFT"),
    right: outcome("RIGHT"),
    ties: outcome("TIE"),
    skips: outcome("SKIP"),
    waitingToBeLearned: waiting,
    humanAnnotators: kind("HUMAN"),
    simulatedAnnotators: kind("SIMULATED"),
  };
}
