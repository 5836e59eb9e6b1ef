// GET /api/admin/export/preferences — the preference file for TRL-style
// trainers: JSON Lines of { prompt, chosen, rejected }, leaving out ties,
// skips and split decisions (the rule is in lib/admin/export.ts and README).
import { preferencesJsonl, textStream } from "@/lib/admin/export";
import { adminRoute } from "@/lib/http/admin-auth";
import { getRuntime } from "@/lib/service/runtime";

export const dynamic = "force-dynamic";

export const GET = adminRoute("GET /api/admin/export/preferences", async () => {
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(textStream(preferencesJsonl(getRuntime().prisma)), {
    headers: {
      "content-type": "application/jsonl; charset=utf-8",
      "content-disposition": `attachment; filename="chorus-preferences-${stamp}.jsonl"`,
      "cache-control": "no-store",
    },
  });
});

// Other methods: 405 in the shared error shape.
export * from "@/lib/http/method-not-allowed";
