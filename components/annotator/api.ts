import type {
  AnnotatorProfile,
  AnswerReceipt,
  NextPairResponse,
  Outcome,
} from "@/lib/http/annotator-api";

/** A failed API call: the HTTP status (0 when the server was not reached) and error code. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

export interface AnswerBody {
  comparisonId: string;
  outcome: Outcome;
  reason?: string;
  latencyMs: number;
  idempotencyKey: string;
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      cache: "no-store",
      headers: init.body ? { "content-type": "application/json" } : undefined,
    });
  } catch {
    throw new ApiRequestError(0, "network_error", "The server could not be reached.");
  }
  if (response.status === 204) return undefined as T;

  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiRequestError(
      response.status,
      body?.error?.code ?? "http_error",
      body?.error?.message ?? `The server answered ${response.status}.`,
    );
  }
  return body as T;
}

export const fetchNextPair = () => request<NextPairResponse>("/api/comparisons/next");

export const postAnswer = (body: AnswerBody) =>
  request<AnswerReceipt>("/api/answers", { method: "POST", body: JSON.stringify(body) });

export const fetchProfile = () => request<AnnotatorProfile>("/api/annotators/me");

export const saveDisplayName = (displayName: string | null) =>
  request<AnnotatorProfile>("/api/annotators/me", {
    method: "PATCH",
    body: JSON.stringify({ displayName }),
  });

export const endSession = () => request<void>("/api/session", { method: "DELETE" });
