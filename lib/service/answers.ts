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
 * returns the stored answer; a second, different answer to the same
 * comparison, an answer by someone other than the lease holder, or one after
 * the lease expired is refused and nothing is written.
 */
export async function submitAnswer(
  prisma: PrismaClient,
  annotatorId: string,
  input: AnswerInput,
  now = new Date(),
): Promise<AnswerReceipt> {
  const replay = await findReplay(prisma, annotatorId, input);
  if (replay) return replay;

  const comparison = await prisma.comparison.findUnique({ where: { id: input.comparisonId } });
  if (!comparison) throw notFound("comparison_not_found", "This comparison does not exist.");
  if (comparison.annotatorId !== annotatorId) {
    throw forbidden("not_your_comparison", "This comparison was given to someone else.");
  }
  const existing = await prisma.answer.findUnique({
    where: { comparisonId_annotatorId: { comparisonId: comparison.id, annotatorId } },
  });
  if (existing) {
    throw conflict("already_answered", "This comparison has already been answered.");
  }
  if (comparison.leaseExpiresAt <= now) {
    throw conflict("lease_expired", "This comparison expired before it was answered.");
  }

  try {
    const answer = await prisma.answer.create({
      data: {
        comparisonId: comparison.id,
        annotatorId,
        outcome: input.outcome,
        reason: input.reason?.trim() || null,
        latencyMs: input.latencyMs,
        idempotencyKey: input.idempotencyKey,
      },
    });
    return {
      answerId: answer.id,
      comparisonId: comparison.id,
      outcome: input.outcome,
      replayed: false,
    };
  } catch (error) {
    // A concurrent request with the same key or comparison won the race.
    if ((error as { code?: string }).code === "P2002") {
      const raced = await findReplay(prisma, annotatorId, input);
      if (raced) return raced;
      throw conflict("already_answered", "This comparison has already been answered.");
    }
    throw error;
  }
}

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
