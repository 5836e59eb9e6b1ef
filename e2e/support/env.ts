/** Port of the app server the end-to-end tests run against. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);

/**
 * The database the end-to-end server uses: `chorus_e2e_<port>` on the server
 * of DATABASE_URL, or on the embedded server when DATABASE_URL is unset. It
 * is dropped and created afresh each run.
 */
export function e2eDatabaseUrl(): string {
  const base = process.env.DATABASE_URL ?? "postgresql://chorus:chorus@127.0.0.1:54329/chorus";
  const url = new URL(base);
  url.pathname = `/chorus_e2e_${E2E_PORT}`;
  return url.toString();
}

/** The admin token the end-to-end server is started with. */
export const E2E_ADMIN_TOKEN = "e2e-admin-token-0123456789abcdef";
