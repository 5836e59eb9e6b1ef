// GET /api/admin/checkpoints — every model version with its metrics
// (no weights), oldest first.
// POST /api/admin/checkpoints — body { rollbackTo: version }: publishes a
// new version with that version's weights. 201 with { version, rolledBackFrom }.
import { NextResponse } from "next/server";
import { z } from "zod";
import { listCheckpoints, rollbackToVersion } from "@/lib/admin/checkpoints";
import { adminRoute } from "@/lib/http/admin-auth";
import { readJson } from "@/lib/http/respond";
import { getRuntime } from "@/lib/service/runtime";

export const dynamic = "force-dynamic";

// Versions are PostgreSQL integers: a larger number is refused here, not by the database.
const rollbackSchema = z.object({
  rollbackTo: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
});

export const GET = adminRoute("GET /api/admin/checkpoints", async () => {
  return NextResponse.json({ checkpoints: await listCheckpoints(getRuntime().prisma) });
});

export const POST = adminRoute("POST /api/admin/checkpoints", async (request) => {
  const { rollbackTo } = rollbackSchema.parse(await readJson(request));
  const result = await rollbackToVersion(getRuntime().prisma, rollbackTo);
  return NextResponse.json(result, { status: 201 });
});

// Other methods: 405 in the shared error shape.
export * from "@/lib/http/method-not-allowed";
