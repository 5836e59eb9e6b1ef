import { z } from "zod";
import type { PrismaClient } from "../db/client";
import { getAnnotationSettings } from "./annotation-settings";
import { notFound } from "./errors";
import { inRound } from "./leases";
import { storableText } from "../util/text";

/** A display name: trimmed, 1-60 characters, no control characters; empty means anonymous. */
export const displayNameSchema = storableText("displayName", "a string or null")
  .trim()
  .max(60, "displayName must be at most 60 characters")
  .regex(/^[^\u0000-\u001f\u007f]*$/, "displayName must not contain control characters")
  .transform((name) => (name === "" ? null : name))
  .nullable();

/** The body of PATCH /api/annotators/me. */
export const profilePatchSchema = z.object({ displayName: displayNameSchema }).strict();

/** Who is annotating, and how far they and everyone else have come. */
export interface AnnotatorProfile {
  /** Null when the annotator stays anonymous. */
  displayName: string | null;
  progress: {
    /** Answers this annotator (this cookie session) has given. */
    yours: number;
    /** Answers everyone has given to pairs for people (simulations excluded). */
    everyone: number;
    /** The comparison budget, null for none, and how much of this round's is used. */
    budget: number | null;
    comparisons: number;
  };
}

/**
 * The profile of an annotator; `annotatorId` null gives the profile of
 * someone who has not started yet (anonymous, no answers).
 */
export async function getAnnotatorProfile(
  prisma: PrismaClient,
  annotatorId: string | null,
): Promise<AnnotatorProfile> {
  const [annotator, yours, everyone, settings] = await Promise.all([
    annotatorId
      ? prisma.annotator.findUnique({ where: { id: annotatorId }, select: { displayName: true } })
      : null,
    annotatorId ? prisma.answer.count({ where: { annotatorId } }) : 0,
    prisma.answer.count({ where: { comparison: { runId: null } } }),
    getAnnotationSettings(prisma),
  ]);
  const comparisons = await prisma.comparison.count({ where: inRound(settings) });

  return {
    displayName: annotator?.displayName ?? null,
    progress: { yours, everyone, budget: settings.comparisonBudget, comparisons },
  };
}

/** Sets (or, with null, clears) the name an annotator's answers go under. */
export async function setDisplayName(
  prisma: PrismaClient,
  annotatorId: string,
  displayName: string | null,
): Promise<void> {
  const updated = await prisma.annotator.updateMany({
    where: { id: annotatorId },
    data: { displayName },
  });
  if (updated.count === 0) throw notFound("annotator_not_found", "Unknown annotator");
}
