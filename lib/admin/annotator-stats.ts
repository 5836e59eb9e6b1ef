import type { PrismaClient } from "../db/client";
import { measureAgreement, type AgreementSummary, type Choice } from "./agreement";

export interface AnnotatorStats {
  id: string;
  kind: "HUMAN" | "SIMULATED";
  displayName: string | null;
  simulatedType: string | null;
  runId: string | null;
  answers: number;
  leftPicks: number;
  rightPicks: number;
  ties: number;
  skips: number;
  medianLatencyMs: number | null;
  /** LEFT / (LEFT + RIGHT): 0.5 is no position bias. Null before any pick. */
  leftShare: number | null;
  /** Share of this annotator's judgements that others judging the same item matched. */
  agreement: number | null;
  /** How many (this annotator, other annotator) judgement pairs that share rests on. */
  agreementPairs: number;
  lastAnswerAt: string;
}

export interface AnnotatorReport {
  /** Annotators with at least one answer, most answers first (at most `limit`). */
  annotators: AnnotatorStats[];
  /** Every annotator with at least one answer, beyond the limit too. */
  totalAnnotators: number;
  agreement: AgreementSummary;
}

/** One row of the statistics query, before agreement is added. */
type StatsRow = Omit<
  AnnotatorStats,
  "leftShare" | "agreement" | "agreementPairs" | "lastAnswerAt"
> & { lastAnswerAt: Date };

/**
 * Per annotator: answers, ties and skips, median answer time, share of
 * left-side picks (position bias) and agreement with others; overall
 * agreement on items judged by more than one annotator (see agreement.ts).
 * @param limit most annotators listed (>= 1); the agreement uses everyone.
 */
export async function loadAnnotatorReport(
  prisma: PrismaClient,
  limit = 100,
): Promise<AnnotatorReport> {
  const [rows, total, judgements] = await Promise.all([
    prisma.$queryRaw<StatsRow[]>`
      SELECT an.id, an.kind::text AS kind, an."displayName", an."simulatedType", an."runId",
        count(*)::int AS answers,
        (count(*) FILTER (WHERE a.outcome = 'LEFT'))::int AS "leftPicks",
        (count(*) FILTER (WHERE a.outcome = 'RIGHT'))::int AS "rightPicks",
        (count(*) FILTER (WHERE a.outcome = 'TIE'))::int AS ties,
        (count(*) FILTER (WHERE a.outcome = 'SKIP'))::int AS skips,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY a."latencyMs") AS "medianLatencyMs",
        max(a."createdAt") AS "lastAnswerAt"
      FROM "Answer" a JOIN "Annotator" an ON an.id = a."annotatorId"
      GROUP BY an.id
      ORDER BY answers DESC, max(a."createdAt") DESC
      LIMIT ${limit}`,
    prisma.answer.groupBy({ by: ["annotatorId"] }).then((groups) => groups.length),
    loadJudgements(prisma),
  ]);
  const { overall, perAnnotator } = measureAgreement(judgements);

  return {
    annotators: rows.map((row) => {
      const picks = row.leftPicks + row.rightPicks;
      const shared = perAnnotator.get(row.id);
      return {
        ...row,
        leftShare: picks > 0 ? row.leftPicks / picks : null,
        agreement: shared && shared.compared > 0 ? shared.agreed / shared.compared : null,
        agreementPairs: shared?.compared ?? 0,
        lastAnswerAt: row.lastAnswerAt.toISOString(),
      };
    }),
    totalAnnotators: total,
    agreement: overall,
  };
}

/**
 * Each annotator's latest non-skip judgement of each item (a prompt and an
 * unordered pair of responses), for items that at least two annotators
 * judged.
 */
async function loadJudgements(prisma: PrismaClient) {
  const rows = await prisma.$queryRaw<{ item: string; annotatorId: string; choice: Choice }[]>`
    WITH judged AS (
      SELECT DISTINCT ON (item, a."annotatorId")
        concat_ws(':', c."promptId",
          least(c."leftResponseId", c."rightResponseId"),
          greatest(c."leftResponseId", c."rightResponseId")) AS item,
        a."annotatorId",
        CASE
          WHEN a.outcome = 'TIE' THEN 'TIE'
          WHEN (a.outcome = 'LEFT') = (c."leftResponseId" < c."rightResponseId") THEN 'FIRST'
          ELSE 'SECOND'
        END AS choice
      FROM "Answer" a JOIN "Comparison" c ON c.id = a."comparisonId"
      WHERE a.outcome <> 'SKIP'
      ORDER BY item, a."annotatorId", a.id DESC
    )
    SELECT item, "annotatorId", choice
    FROM (SELECT *, count(*) OVER (PARTITION BY item) AS judges FROM judged) counted
    WHERE judges >= 2`;
  return rows;
}
