import type { PrismaClient } from "../db/client";

/** A row of the Setting table: a key and its JSON value. */
export interface StoredSetting {
  key: string;
  value: unknown;
}

/**
 * The stored settings with these keys, in one query. Raw SQL: this runs on
 * every pair handed out, and a raw query skips Prisma's query compiler.
 */
export function readSettings(prisma: PrismaClient, keys: string[]): Promise<StoredSetting[]> {
  return prisma.$queryRaw<StoredSetting[]>`
    SELECT "key", "value" FROM "Setting" WHERE "key" = ANY(${keys}::text[])`;
}
