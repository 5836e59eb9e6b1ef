import type { PrismaClient } from "../db/client";

export interface ComparisonRow {
  id: string;
  createdAt: string;
  prompt: string;
  left: { id: number; text: string };
  right: { id: number; text: string };
  policy: string;
  acquisitionScore: number;
  modelVersion: number;
  annotator: { id: string; name: string; kind: "HUMAN" | "SIMULATED"; type: string | null };
  runId: string | null;
  /** Every answer given to this comparison (usually one; none while it waits). */
  answers: { outcome: "LEFT" | "RIGHT" | "TIE" | "SKIP"; latencyMs: number | null }[];
}

export interface RecentComparisonsOptions {
  /** Most rows returned, 1-500. */
  limit?: number;
  /** Only comparisons of this simulation run. */
  runId?: string;
}

/**
 * The newest comparisons: what the model asked, which policy chose the pair
 * and with what acquisition score, which response was shown on which side,
 * and how it was answered.
 */
export async function listRecentComparisons(
  prisma: PrismaClient,
  options: RecentComparisonsOptions = {},
): Promise<ComparisonRow[]> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  const rows = await prisma.comparison.findMany({
    where: options.runId ? { runId: options.runId } : undefined,
    orderBy: { createdAt: "desc" },
    take: limit,
    include: {
      prompt: { select: { text: true } },
      leftResponse: { select: { id: true, text: true } },
      rightResponse: { select: { id: true, text: true } },
      annotator: { select: { id: true, displayName: true, kind: true, simulatedType: true } },
      answers: { select: { outcome: true, latencyMs: true }, orderBy: { id: "asc" } },
    },
  });

  return rows.map((row) => ({
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    prompt: row.prompt.text,
    left: row.leftResponse,
    right: row.rightResponse,
    policy: row.policy,
    acquisitionScore: row.acquisitionScore,
    modelVersion: row.modelVersion,
    annotator: {
      id: row.annotator.id,
      name: row.annotator.displayName ?? `anonymous ${row.annotator.id.slice(0, 8)}`,
      kind: row.annotator.kind,
      type: row.annotator.simulatedType,
    },
    runId: row.runId,
    answers: row.answers,
  }));
}
