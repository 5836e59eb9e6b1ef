-- Failed admin logins, counted by rate-limiter-flexible (RateLimiterPrisma)
-- in a table every app instance shares (issue 8).

-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "expire" TIMESTAMP(3),

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key")
);
