import { expect, type APIRequestContext } from "@playwright/test";

/** The session cookie holding the annotator id (lib/http/annotator-session.ts). */
export const ANNOTATOR_COOKIE = "chorus_annotator";

/** An annotator driven through the API alone, with the pair it was handed. */
export interface ApiAnnotator {
  request: APIRequestContext;
  id: string;
  pair: { comparisonId: string; prompt: string };
}

/** Starts a session on `request` (its cookie jar keeps it) and takes a pair. */
export async function startAnnotator(request: APIRequestContext): Promise<ApiAnnotator> {
  const response = await request.get("/api/comparisons/next");
  expect(response.status()).toBe(200);
  const pair = await response.json();
  expect(pair.status).toBe("pair");
  const { cookies } = await request.storageState();
  const id = cookies.find((c) => c.name === ANNOTATOR_COOKIE)?.value;
  if (!id) throw new Error(`Expected a ${ANNOTATOR_COOKIE} cookie, but there is none`);
  return { request, id, pair: { comparisonId: pair.comparisonId, prompt: pair.prompt } };
}
