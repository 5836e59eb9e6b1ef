import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { isDatabaseUnavailable } from "../db/errors";
import { DomainError } from "../service/errors";
import { logger } from "../util/logger";
import type { ApiErrorCode } from "./error-codes";

/** The one error shape every API answers with. */
export interface ApiError {
  error: { code: ApiErrorCode; message: string };
}

export function errorResponse(status: number, code: ApiErrorCode, message: string) {
  return NextResponse.json<ApiError>({ error: { code, message } }, { status });
}

/**
 * Maps a thrown error to a response: validation errors to 400 naming the
 * field, domain errors to their status, an unreachable database to 503,
 * anything else to a generic 500 that is logged once with its context (and
 * never sent to the client).
 */
export function handleApiError(error: unknown, context: Record<string, unknown>) {
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return errorResponse(400, "invalid_request", `${field}${issue.message}`);
  }
  if (error instanceof DomainError) return errorResponse(error.status, error.code, error.message);
  if (isDatabaseUnavailable(error)) {
    logger.warn({ ...context }, "database unavailable");
    return errorResponse(
      503,
      "database_unavailable",
      "The database is unavailable right now; please try again in a moment " +
        "(an answer resent with the same idempotency key is stored once).",
    );
  }
  logger.error({ err: error, ...context }, "unhandled API error");
  return errorResponse(500, "internal_error", "Something went wrong on our side.");
}

/** Largest JSON body any API accepts. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Parses a JSON body, answering 413 for a body over `maxBytes` (checked on
 * the bytes actually read, not only the declared length) and 400 for
 * anything that is not JSON.
 */
export async function readJson(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = await readAtMost(request, maxBytes);
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new DomainError(400, "invalid_json", "The request body is not valid JSON.");
  }
}

/**
 * The body's bytes, read chunk by chunk and given up on (413) as soon as
 * they pass `maxBytes`: a chunked body declares no length, and this way no
 * more than the limit is ever held for it here.
 */
async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, length);
}

function tooLarge(maxBytes: number): DomainError {
  return new DomainError(413, "body_too_large", `The request body is over ${maxBytes} bytes.`);
}
