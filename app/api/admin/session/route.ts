// POST /api/admin/session — logs in: body { token } (JSON or form); sets
// the httpOnly admin cookie. 204, 401 for a wrong token, or 429 with
// Retry-After after too many wrong ones (lib/http/login-limit.ts).
// DELETE /api/admin/session — logs out: revokes this login on the server
// (its cookie opens nothing any more, wherever it was copied) and clears it.
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import {
  adminRoute,
  endAdminLogin,
  isAdminToken,
  setAdminCookie,
  unauthorizedResponse,
} from "@/lib/http/admin-auth";
import { limitedLogin } from "@/lib/http/login-limit";
import { clientAddress } from "@/lib/http/request-origin";
import { errorResponse, handleApiError, readJson } from "@/lib/http/respond";
import { getRuntime } from "@/lib/service/runtime";

export const dynamic = "force-dynamic";

const loginSchema = z.object({ token: z.string().min(1).max(1000) });

export async function POST(request: NextRequest) {
  try {
    const { token } = loginSchema.parse(await readJson(request));
    const login = await limitedLogin(getRuntime().prisma, clientAddress(request.headers), () =>
      isAdminToken(token),
    );
    if ("retryAfterSeconds" in login) return tooManyAttempts(login.retryAfterSeconds);
    if (!login.ok) return unauthorizedResponse();

    const response = new NextResponse(null, { status: 204 });
    await setAdminCookie(response, request);
    return response;
  } catch (error) {
    return handleApiError(error, { route: "POST /api/admin/session" });
  }
}

function tooManyAttempts(retryAfterSeconds: number) {
  const response = errorResponse(
    429,
    "too_many_requests",
    `Too many wrong admin tokens from here. Try again in ${retryAfterSeconds} seconds.`,
  );
  response.headers.set("Retry-After", String(retryAfterSeconds));
  return response;
}

export const DELETE = adminRoute("DELETE /api/admin/session", async (request) => {
  const response = new NextResponse(null, { status: 204 });
  await endAdminLogin(response, request);
  return response;
});

// Other methods: 405 in the shared error shape.
export * from "@/lib/http/method-not-allowed";
