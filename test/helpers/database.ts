import { createPrisma, type PrismaClient } from "@/lib/db/client";
import { resolveDatabaseUrl } from "@/lib/db/database-url";
import { createScratchDatabase, withAdmin } from "@/lib/db/scratch-database";

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
  const scratch = await createScratchDatabase(serverUrl, "chorus_test");
  const prisma = createPrisma(scratch.url, { poolSize: 5 });

  return {
    url: scratch.url,
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
      await scratch.drop();
    },
  };
}

export interface EmptyDatabase {
  url: string;
  /** The tables in it: none unless something migrated it. */
  tables(): Promise<string[]>;
  drop(): Promise<void>;
}

/**
 * A new database with nothing in it (not migrated), on the server of
 * DATABASE_URL, to check that a command refused to start touched nothing.
 */
export async function createEmptyDatabase(): Promise<EmptyDatabase> {
  const { url: serverUrl } = await resolveDatabaseUrl();
  const scratch = await createScratchDatabase(serverUrl, "chorus_empty", { migrate: false });
  return {
    url: scratch.url,
    tables: () =>
      withAdmin(scratch.url, async (client) => {
        const { rows } = await client.query<{ name: string }>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'",
        );
        return rows.map((row) => row.name);
      }),
    drop: scratch.drop,
  };
}
