import { z } from "zod";
import type { PrismaClient } from "../db/client";
import { Prisma } from "../db/generated/client";
import { logger } from "../util/logger";
import { badRequest } from "./errors";

/** How comparisons are handed to people. */
export interface AnnotationSettings {
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
} as const satisfies Record<keyof AnnotationSettings, string>;

/** Valid values of each setting, with messages naming the field. */
export const annotationSettingsSchema = z.object({
  leaseSeconds: z
    .number()
    .int("leaseSeconds must be a whole number")
    .min(10, "leaseSeconds must be at least 10")
    .max(86_400, "leaseSeconds must be at most 86400 (a day)"),
  overlap: z
    .number()
    .int("overlap must be a whole number")
    .min(1, "overlap must be at least 1")
    .max(20, "overlap must be at most 20"),
  comparisonBudget: z
    .number()
    .int("comparisonBudget must be a whole number")
    .min(0, "comparisonBudget must be 0 or more")
    .max(10_000_000, "comparisonBudget must be at most 10000000")
    .nullable(),
});

const envSchema = z.object({
  CHORUS_LEASE_SECONDS: z.coerce.number().default(300),
  CHORUS_OVERLAP: z.coerce.number().default(1),
  CHORUS_COMPARISON_BUDGET: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value === "" ? null : Number(value))),
});

/**
 * The defaults a deployment starts from: `CHORUS_LEASE_SECONDS` (300),
 * `CHORUS_OVERLAP` (1) and `CHORUS_COMPARISON_BUDGET` (unset: no limit).
 * Throws naming the variable when one is out of range.
 */
export function annotationDefaultsFromEnv(env: NodeJS.ProcessEnv = process.env) {
  const raw = envSchema.parse(env);
  const parsed = annotationSettingsSchema.safeParse({
    leaseSeconds: raw.CHORUS_LEASE_SECONDS,
    overlap: raw.CHORUS_OVERLAP,
    comparisonBudget: raw.CHORUS_COMPARISON_BUDGET,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid annotation setting in the environment: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * The settings in force: each one stored in the Setting table (by the admin
 * page) if present and valid, else its environment default.
 */
export async function getAnnotationSettings(prisma: PrismaClient): Promise<AnnotationSettings> {
  const settings = annotationDefaultsFromEnv();
  const rows = await prisma.setting.findMany({ where: { key: { in: Object.values(KEYS) } } });

  for (const name of Object.keys(KEYS) as (keyof AnnotationSettings)[]) {
    const row = rows.find((r) => r.key === KEYS[name]);
    if (!row) continue;
    const parsed = annotationSettingsSchema.shape[name].safeParse(row.value);
    if (parsed.success) Object.assign(settings, { [name]: parsed.data });
    else logger.warn({ key: row.key, value: row.value }, "ignoring an invalid stored setting");
  }
  return settings;
}

/**
 * Stores some of the settings; each must be valid or nothing is written
 * (400 naming the field). Returns the settings now in force.
 */
export async function updateAnnotationSettings(
  prisma: PrismaClient,
  patch: Partial<AnnotationSettings>,
): Promise<AnnotationSettings> {
  const parsed = annotationSettingsSchema.strict().partial().safeParse(patch);
  if (!parsed.success) {
    throw badRequest("invalid_setting", parsed.error.issues[0].message);
  }

  const entries = Object.entries(parsed.data) as [keyof AnnotationSettings, number | null][];
  await prisma.$transaction(
    entries.map(([name, stored]) => {
      const value = stored ?? Prisma.JsonNull;
      return prisma.setting.upsert({
        where: { key: KEYS[name] },
        update: { value },
        create: { key: KEYS[name], value },
      });
    }),
  );
  return getAnnotationSettings(prisma);
}

/** Forgets stored values so the environment defaults apply again. */
export async function resetAnnotationSettings(prisma: PrismaClient): Promise<AnnotationSettings> {
  await prisma.setting.deleteMany({ where: { key: { in: Object.values(KEYS) } } });
  return getAnnotationSettings(prisma);
}
