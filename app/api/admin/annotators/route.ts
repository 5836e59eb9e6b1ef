// GET /api/admin/annotators — per-annotator statistics and agreement.
import { NextResponse } from "next/server";
import { loadAnnotatorReport } from "@/lib/admin/annotator-stats";
import { adminRoute } from "@/lib/http/admin-auth";
import { getRuntime } from "@/lib/service/runtime";

export const dynamic = "force-dynamic";

export const GET = adminRoute("GET /api/admin/annotators", async () => {
  return NextResponse.json(await loadAnnotatorReport(getRuntime().prisma));
});

// Other methods: 405 in the shared error shape.
export * from "@/lib/http/method-not-allowed";
