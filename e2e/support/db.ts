import { createPrisma, type PrismaClient } from "../../lib/db/client";
import { e2eDatabaseUrl } from "./env";

let prisma: PrismaClient | null = null;

/** Direct access to the end-to-end server's database, for assertions. */
export function e2eDb(): PrismaClient {
  prisma ??= createPrisma(e2eDatabaseUrl(), { poolSize: 2 });
  return prisma;
}
