// Any other path under /api: 404 in the shared error shape rather than the
// HTML page Next.js shows for an unknown page.
import { errorResponse } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

function notFound(request: Request) {
  return errorResponse(404, "not_found", `There is no API at ${new URL(request.url).pathname}.`);
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
