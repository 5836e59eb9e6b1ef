import { errorResponse } from "./respond";

/**
 * 405 handlers in the shared error shape, for the methods a route does not
 * implement (Next.js's own 405 has an empty body). A route file re-exports
 * them with `export * from "@/lib/http/method-not-allowed"`: a module's own
 * exports take precedence over `export *`, so only the missing methods come
 * from here. HEAD follows GET, as Next.js implements it.
 */
function methodNotAllowed(request: Request) {
  return errorResponse(
    405,
    "method_not_allowed",
    `${request.method} is not allowed on ${new URL(request.url).pathname}.`,
  );
}

export const GET = methodNotAllowed;
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
export const OPTIONS = methodNotAllowed;
