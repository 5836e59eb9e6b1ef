// POST /api/admin/session — logs in: body { token } (JSON or form); sets
// the httpOnly admin cookie. 204, or 401 for a wrong token.
// DELETE /api/admin/session — logs out (clears the cookie).
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import {
  adminRoute,
  clearAdminCookie,
  isAdminToken,
  setAdminCookie,
  unauthorizedResponse,
} from "@/lib/http/admin-auth";
import { handleApiError, readJson } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

const loginSchema = z.object({ token: z.string().min(1).max(1000) });

export async function POST(request: NextRequest) {
  try {
    const { token } = loginSchema.parse(await readJson(request));
    if (!isAdminToken(token)) return unauthorizedResponse();

    const response = new NextResponse(null, { status: 204 });
    setAdminCookie(response, request);
    return response;
  } catch (error) {
    return handleApiError(error, { route: "POST /api/admin/session" });
  }
}

export const DELETE = adminRoute("DELETE /api/admin/session", async () => {
  const response = new NextResponse(null, { status: 204 });
  clearAdminCookie(response);
  return response;
});

// Other methods: 405 in the shared error shape.
export * from "@/lib/http/method-not-allowed";
