import type { PrismaClient } from "../db/client";

/** How long a login through the form lasts. */
export const ADMIN_SESSION_HOURS = 12;

/** Records a new admin login; returns its id (signed into the cookie). */
export async function createAdminSession(prisma: PrismaClient, now = new Date()): Promise<string> {
  const expiresAt = new Date(now.getTime() + ADMIN_SESSION_HOURS * 3600_000);
  // Expired logins are of no use to anyone: each login clears them away.
  await prisma.adminSession.deleteMany({ where: { expiresAt: { lt: now } } });
  const session = await prisma.adminSession.create({ data: { expiresAt }, select: { id: true } });
  return session.id;
}

/** True when the login exists, has not expired and was not signed out. */
export async function isLiveAdminSession(prisma: PrismaClient, id: string): Promise<boolean> {
  const live = await prisma.adminSession.count({
    where: { id, revokedAt: null, expiresAt: { gt: new Date() } },
  });
  return live > 0;
}

/** Signs a login out: its cookie opens nothing from now on, wherever it was copied. */
export async function revokeAdminSession(prisma: PrismaClient, id: string): Promise<void> {
  await prisma.adminSession.updateMany({
    where: { id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}
