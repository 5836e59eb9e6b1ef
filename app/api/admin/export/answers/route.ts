// GET /api/admin/export/answers?format=csv|jsonl — every answer, one row or
// line each, as a download (see lib/admin/export.ts for the columns).
import { z } from "zod";
import { answersCsv, answersJsonl, readAnswerRows, textStream } from "@/lib/admin/export";
import { adminRoute } from "@/lib/http/admin-auth";
import { parseQuery } from "@/lib/http/query";
import { getRuntime } from "@/lib/service/runtime";

export const dynamic = "force-dynamic";

const ROUTE = "GET /api/admin/export/answers";

const querySchema = z.object({ format: z.enum(["csv", "jsonl"]).default("jsonl") });

export const GET = adminRoute(ROUTE, async (request) => {
  const { format } = parseQuery(request, querySchema);
  const pages = readAnswerRows(getRuntime().prisma);
  const body = await textStream(format === "csv" ? answersCsv(pages) : answersJsonl(pages), {
    route: ROUTE,
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type":
        format === "csv" ? "text/csv; charset=utf-8" : "application/jsonl; charset=utf-8",
      "content-disposition": `attachment; filename="chorus-answers-${stamp}.${format}"`,
      "cache-control": "no-store",
    },
  });
});

// Other methods: 405 in the shared error shape.
export * from "@/lib/http/method-not-allowed";
