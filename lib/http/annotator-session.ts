import { cookies, headers } from "next/headers";
import type { PrismaClient } from "../db/client";
import { DomainError, noSession } from "../service/errors";
import { secureCookies } from "./request-origin";

export const ANNOTATOR_COOKIE = "chorus_annotator";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The annotator id this browser's cookie names, if it is well-formed; not
 * checked against the database.
 */
async function claimedAnnotatorId(): Promise<string | null> {
  const value = (await cookies()).get(ANNOTATOR_COOKIE)?.value;
  return value && UUID.test(value) ? value : null;
}

/** The annotator of this browser session, if it has one. */
export async function currentAnnotatorId(prisma: PrismaClient): Promise<string | null> {
  const value = await claimedAnnotatorId();
  if (!value) return null;
  const annotator = await prisma.annotator.findUnique({
    where: { id: value },
    select: { id: true },
  });
  return annotator?.id ?? null;
}

/** The session's annotator, creating an anonymous one (and its cookie). */
export async function ensureAnnotatorId(prisma: PrismaClient): Promise<string> {
  return (await currentAnnotatorId(prisma)) ?? startAnnotatorSession(prisma);
}

/**
 * Runs `action` as this browser's annotator, starting a new anonymous one
 * (and its cookie) when the browser has none or names one that does not
 * exist, which `action` reports by throwing. This spares the hot paths a
 * lookup per request: their own first query finds out.
 */
export async function asAnnotator<T>(
  prisma: PrismaClient,
  action: (annotatorId: string) => Promise<T>,
): Promise<T> {
  const claimed = await claimedAnnotatorId();
  if (claimed) {
    try {
      return await action(claimed);
    } catch (error) {
      if (!isUnknownAnnotator(error)) throw error;
    }
  }
  return action(await startAnnotatorSession(prisma));
}

/**
 * The id this browser's cookie names, for an action that reports an
 * unknown annotator itself (401 no_session); 401 without a cookie.
 */
export async function requireClaimedAnnotatorId(): Promise<string> {
  const claimed = await claimedAnnotatorId();
  if (!claimed) throw noSession();
  return claimed;
}

const isUnknownAnnotator = (error: unknown) =>
  error instanceof DomainError &&
  (error.code === "annotator_not_found" || error.code === "no_session");

async function startAnnotatorSession(prisma: PrismaClient): Promise<string> {
  const annotator = await prisma.annotator.create({ data: { kind: "HUMAN" } });
  (await cookies()).set(ANNOTATOR_COOKIE, annotator.id, {
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookies(await headers()),
    path: "/",
    maxAge: 60 * 60 * 24 * 365,
  });
  return annotator.id;
}

/** Forgets this browser's annotator; the next request starts a new one. */
export async function endAnnotatorSession(): Promise<void> {
  (await cookies()).delete(ANNOTATOR_COOKIE);
}
