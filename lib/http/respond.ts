import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { DomainError } from "../service/errors";
import { logger } from "../util/logger";

/** The one error shape every API answers with. */
export interface ApiError {
  error: { code: string; message: string };
}

export function errorResponse(status: number, code: string, message: string) {
  return NextResponse.json<ApiError>({ error: { code, message } }, { status });
}

/**
 * Maps a thrown error to a response: validation errors to 400 naming the
 * field, domain errors to their status, anything else to a generic 500 that
 * is logged once with its context (and never sent to the client).
 */
export function handleApiError(error: unknown, context: Record<string, unknown>) {
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return errorResponse(400, "invalid_request", `${field}${issue.message}`);
  }
  if (error instanceof DomainError) return errorResponse(error.status, error.code, error.message);
  logger.error({ err: error, ...context }, "unhandled API error");
  return errorResponse(500, "internal_error", "Something went wrong on our side.");
}

/** Parses a JSON body, answering 400 on anything that is not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new DomainError(400, "invalid_json", "The request body is not valid JSON.");
  }
}
