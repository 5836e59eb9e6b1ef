/**
 * Every error code the API answers with, its HTTP status and what it means.
 * The README's "API errors" table mirrors this list, and the fuzz test
 * (e2e/hardening/fuzz.spec.ts) accepts no other code.
 */
export const API_ERRORS = {
  invalid_request: {
    status: 400,
    meaning: "a body field, query parameter or route parameter is invalid; the message names it",
  },
  invalid_json: { status: 400, meaning: "the body is not JSON (or not UTF-8)" },
  unknown_policy: { status: 400, meaning: "no exploration policy has that name" },
  invalid_setting: { status: 400, meaning: "an annotation setting is out of range" },
  unauthorized: {
    status: 401,
    meaning: "admin route without the admin token, or a wrong token at login",
  },
  no_session: {
    status: 401,
    meaning: "an answer from a browser without an annotator session (or one naming none)",
  },
  cross_origin: {
    status: 403,
    meaning: "an admin change with the login cookie came from another site's page",
  },
  not_your_comparison: { status: 403, meaning: "the pair was never handed to this annotator" },
  not_found: { status: 404, meaning: "no API route at this path" },
  comparison_not_found: { status: 404, meaning: "no comparison with that id" },
  annotator_not_found: { status: 404, meaning: "the session's annotator no longer exists" },
  checkpoint_not_found: { status: 404, meaning: "no model version with that number" },
  simulation_not_found: { status: 404, meaning: "no simulation run with that id" },
  method_not_allowed: { status: 405, meaning: "the route exists but not with this HTTP method" },
  already_answered: { status: 409, meaning: "this annotator has answered the pair already" },
  lease_expired: { status: 409, meaning: "the pair's lease ran out before the answer arrived" },
  idempotency_key_reused: { status: 409, meaning: "the idempotency key belongs to another answer" },
  version_taken: {
    status: 409,
    meaning: "a model version was published during a rollback; try again",
  },
  simulation_running: { status: 409, meaning: "a console-started simulation is still running" },
  body_too_large: { status: 413, meaning: "the body is over 64 KiB" },
  too_many_requests: {
    status: 429,
    meaning: "too many wrong admin tokens at login; wait for Retry-After seconds",
  },
  internal_error: { status: 500, meaning: "an unexpected error, logged on the server" },
  database_unavailable: {
    status: 503,
    meaning: "the database cannot be reached; resend with the same idempotency key",
  },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export function isApiErrorCode(code: string): code is ApiErrorCode {
  return Object.hasOwn(API_ERRORS, code);
}
