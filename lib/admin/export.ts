import { stringify } from "csv-stringify/sync";
import type { PrismaClient } from "../db/client";
import { logger } from "../util/logger";

/** The columns of the per-answer export, in order (CSV header = JSONL keys). */
export const ANSWER_COLUMNS = [
  "answer_id",
  "answered_at",
  "comparison_id",
  "shown_at",
  "prompt_id",
  "prompt",
  "left_response_id",
  "left_response",
  "right_response_id",
  "right_response",
  "outcome",
  "chosen_response_id",
  "annotator_id",
  "annotator_kind",
  "annotator_type",
  "reason",
  "latency_ms",
  "model_version",
  "policy",
  "acquisition_score",
  "run_id",
  "learned_in_version",
] as const;

export type AnswerExportRow = Record<(typeof ANSWER_COLUMNS)[number], string | number | null>;

/**
 * Every answer, one row each (three answers to one comparison are three
 * rows), oldest first, read in pages so a large table never sits in memory.
 * @param pageSize answers per database read (>= 1).
 */
export async function* readAnswerRows(
  prisma: PrismaClient,
  pageSize = 500,
): AsyncGenerator<AnswerExportRow[]> {
  let after = 0;
  for (;;) {
    const answers = await prisma.answer.findMany({
      where: { id: { gt: after } },
      orderBy: { id: "asc" },
      take: pageSize,
      include: {
        annotator: { select: { kind: true, simulatedType: true } },
        comparison: {
          include: {
            prompt: { select: { text: true } },
            leftResponse: { select: { text: true } },
            rightResponse: { select: { text: true } },
          },
        },
      },
    });
    if (answers.length === 0) return;
    after = answers[answers.length - 1].id;

    yield answers.map((answer) => {
      const { comparison } = answer;
      const chosen =
        answer.outcome === "LEFT"
          ? comparison.leftResponseId
          : answer.outcome === "RIGHT"
            ? comparison.rightResponseId
            : null;
      return {
        answer_id: answer.id,
        answered_at: answer.createdAt.toISOString(),
        comparison_id: comparison.id,
        shown_at: comparison.createdAt.toISOString(),
        prompt_id: comparison.promptId,
        prompt: comparison.prompt.text,
        left_response_id: comparison.leftResponseId,
        left_response: comparison.leftResponse.text,
        right_response_id: comparison.rightResponseId,
        right_response: comparison.rightResponse.text,
        outcome: answer.outcome,
        chosen_response_id: chosen,
        annotator_id: answer.annotatorId,
        annotator_kind: answer.annotator.kind,
        annotator_type: answer.annotator.simulatedType,
        reason: answer.reason,
        latency_ms: answer.latencyMs,
        model_version: comparison.modelVersion,
        policy: comparison.policy,
        acquisition_score: comparison.acquisitionScore,
        run_id: comparison.runId,
        learned_in_version: answer.learnedInVersion,
      };
    });
  }
}

/**
 * The per-answer export as CSV text chunks (RFC 4180 quoting by
 * csv-stringify; every text cell quoted). A text cell that begins with
 * = + - @ tab or carriage return gets a leading ' so a spreadsheet shows it
 * instead of running it as a formula; numbers are written as they are.
 */
export async function* answersCsv(pages: AsyncIterable<AnswerExportRow[]>) {
  let header = true;
  for await (const rows of pages) {
    yield stringify(rows, {
      header,
      columns: [...ANSWER_COLUMNS],
      quoted_string: true,
      escape_formulas: true,
    });
    header = false;
  }
  if (header) yield stringify([], { header: true, columns: [...ANSWER_COLUMNS] });
}

/** The per-answer export as JSON Lines: one object per answer, text unaltered. */
export async function* answersJsonl(pages: AsyncIterable<AnswerExportRow[]>) {
  for await (const rows of pages) {
    yield rows.map((row) => `${JSON.stringify(row)}\n`).join("");
  }
}

/** Whose answers an export takes. */
export const ANNOTATOR_FILTERS = ["all", "human", "simulated"] as const;
export type AnnotatorFilter = (typeof ANNOTATOR_FILTERS)[number];

/**
 * The preference file for TRL-style trainers: JSON Lines of
 * `{ prompt, chosen, rejected }`, one line per pair of responses to a
 * prompt (in either left/right order) on which at least one person chose,
 * and everybody who chose picked the same response. Ties and skips neither
 * count for nor against a pair; a pair on which people picked different
 * responses (a split decision) is left out. Ordered by the pair's first
 * answer. `annotators` picks whose answers count: people's, the simulated
 * annotators', or all (the default).
 */
export async function* preferencesJsonl(
  prisma: PrismaClient,
  { annotators = "all" }: { annotators?: AnnotatorFilter } = {},
) {
  const kind = annotators === "all" ? null : annotators.toUpperCase();
  const pairs = await prisma.$queryRaw<{ prompt: string; chosen: string; rejected: string }[]>`
    WITH decisive AS (
      SELECT a.id, c."promptId",
        least(c."leftResponseId", c."rightResponseId") AS lo,
        greatest(c."leftResponseId", c."rightResponseId") AS hi,
        CASE WHEN a.outcome = 'LEFT' THEN c."leftResponseId" ELSE c."rightResponseId" END
          AS chosen
      FROM "Answer" a
      JOIN "Comparison" c ON c.id = a."comparisonId"
      JOIN "Annotator" an ON an.id = a."annotatorId"
      WHERE a.outcome IN ('LEFT', 'RIGHT')
        AND (${kind}::text IS NULL OR an.kind::text = ${kind}::text)
    ), unanimous AS (
      SELECT "promptId", lo, hi, min(chosen) AS chosen, min(id) AS first_answer
      FROM decisive
      GROUP BY "promptId", lo, hi
      HAVING count(DISTINCT chosen) = 1
    )
    SELECT p.text AS prompt, cr.text AS chosen, rr.text AS rejected
    FROM unanimous u
    JOIN "Prompt" p ON p.id = u."promptId"
    JOIN "Response" cr ON cr.id = u.chosen
    JOIN "Response" rr ON rr.id = CASE WHEN u.chosen = u.lo THEN u.hi ELSE u.lo END
    ORDER BY u.first_answer`;
  for (let start = 0; start < pairs.length; start += 1000) {
    yield pairs
      .slice(start, start + 1000)
      .map(({ prompt, chosen, rejected }) => `${JSON.stringify({ prompt, chosen, rejected })}\n`)
      .join("");
  }
}

/**
 * Streams text chunks as a UTF-8 response body. The first chunk is read
 * before the body is handed back, so a database that fails at the start
 * throws here and is answered with the API's error shape (a 503, say), not
 * a 200 that breaks off. A failure later, after the headers went out, can
 * only cut the download short: it is logged with `context` and the
 * connection is reset, so the client sees an incomplete download, never a
 * complete-looking one.
 */
export async function textStream(
  chunks: AsyncIterable<string>,
  context: Record<string, unknown>,
): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  let first: IteratorResult<string> | null = await iterator.next();
  return new ReadableStream({
    async pull(controller) {
      try {
        const { value, done } = first ?? (await iterator.next());
        first = null;
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        logger.error(
          { err: error, ...context },
          "export failed part way; the download is cut short",
        );
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
