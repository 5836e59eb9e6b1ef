// GET /api/admin/comparisons?limit=50&runId=… — the newest comparisons with
// their policy, acquisition score, sides and answers.
import { NextResponse } from "next/server";
import { z } from "zod";
import { listRecentComparisons } from "@/lib/admin/recent-comparisons";
import { adminRoute } from "@/lib/http/admin-auth";
import { parseQuery } from "@/lib/http/query";
import { getRuntime } from "@/lib/service/runtime";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  runId: z.string().uuid().optional(),
});

export const GET = adminRoute("GET /api/admin/comparisons", async (request) => {
  const query = parseQuery(request, querySchema);
  const comparisons = await listRecentComparisons(getRuntime().prisma, query);
  return NextResponse.json({ comparisons });
});

// Other methods: 405 in the shared error shape.
export * from "@/lib/http/method-not-allowed";
