import type { PrismaClient } from "../db/client";
import type { Prisma } from "../db/generated/client";
import type { World } from "../didactic/world";
import type { Rng } from "../util/random";
import {
  ANNOTATION_SETTING_KEYS,
  annotationSettingsFrom,
  type AnnotationSettings,
} from "./annotation-settings";
import {
  draftPair,
  insertComparison,
  loadComparisonView,
  type ComparisonView,
} from "./comparisons";
import { notFound } from "./errors";
import type { ModelStore } from "./model-store";
import { activePolicyFrom, POLICY_KEY } from "./settings";
import { readSettings } from "./stored-settings";

/** What a person is handed: a pair, or word that there is nothing to ask. */
export type LeaseResult =
  | { kind: "pair"; comparison: ComparisonView }
  | {
      kind: "no_work";
      /** Unfinished comparisons others hold now; they come back if not answered. */
      waiting: number;
    };

export interface LeaseNextOptions {
  annotatorId: string;
  rng: Rng;
  /** The time the request is served at (tests move it). */
  now?: Date;
}

/** Advisory-lock key that serialises creating comparisons under a budget. */
const POOL_LOCK = 7_405_001;
/** Candidates to try when others claim the ones found first. */
const CLAIM_ATTEMPTS = 5;
/**
 * The transactions are short, but under load they may wait for a pooled
 * connection while the model works for other requests: be patient (ms).
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 10_000 };

type Tx = Prisma.TransactionClient;
type HeldLease = { comparisonId: string; expiresAt: Date };

/**
 * Hands the next pair to a person, in this order:
 * 1. the comparison they already hold (unexpired, unanswered), so a reload
 *    gets the same pair back instead of using up a new one;
 * 2. an existing comparison with fewer holders than `overlap` that they were
 *    never handed (this includes pairs whose lease lapsed unanswered);
 * 3. a new pair chosen by the model, while the comparison budget lasts.
 * Otherwise there is no work. Holders of a comparison are its non-skip
 * answers plus its unexpired unanswered leases.
 *
 * NOTE: every guarantee comes from PostgreSQL, as several app instances
 * share it: a person's requests are serialised by a lock on their
 * annotator row, claims by row locks taken with SKIP LOCKED (and checked
 * again once held), and the budget by a transaction-scoped advisory lock.
 */
export async function leaseNextComparison(
  prisma: PrismaClient,
  models: ModelStore,
  world: World,
  options: LeaseNextOptions,
): Promise<LeaseResult> {
  const { annotatorId, rng, now = new Date() } = options;
  const stored = await readSettings(prisma, [...ANNOTATION_SETTING_KEYS, POLICY_KEY]);
  const settings = annotationSettingsFrom(stored);
  const policy = activePolicyFrom(stored);

  const held = await prisma.$transaction(async (tx) => {
    const lease =
      (await lockAnnotatorFindHeld(tx, annotatorId, now)) ??
      (await claimOpenComparison(tx, annotatorId, settings, now));
    return lease && loadComparisonView(tx, lease.comparisonId, lease.expiresAt);
  }, TRANSACTION_OPTIONS);
  if (held) return { kind: "pair", comparison: held };
  if (await budgetSpent(prisma, settings)) return noWork(prisma, annotatorId, settings);

  // Chosen outside any transaction: connections and locks are not held
  // while the model works.
  const draft = await draftPair(prisma, models, world, { policy, rng });
  const created = await prisma.$transaction(async (tx) => {
    const raced = await lockAnnotatorFindHeld(tx, annotatorId, now);
    if (raced) return loadComparisonView(tx, raced.comparisonId, raced.expiresAt);

    if (settings.comparisonBudget !== null) {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${POOL_LOCK})`;
      // Others used up the budget meanwhile; their pairs may still have room.
      if (await budgetSpent(tx, settings)) {
        const claimed = await claimOpenComparison(tx, annotatorId, settings, now);
        return claimed && loadComparisonView(tx, claimed.comparisonId, claimed.expiresAt);
      }
    }
    return insertComparison(tx, draft, { annotatorId, leaseSeconds: settings.leaseSeconds, now });
  }, TRANSACTION_OPTIONS);
  if (created) return { kind: "pair", comparison: created };

  return noWork(prisma, annotatorId, settings);
}

/**
 * Locks the annotator's row, serialising their requests, and returns the
 * newest unexpired lease they have not answered; 404 for an unknown one.
 */
async function lockAnnotatorFindHeld(
  tx: Tx,
  annotatorId: string,
  now: Date,
): Promise<HeldLease | null> {
  // NO KEY UPDATE: answers and leases referencing the annotator only take a
  // KEY SHARE lock for their foreign key, so they are not blocked by this.
  const rows = await tx.$queryRaw<{ comparisonId: string | null; expiresAt: Date | null }[]>`
    SELECT held."comparisonId", held."expiresAt"
    FROM "Annotator" a
    LEFT JOIN LATERAL (
      SELECT l."comparisonId", l."expiresAt" FROM "Lease" l
      WHERE l."annotatorId" = a."id" AND l."expiresAt" > ${now}
        AND NOT EXISTS (SELECT 1 FROM "Answer" x
          WHERE x."comparisonId" = l."comparisonId" AND x."annotatorId" = a."id")
      ORDER BY l."createdAt" DESC LIMIT 1
    ) held ON true
    WHERE a."id" = ${annotatorId}
    FOR NO KEY UPDATE OF a`;
  if (rows.length === 0) throw notFound("annotator_not_found", "Unknown annotator");

  const [{ comparisonId, expiresAt }] = rows;
  return comparisonId && expiresAt ? { comparisonId, expiresAt } : null;
}

/**
 * Leases the oldest comparison for people that still needs holders and was
 * never handed to this annotator. Rows another transaction is claiming are
 * skipped, not waited for; a candidate is checked again once locked, since
 * the search ran on a snapshot taken before the lock.
 */
async function claimOpenComparison(
  tx: Tx,
  annotatorId: string,
  settings: AnnotationSettings,
  now: Date,
): Promise<HeldLease | null> {
  const passedOver: string[] = [];
  for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
    const [candidate] = await tx.$queryRaw<{ id: string }[]>`
      SELECT c."id" FROM "Comparison" c
      WHERE c."runId" IS NULL
        AND c."createdAt" >= ${roundStart(settings)}
        AND c."nonSkipAnswers" < ${settings.overlap}
        AND NOT (c."id" = ANY(${passedOver}::text[]))
        AND NOT EXISTS (SELECT 1 FROM "Lease" mine
          WHERE mine."comparisonId" = c."id" AND mine."annotatorId" = ${annotatorId})
        AND c."nonSkipAnswers" + (SELECT count(*) FROM "Lease" l
          WHERE l."comparisonId" = c."id" AND l."expiresAt" > ${now}
            AND NOT EXISTS (SELECT 1 FROM "Answer" a
              WHERE a."comparisonId" = l."comparisonId" AND a."annotatorId" = l."annotatorId")
        ) < ${settings.overlap}
      ORDER BY c."createdAt", c."id"
      LIMIT 1
      FOR NO KEY UPDATE OF c SKIP LOCKED`;
    if (!candidate) return null;

    if ((await holdersOf(tx, candidate.id, now)) < settings.overlap) {
      const expiresAt = new Date(now.getTime() + settings.leaseSeconds * 1000);
      await tx.lease.create({
        data: { comparisonId: candidate.id, annotatorId, expiresAt, createdAt: now },
      });
      return { comparisonId: candidate.id, expiresAt };
    }
    passedOver.push(candidate.id);
  }
  return null;
}

/** Non-skip answers plus unexpired, unanswered leases of a comparison. */
async function holdersOf(tx: Tx, comparisonId: string, now: Date): Promise<number> {
  const [row] = await tx.$queryRaw<{ holders: number }[]>`
    SELECT c."nonSkipAnswers" + (SELECT count(*) FROM "Lease" l
      WHERE l."comparisonId" = c."id" AND l."expiresAt" > ${now}
        AND NOT EXISTS (SELECT 1 FROM "Answer" a
          WHERE a."comparisonId" = l."comparisonId" AND a."annotatorId" = l."annotatorId")
    )::int AS holders
    FROM "Comparison" c WHERE c."id" = ${comparisonId}`;
  return row.holders;
}

/** Comparisons for people (not simulations) made in the current round. */
export function inRound(settings: AnnotationSettings) {
  return { runId: null, createdAt: { gte: roundStart(settings) } };
}

const roundStart = (settings: AnnotationSettings) => settings.roundStartedAt ?? new Date(0);

async function budgetSpent(db: PrismaClient | Tx, settings: AnnotationSettings): Promise<boolean> {
  if (settings.comparisonBudget === null) return false;
  const created = await db.comparison.count({ where: inRound(settings) });
  return created >= settings.comparisonBudget;
}

async function noWork(
  prisma: PrismaClient,
  annotatorId: string,
  settings: AnnotationSettings,
): Promise<LeaseResult> {
  const waiting = await prisma.comparison.count({
    where: {
      ...inRound(settings),
      nonSkipAnswers: { lt: settings.overlap },
      leases: { none: { annotatorId } },
    },
  });
  return { kind: "no_work", waiting };
}

/**
 * Ends the unanswered leases an annotator still holds (their session is
 * over), so those pairs can go to someone else at once. Returns how many.
 */
export async function releaseHeldLeases(
  prisma: PrismaClient,
  annotatorId: string,
  now = new Date(),
): Promise<number> {
  const released = await prisma.lease.updateMany({
    where: {
      annotatorId,
      expiresAt: { gt: now },
      comparison: { answers: { none: { annotatorId } } },
    },
    data: { expiresAt: now },
  });
  return released.count;
}
