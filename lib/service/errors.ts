import type { ApiErrorCode } from "../http/error-codes";

/**
 * An error the API reports to its caller: an HTTP status, a stable
 * machine-readable code the UI can branch on, and a message for people.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (code: ApiErrorCode, message: string) =>
  new DomainError(404, code, message);
export const conflict = (code: ApiErrorCode, message: string) =>
  new DomainError(409, code, message);
export const forbidden = (code: ApiErrorCode, message: string) =>
  new DomainError(403, code, message);
export const badRequest = (code: ApiErrorCode, message: string) =>
  new DomainError(400, code, message);

/** The caller has no annotator session (or the one it names is gone). */
export const noSession = () =>
  new DomainError(401, "no_session", "Open the annotation page to start a session first.");
