// Runs before Next.js routes an API request. A path whose percent-escapes do
// not decode (`/api/admin/simulations/%E0%A4%A/stop`) would otherwise get a
// bare 500 from Next.js while it decodes the route parameters.
import { NextResponse, type NextRequest } from "next/server";
import { errorResponse } from "./lib/http/respond";

export function proxy(request: NextRequest) {
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return errorResponse(400, "invalid_request", "The path has an invalid percent-encoding.");
  }
  return NextResponse.next();
}

export const config = { matcher: "/api/:path*" };
