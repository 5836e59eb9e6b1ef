import { createPrisma, type PrismaClient } from "../db/client";
import { resolveDatabaseUrl } from "../db/database-url";
import { applyMigrations } from "../db/migrate";
import { bootstrapWorld } from "./model-store";
import { getWorld } from "./world";

/**
 * Everything a process needs before it serves or simulates: the database
 * (embedded unless DATABASE_URL is set), its migrations, the world's
 * prompts and the pretrained model. Sets DATABASE_URL for child processes.
 */
export async function prepareDatabase(): Promise<{
  url: string;
  embedded: boolean;
  prisma: PrismaClient;
}> {
  const { url, embedded } = await resolveDatabaseUrl();
  process.env.DATABASE_URL = url;
  await applyMigrations(url);
  const prisma = createPrisma(url);
  await bootstrapWorld(prisma, getWorld());
  return { url, embedded, prisma };
}

/** Ends a command-line process with one clear line instead of a stack trace. */
export function exitWithError(error: unknown): never {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
