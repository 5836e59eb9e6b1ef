import { z } from "zod";
import type { PrismaClient } from "../db/client";
import { conflict, forbidden, notFound } from "./errors";

export const OUTCOMES = ["LEFT", "RIGHT", "TIE", "SKIP"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The body of an answer submission. */
export const answerInputSchema = z.object({
  comparisonId: z.string().uuid("comparisonId must be a UUID"),
  outcome: z.enum(OUTCOMES, { message: "outcome must be one of LEFT, RIGHT, TIE, SKIP" }),
  reason: z.string().max(2000, "reason must be at most 2000 characters").optional(),
  latencyMs: z.number().int().min(0).max(86_400_000).optional(),
  /** One key per comparison: a retried request carries the same key. */
  idempotencyKey: z.string().min(8).max(100),
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
 * nothing written: an unknown comparison (404), one never handed to this
 * annotator (403), a second, different answer to it (409 already_answered),
 * one after the lease expired (409 lease_expired), or a key this annotator
 * already used for another answer (409 idempotency_key_reused). Keys belong
 * to their annotator: someone else's key is an unused key here.
 *
 * @param now when the answer counts as given; by default the clock is read
 *   once the comparison is locked, so a claim of the same comparison by
 *   someone else is decided entirely before or after this answer.
 */
export async function submitAnswer(
  prisma: PrismaClient,
  annotatorId: string,
  input: AnswerInput,
  now?: Date,
): Promise<AnswerReceipt> {
  try {
    return await prisma.$transaction(async (tx) => {
      // One statement locks the comparison and finds this annotator's lease
      // and answer, if any.
      const [found] = await tx.$queryRaw<Lookup[]>`
        SELECT l."expiresAt", a."id" AS "answerId", a."idempotencyKey", a."outcome"::text
        FROM "Comparison" c
        LEFT JOIN "Lease" l ON l."comparisonId" = c."id" AND l."annotatorId" = ${annotatorId}
        LEFT JOIN "Answer" a ON a."comparisonId" = c."id" AND a."annotatorId" = ${annotatorId}
        WHERE c."id" = ${input.comparisonId}
        FOR NO KEY UPDATE OF c`;
      if (!found) throw notFound("comparison_not_found", "This comparison does not exist.");
      if (found.answerId !== null) {
        if (found.idempotencyKey !== input.idempotencyKey) throw alreadyAnswered();
        return receipt(found.answerId, input.comparisonId, found.outcome!, true);
      }
      if (!found.expiresAt)
        throw forbidden("not_your_comparison", "This pair was not handed to you.");
      if (found.expiresAt <= (now ?? new Date())) {
        throw conflict("lease_expired", "This pair expired before your answer arrived.");
      }

      const answer = await tx.answer.create({
        data: {
          comparisonId: input.comparisonId,
          annotatorId,
          outcome: input.outcome,
          reason: input.reason?.trim() || null,
          latencyMs: input.latencyMs,
          idempotencyKey: input.idempotencyKey,
        },
      });
      if (input.outcome !== "SKIP") {
        await tx.comparison.update({
          where: { id: input.comparisonId },
          data: { nonSkipAnswers: { increment: 1 } },
        });
      }
      return receipt(answer.id, input.comparisonId, input.outcome, false);
    }, TRANSACTION_OPTIONS);
  } catch (error) {
    // The key belongs to another answer, or a concurrent request won the race.
    if ((error as { code?: string }).code === "P2002") {
      const raced = await findReplay(prisma, annotatorId, input);
      if (raced) return raced;
      throw alreadyAnswered();
    }
    throw error;
  }
}

interface Lookup {
  expiresAt: Date | null;
  answerId: number | null;
  idempotencyKey: string | null;
  outcome: Outcome | null;
}

const receipt = (
  answerId: number,
  comparisonId: string,
  outcome: Outcome,
  replayed: boolean,
): AnswerReceipt => ({ answerId, comparisonId, outcome, replayed });

/** Short transactions that may wait for a pooled connection under load (ms). */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 10_000 };

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
