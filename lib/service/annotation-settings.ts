import { z } from "zod";
import type { PrismaClient } from "../db/client";
import { Prisma } from "../db/generated/client";
import { logger } from "../util/logger";
import { annotationLimitsSchema } from "../config/annotation-limits";
import { readEnvironment } from "../config/environment";
import { badRequest } from "./errors";
import { readSettings, type StoredSetting } from "./stored-settings";

/** How comparisons are handed to people. */
export interface AnnotationSettings extends AnnotationLimits {
  /**
   * When the current round began (see `startAnnotationRound`): only pairs
   * for people created since then count against the budget or are offered
   * again. Null: every pair ever made for people.
   */
  roundStartedAt: Date | null;
}

/** The settings an admin sets directly. */
export interface AnnotationLimits {
  /** How long a comparison is held for the annotator it was handed to, in seconds (10-86400). */
  leaseSeconds: number;
  /** How many different annotators should answer each comparison (1-20). */
  overlap: number;
  /**
   * The most comparisons ever generated for people (simulation runs do not
   * count); null for no limit, 0 to hand out no new pairs at all.
   */
  comparisonBudget: number | null;
}

const KEYS = {
  leaseSeconds: "annotation.leaseSeconds",
  overlap: "annotation.overlap",
  comparisonBudget: "annotation.comparisonBudget",
  roundStartedAt: "annotation.roundStartedAt",
} as const satisfies Record<keyof AnnotationSettings, string>;

/**
 * The defaults a deployment starts from: `CHORUS_LEASE_SECONDS` (300),
 * `CHORUS_OVERLAP` (1) and `CHORUS_COMPARISON_BUDGET` (unset: no limit).
 * Throws one line naming the variable when one is malformed or out of range
 * (`npm start` checks them before it serves).
 */
export function annotationDefaultsFromEnv(env: NodeJS.ProcessEnv = process.env): AnnotationLimits {
  const values = readEnvironment(env, [
    "CHORUS_LEASE_SECONDS",
    "CHORUS_OVERLAP",
    "CHORUS_COMPARISON_BUDGET",
  ]);
  return {
    leaseSeconds: values.CHORUS_LEASE_SECONDS,
    overlap: values.CHORUS_OVERLAP,
    comparisonBudget: values.CHORUS_COMPARISON_BUDGET,
  };
}

const storedSchema = annotationLimitsSchema.extend({
  roundStartedAt: z.iso.datetime().transform((value) => new Date(value)),
});

/**
 * The settings in force: each one stored in the Setting table (by the admin
 * page) if present and valid, else its environment default.
 */
export async function getAnnotationSettings(prisma: PrismaClient): Promise<AnnotationSettings> {
  return annotationSettingsFrom(await readSettings(prisma, ANNOTATION_SETTING_KEYS));
}

/** The Setting keys `annotationSettingsFrom` reads. */
export const ANNOTATION_SETTING_KEYS = Object.values(KEYS);

/** The settings in force given the stored rows of (at least) `ANNOTATION_SETTING_KEYS`. */
export function annotationSettingsFrom(rows: StoredSetting[]): AnnotationSettings {
  const settings: AnnotationSettings = { ...annotationDefaultsFromEnv(), roundStartedAt: null };
  for (const name of Object.keys(KEYS) as (keyof AnnotationSettings)[]) {
    const row = rows.find((r) => r.key === KEYS[name]);
    if (!row) continue;
    const parsed = storedSchema.shape[name].safeParse(row.value);
    if (parsed.success) Object.assign(settings, { [name]: parsed.data });
    else logger.warn({ key: row.key, value: row.value }, "ignoring an invalid stored setting");
  }
  return settings;
}

/**
 * Stores some of the limits; each must be valid or nothing is written (400
 * naming the field). Returns the settings now in force.
 */
export async function updateAnnotationSettings(
  prisma: PrismaClient,
  patch: Partial<AnnotationLimits>,
): Promise<AnnotationSettings> {
  await prisma.$transaction(limitWrites(prisma, patch));
  const settings = await getAnnotationSettings(prisma);
  logger.info({ ...patch }, "annotation settings changed");
  return settings;
}

/**
 * Starts a new round of annotation now, optionally with new limits: pairs
 * made before it are no longer offered again and no longer count against
 * the budget, so "collect 200 more comparisons, each answered by 3 people"
 * is `startAnnotationRound(prisma, { comparisonBudget: 200, overlap: 3 })`.
 */
export async function startAnnotationRound(
  prisma: PrismaClient,
  patch: Partial<AnnotationLimits> = {},
  now = new Date(),
): Promise<AnnotationSettings> {
  const value = now.toISOString();
  await prisma.$transaction([
    ...limitWrites(prisma, patch),
    prisma.setting.upsert({
      where: { key: KEYS.roundStartedAt },
      update: { value },
      create: { key: KEYS.roundStartedAt, value },
    }),
  ]);
  const settings = await getAnnotationSettings(prisma);
  logger.info({ ...settings, roundStartedAt: value }, "annotation round started");
  return settings;
}

/** Forgets stored values (and the round) so the environment defaults apply again. */
export async function resetAnnotationSettings(prisma: PrismaClient): Promise<AnnotationSettings> {
  await prisma.setting.deleteMany({ where: { key: { in: Object.values(KEYS) } } });
  return getAnnotationSettings(prisma);
}

function limitWrites(prisma: PrismaClient, patch: Partial<AnnotationLimits>) {
  const parsed = annotationLimitsSchema.strict().partial().safeParse(patch);
  if (!parsed.success) {
    throw badRequest("invalid_setting", parsed.error.issues[0].message);
  }

  const entries = Object.entries(parsed.data) as [keyof AnnotationLimits, number | null][];
  return entries.map(([name, stored]) => {
    const value = stored ?? Prisma.JsonNull;
    return prisma.setting.upsert({
      where: { key: KEYS[name] },
      update: { value },
      create: { key: KEYS[name], value },
    });
  });
}
