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
 * returns the stored answer. Refused with nothing written: an unknown
 * comparison (404), one never handed to this annotator (403), a second,
 * different answer to it (409 already_answered), or one after the lease
 * expired (409 lease_expired).
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
  const replay = await findReplay(prisma, annotatorId, input);
  if (replay) return replay;

  try {
    return await prisma.$transaction(async (tx) => {
      const locked = await tx.comparison.updateMany({
        where: { id: input.comparisonId },
        data: { nonSkipAnswers: { increment: input.outcome === "SKIP" ? 0 : 1 } },
      });
      if (locked.count === 0) {
        throw notFound("comparison_not_found", "This comparison does not exist.");
      }
      const key = { comparisonId: input.comparisonId, annotatorId };
      const lease = await tx.lease.findUnique({ where: { comparisonId_annotatorId: key } });
      if (!lease) throw forbidden("not_your_comparison", "This pair was not handed to you.");
      if (await tx.answer.findUnique({ where: { comparisonId_annotatorId: key } })) {
        throw alreadyAnswered();
      }
      if (lease.expiresAt <= (now ?? new Date())) {
        throw conflict("lease_expired", "This pair expired before your answer arrived.");
      }

      const answer = await tx.answer.create({
        data: {
          ...key,
          outcome: input.outcome,
          reason: input.reason?.trim() || null,
          latencyMs: input.latencyMs,
          idempotencyKey: input.idempotencyKey,
        },
      });
      return {
        answerId: answer.id,
        comparisonId: answer.comparisonId,
        outcome: input.outcome,
        replayed: false,
      };
    }, TRANSACTION_OPTIONS);
  } catch (error) {
    // A concurrent request with the same key or comparison won the race.
    if ((error as { code?: string }).code === "P2002") {
      const raced = await findReplay(prisma, annotatorId, input);
      if (raced) return raced;
      throw alreadyAnswered();
    }
    throw error;
  }
}

/** Short transactions that may wait for a pooled connection under load (ms). */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 10_000 };

const alreadyAnswered = () => conflict("already_answered", "You have already answered this pair.");

async function findReplay(
  prisma: PrismaClient,
  annotatorId: string,
  input: AnswerInput,
): Promise<AnswerReceipt | null> {
  const stored = await prisma.answer.findUnique({
    where: { idempotencyKey: input.idempotencyKey },
  });
  if (!stored) return null;
  if (stored.annotatorId !== annotatorId || stored.comparisonId !== input.comparisonId) {
    throw conflict("idempotency_key_reused", "This idempotency key belongs to another answer.");
  }
  return {
    answerId: stored.id,
    comparisonId: stored.comparisonId,
    outcome: stored.outcome,
    replayed: true,
  };
}
