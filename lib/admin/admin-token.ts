import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ADMIN_TOKEN_RULE, environmentValue } from "../config/environment";

export type AdminTokenSource =
  { kind: "env"; token: string } | { kind: "file"; token: string; file: string; created: boolean };

/**
 * The admin console's secret: `ADMIN_TOKEN` when set, otherwise a random
 * token kept in `<dataDir>/admin-token` (created once, readable by its owner
 * only), so `npm start` needs no configuration.
 * @throws when ADMIN_TOKEN (or the file) holds fewer than 16 characters.
 */
export function resolveAdminToken(
  env: Record<string, string | undefined> = process.env,
  dataDir = environmentValue("CHORUS_DATA_DIR", env),
): AdminTokenSource {
  const fromEnv = env.ADMIN_TOKEN;
  if (fromEnv !== undefined && fromEnv !== "") {
    checkLength(fromEnv, "ADMIN_TOKEN");
    return { kind: "env", token: fromEnv };
  }

  const file = path.resolve(dataDir, "admin-token");
  if (existsSync(file)) {
    const token = readFileSync(file, "utf8").trim();
    checkLength(token, file);
    return { kind: "file", token, file, created: false };
  }

  mkdirSync(path.dirname(file), { recursive: true });
  const token = randomBytes(32).toString("base64url");
  writeFileSync(file, `${token}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600); // the mode above is masked by the umask
  return { kind: "file", token, file, created: true };
}

function checkLength(token: string, where: string): void {
  if (ADMIN_TOKEN_RULE.parse(token) === undefined) {
    throw new Error(
      `${where} must be ${ADMIN_TOKEN_RULE.allowed} (got ${token.length} characters).`,
    );
  }
}
