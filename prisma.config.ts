// Prisma CLI configuration. The JavaScript schema engine runs migrations
// through the same `pg` driver adapter as the app, so the CLI downloads
// nothing.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { parse } from "pg-connection-string";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL must be set for the Prisma CLI");
    // NOTE: a config object rather than a connection string, because
    // `migrate dev` overrides `database` for its shadow database and pg
    // lets a connection string win over that override.
    const { database, host, port, user, password } = parse(url);
    return new PrismaPg({
      database: database ?? undefined,
      host: host ?? undefined,
      port: port ? Number(port) : undefined,
      user: user ?? undefined,
      password: password ?? undefined,
    });
  },
});
