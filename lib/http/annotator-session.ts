import { cookies, headers } from "next/headers";
import type { PrismaClient } from "../db/client";
import { secureCookies } from "./request-origin";

export const ANNOTATOR_COOKIE = "chorus_annotator";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The annotator of this browser session, if it has one. */
export async function currentAnnotatorId(prisma: PrismaClient): Promise<string | null> {
  const value = (await cookies()).get(ANNOTATOR_COOKIE)?.value;
  if (!value || !UUID.test(value)) return null;
  const annotator = await prisma.annotator.findUnique({
    where: { id: value },
    select: { id: true },
  });
  return annotator?.id ?? null;
}

/** The session's annotator, creating an anonymous one (and its cookie). */
export async function ensureAnnotatorId(prisma: PrismaClient): Promise<string> {
  const existing = await currentAnnotatorId(prisma);
  if (existing) return existing;
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
