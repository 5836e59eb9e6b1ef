import { readdirSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveDatabaseUrl } from "@/lib/db/database-url";
import { applyMigrations } from "@/lib/db/migrate";
import { createScratchDatabase, type ScratchDatabase } from "@/lib/db/scratch-database";

// Every start applies migrations; with nothing to apply it must not pay for
// starting the Prisma CLI, and anything else must still go to the CLI.
describe("applying migrations", () => {
  let db: ScratchDatabase;

  beforeAll(async () => {
    const { url } = await resolveDatabaseUrl();
    db = await createScratchDatabase(url, "chorus_migrate", { migrate: false });
  });

  afterAll(async () => {
    await db?.drop();
  });

  async function sql<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query<T>(text)).rows;
    } finally {
      await client.end();
    }
  }

  it("runs the CLI on a new database, then skips it while nothing is pending", async () => {
    expect(await applyMigrations(db.url)).toBe("applied");
    const folders = readdirSync("prisma/migrations", { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    const applied = await sql<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(applied.map((row) => row.migration_name)).toEqual(folders.sort());

    expect(await applyMigrations(db.url)).toBe("up to date");
  });

  it("leaves a migration that did not finish to the CLI, which refuses it", async () => {
    await sql(`UPDATE "_prisma_migrations" SET finished_at = NULL
               WHERE migration_name = (SELECT max(migration_name) FROM "_prisma_migrations")`);
    await expect(applyMigrations(db.url)).rejects.toThrow(/Could not apply database migrations/);
  });
});
