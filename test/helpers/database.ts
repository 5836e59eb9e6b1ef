import { randomBytes } from "node:crypto";
import pg from "pg";
import { createPrisma, type PrismaClient } from "@/lib/db/client";
import { resolveDatabaseUrl } from "@/lib/db/database-url";
import { applyMigrations } from "@/lib/db/migrate";

export interface TestDatabase {
  url: string;
  prisma: PrismaClient;
  /** Row counts of every table, to check that bad input changed nothing. */
  counts(): Promise<Record<string, number>>;
  drop(): Promise<void>;
}

const TABLES = [
  "Prompt",
  "Response",
  "Annotator",
  "Comparison",
  "Lease",
  "Answer",
  "Checkpoint",
  "Setting",
  "SimulationRun",
];

/**
 * A fresh, migrated database on the server of DATABASE_URL (or the embedded
 * one when unset), private to the calling test file and dropped after it.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { url: serverUrl } = await resolveDatabaseUrl();
  const name = `chorus_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();

  const url = withDatabase(serverUrl, name);
  await applyMigrations(url);
  const prisma = createPrisma(url, 5);

  return {
    url,
    prisma,
    async counts() {
      const entries = await Promise.all(
        TABLES.map(async (table) => {
          const rows = await prisma.$queryRawUnsafe<{ n: bigint }[]>(
            `SELECT count(*) AS n FROM "${table}"`,
          );
          return [table, Number(rows[0].n)] as const;
        }),
      );
      return Object.fromEntries(entries);
    },
    async drop() {
      await prisma.$disconnect();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
