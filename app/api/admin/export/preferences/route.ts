// GET /api/admin/export/preferences — the preference file for TRL-style
// trainers: JSON Lines of { prompt, chosen, rejected }, leaving out ties,
// skips and split decisions (the rule is in lib/admin/export.ts and README).
// ?annotators=human|simulated|all (default all): whose answers count.
import { z } from "zod";
import { ANNOTATOR_FILTERS, preferencesJsonl, textStream } from "@/lib/admin/export";
import { adminRoute } from "@/lib/http/admin-auth";
import { parseQuery } from "@/lib/http/query";
import { getRuntime } from "@/lib/service/runtime";

export const dynamic = "force-dynamic";

const ROUTE = "GET /api/admin/export/preferences";

const querySchema = z.object({ annotators: z.enum(ANNOTATOR_FILTERS).default("all") });

export const GET = adminRoute(ROUTE, async (request) => {
  const { annotators } = parseQuery(request, querySchema);
  const stamp = new Date().toISOString().slice(0, 10);
  const body = await textStream(preferencesJsonl(getRuntime().prisma, { annotators }), {
    route: ROUTE,
  });
  return new Response(body, {
    headers: {
      "content-type": "application/jsonl; charset=utf-8",
      "content-disposition": `attachment; filename="chorus-preferences-${stamp}.jsonl"`,
      "cache-control": "no-store",
    },
  });
});

// Other methods: 405 in the shared error shape.
export * from "@/lib/http/method-not-allowed";
