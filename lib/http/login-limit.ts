import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import type { PrismaClient } from "../db/client";

/** Failed admin logins allowed per client address in one window. */
export const LOGIN_FAILURES_PER_ADDRESS = 10;
/**
 * Failed admin logins allowed from all addresses together in one window:
 * the backstop for a client that forges X-Forwarded-For to look like many.
 */
export const LOGIN_FAILURES_IN_ALL = 100;
export const LOGIN_WINDOW_SECONDS = 15 * 60;

interface Limiters {
  perAddress: RateLimiterPrisma;
  everyone: RateLimiterPrisma;
}

const limitersByClient = new WeakMap<PrismaClient, Limiters>();

/**
 * The counters live in PostgreSQL (the RateLimit table), so the limits hold
 * across every app instance sharing the database.
 */
function limitersFor(prisma: PrismaClient): Limiters {
  let limiters = limitersByClient.get(prisma);
  if (!limiters) {
    const limiter = (keyPrefix: string, points: number) =>
      new RateLimiterPrisma({
        storeClient: prisma,
        tableName: "rateLimit",
        keyPrefix,
        points,
        duration: LOGIN_WINDOW_SECONDS,
      });
    limiters = {
      perAddress: limiter("admin_login_address", LOGIN_FAILURES_PER_ADDRESS),
      everyone: limiter("admin_login_all", LOGIN_FAILURES_IN_ALL),
    };
    limitersByClient.set(prisma, limiters);
  }
  return limiters;
}

const ALL = "all";

/** The outcome of a login attempt under the limit. */
export type LimitedLogin = { ok: boolean } | { retryAfterSeconds: number };

/**
 * Checks a login under the failed-login limits. Every attempt counts as a
 * failure first (an atomic increment, so concurrent guesses are all
 * counted) and a correct one is given back, so only failures count. Over
 * either limit the credentials are not even checked until the window ends.
 */
export async function limitedLogin(
  prisma: PrismaClient,
  address: string,
  isCorrect: () => boolean,
): Promise<LimitedLogin> {
  const { perAddress, everyone } = limitersFor(prisma);
  const overAddress = await retryAfter(perAddress.consume(address));
  if (overAddress !== null) return { retryAfterSeconds: overAddress };
  const overAll = await retryAfter(everyone.consume(ALL));
  if (overAll !== null) {
    await perAddress.reward(address);
    return { retryAfterSeconds: overAll };
  }

  const ok = isCorrect();
  if (ok) await Promise.all([perAddress.reward(address), everyone.reward(ALL)]);
  return { ok };
}

/** Seconds until the window ends when `consumed` went over the limit, else null. */
async function retryAfter(consumed: Promise<RateLimiterRes>): Promise<number | null> {
  try {
    await consumed;
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    }
    throw rejection;
  }
}
