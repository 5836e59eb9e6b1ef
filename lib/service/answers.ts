import { z } from "zod";
import type { PrismaClient } from "../db/client";
import { Prisma } from "../db/generated/client";
import { storableText } from "../util/text";
import { conflict, forbidden, notFound, noSession } from "./errors";

export const OUTCOMES = ["LEFT", "RIGHT", "TIE", "SKIP"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The body of an answer submission. */
export const answerInputSchema = z.object({
  comparisonId: z.string().uuid("comparisonId must be a UUID"),
  outcome: z.enum(OUTCOMES, { message: "outcome must be one of LEFT, RIGHT, TIE, SKIP" }),
  reason: storableText("reason").max(2000, "reason must be at most 2000 characters").optional(),
  latencyMs: z.number().int().min(0).max(86_400_000).optional(),
  /** One key per comparison: a retried request carries the same key. */
  idempotencyKey: storableText("idempotencyKey")
    .min(8, "idempotencyKey must be 8 to 100 characters")
    .max(100, "idempotencyKey must be 8 to 100 characters"),
});
export type AnswerInput = z.infer<typeof answerInputSchema>;

export interface AnswerReceipt {
  answerId: number;
  comparisonId: string;
  outcome: Outcome;
  /** True when this request replayed an answer already stored. */
  replayed: boolean;
}

/**
 * Stores one answer exactly once. A replay with the same idempotency key
 * returns the stored answer, even after the lease expired. Refused with
 * nothing written: an unknown annotator (401 no_session), an unknown
 * comparison (404), one never handed to this annotator (403), a second,
 * different answer to it (409 already_answered), one after the lease expired
 * (409 lease_expired), or a key this annotator already used for another
 * answer (409 idempotency_key_reused). Keys belong to their annotator:
 * someone else's key is an unused key here.
 *
 * One statement does it all (this is on every answer's path): it locks the
 * comparison, looks up this annotator's lease and answer, inserts the answer
 * if the lease is live and counts it on the comparison.
 *
 * @param now when the answer counts as given; by default the database's
 *   clock once the comparison is locked, so a claim of the same comparison
 *   by someone else is decided entirely before or after this answer.
 */
export async function submitAnswer(
  prisma: PrismaClient,
  annotatorId: string,
  input: AnswerInput,
  now?: Date,
): Promise<AnswerReceipt> {
  // Timestamps are stored as UTC without a time zone, as Prisma writes them.
  const answeredAt = now
    ? Prisma.sql`${now}::timestamp(3)`
    : Prisma.sql`(clock_timestamp() AT TIME ZONE 'UTC')`;
  const [result] = await prisma.$queryRaw<SubmitRow[]>`
    WITH target AS (
      SELECT c."id", l."expiresAt", a."id" AS "answerId", a."idempotencyKey",
        a."outcome"::text AS "outcome"
      FROM "Comparison" c
      LEFT JOIN "Lease" l ON l."comparisonId" = c."id" AND l."annotatorId" = ${annotatorId}
      LEFT JOIN "Answer" a ON a."comparisonId" = c."id" AND a."annotatorId" = ${annotatorId}
      WHERE c."id" = ${input.comparisonId}
      FOR NO KEY UPDATE OF c
    ), stored AS (
      INSERT INTO "Answer" ("comparisonId", "annotatorId", "outcome", "reason", "latencyMs",
        "idempotencyKey", "createdAt")
      SELECT t."id", ${annotatorId}, ${input.outcome}::"Outcome", ${input.reason?.trim() || null},
        ${input.latencyMs ?? null}::int, ${input.idempotencyKey}, ${answeredAt}
      FROM target t
      WHERE t."answerId" IS NULL AND t."expiresAt" > ${answeredAt}
      -- A concurrent answer to the same pair, or a key another answer has:
      -- nothing is written, and the caller looks the key up.
      ON CONFLICT DO NOTHING
      RETURNING "id"
    ), counted AS (
      UPDATE "Comparison" SET "nonSkipAnswers" = "nonSkipAnswers" + 1
      WHERE "id" = ${input.comparisonId} AND ${input.outcome} <> 'SKIP'
        AND EXISTS (SELECT 1 FROM stored)
    )
    SELECT EXISTS (SELECT 1 FROM "Annotator" WHERE "id" = ${annotatorId}) AS "annotatorKnown",
      t."id" IS NOT NULL AS "comparisonKnown", t."expiresAt", t."answerId", t."idempotencyKey",
      t."outcome", t."expiresAt" <= ${answeredAt} AS "expired",
      (SELECT "id" FROM stored) AS "storedId"
    FROM (SELECT 1) AS one LEFT JOIN target t ON true`;

  if (!result.annotatorKnown) throw noSession();
  if (!result.comparisonKnown) {
    throw notFound("comparison_not_found", "This comparison does not exist.");
  }
  if (result.storedId !== null) {
    return receipt(result.storedId, input.comparisonId, input.outcome, false);
  }
  if (result.answerId !== null) {
    if (result.idempotencyKey !== input.idempotencyKey) throw alreadyAnswered();
    return receipt(result.answerId, input.comparisonId, result.outcome!, true);
  }
  if (result.expiresAt === null) {
    throw forbidden("not_your_comparison", "This pair was not handed to you.");
  }
  if (result.expired) {
    throw conflict("lease_expired", "This pair expired before your answer arrived.");
  }
  // Not written for a conflict: another request with this key won the race
  // (a replay), or the key belongs to another answer.
  const raced = await findReplay(prisma, annotatorId, input);
  if (raced) return raced;
  throw alreadyAnswered();
}

interface SubmitRow {
  annotatorKnown: boolean;
  comparisonKnown: boolean;
  expiresAt: Date | null;
  answerId: number | null;
  idempotencyKey: string | null;
  outcome: Outcome | null;
  expired: boolean | null;
  storedId: number | null;
}

const receipt = (
  answerId: number,
  comparisonId: string,
  outcome: Outcome,
  replayed: boolean,
): AnswerReceipt => ({ answerId, comparisonId, outcome, replayed });

const alreadyAnswered = () => conflict("already_answered", "You have already answered this pair.");

async function findReplay(
  prisma: PrismaClient,
  annotatorId: string,
  input: AnswerInput,
): Promise<AnswerReceipt | null> {
  // Keys are scoped to their annotator: another annotator's answer under the
  // same key is never found here, so it is neither returned nor changed.
  const stored = await prisma.answer.findUnique({
    where: { annotatorId_idempotencyKey: { annotatorId, idempotencyKey: input.idempotencyKey } },
  });
  if (!stored) return null;
  if (stored.comparisonId !== input.comparisonId) {
    throw conflict("idempotency_key_reused", "This idempotency key belongs to another answer.");
  }
  return {
    answerId: stored.id,
    comparisonId: stored.comparisonId,
    outcome: stored.outcome,
    replayed: true,
  };
}
