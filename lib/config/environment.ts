import { z } from "zod";
import { ANNOTATION_LIMIT_RANGES as limits } from "./annotation-limits";
import { LIVE_TRAINER_DEFAULTS as live } from "./trainer-defaults";

/**
 * Every environment variable Chorus reads, in one schema. `npm start` and
 * `npm run trainer` check them all before they touch the database
 * (`readEnvironment`); modules that read one at use time call
 * `environmentValue`, so each rule lives here once. An empty value counts
 * as unset, as in most env files. Pure: zod only.
 */

/** How one variable's text is read: what it allows, in words, and the parser. */
export interface Rule<T> {
  /** Completes "NAME must be …", e.g. "an integer from 0 to 65535". */
  allowed: string;
  /** The value, or undefined when `raw` is not allowed. */
  parse(raw: string): T | undefined;
}

/**
 * A whole number written plainly: digits, with a minus sign only where
 * `min` is negative; no spaces, hex or exponent ("0x10", "1e3", "12abc"
 * and " 5" are refused).
 */
export function integer(min: number, max?: number): Rule<number> {
  return {
    allowed:
      max === undefined ? `an integer of ${min} or more` : `an integer from ${min} to ${max}`,
    parse(raw) {
      // A minus only where negatives are allowed: "-0" is not a port.
      if (!/^-?\d+$/.test(raw) || (raw.startsWith("-") && min >= 0)) return undefined;
      const value = Number(raw);
      const inRange = value >= min && (max === undefined || value <= max);
      return Number.isSafeInteger(value) && inRange ? value : undefined;
    },
  };
}

function oneOf<const T extends string>(values: readonly T[]): Rule<T> {
  const listed = values.map((value) => `"${value}"`);
  return {
    allowed: `one of ${listed.slice(0, -1).join(", ")} or ${listed.at(-1)}`,
    parse: (raw) => values.find((value) => value === raw),
  };
}

function text(allowed: string, valid: (raw: string) => boolean): Rule<string> {
  return { allowed, parse: (raw) => (valid(raw) ? raw : undefined) };
}

const boolean: Rule<boolean> = {
  allowed: '"true" or "false"',
  parse: (raw) => (raw === "true" ? true : raw === "false" ? false : undefined),
};

/** One variable: unset or empty gives `fallback`, anything else must follow `rule`. */
function variable<T>(rule: Rule<T>): z.ZodType<T | undefined, string | undefined>;
function variable<T>(rule: Rule<T>, fallback: T): z.ZodType<T, string | undefined>;
function variable<T>(rule: Rule<T>, fallback?: T) {
  return z
    .string({ error: rule.allowed })
    .optional()
    .transform((raw, context) => {
      if (raw === undefined || raw === "") return fallback;
      const value = rule.parse(raw);
      if (value !== undefined) return value;
      context.addIssue({ code: "custom", message: rule.allowed });
      return z.NEVER;
    });
}

/** pino's level names, least to most verbose. */
export const LOG_LEVELS = ["silent", "fatal", "error", "warn", "info", "debug", "trace"] as const;
export const TF_BACKENDS = ["wasm", "cpu"] as const;
/** Shorter admin secrets are refused: a token is guessable long before 16 characters. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;
/** The admin secret: long enough, and sendable as `Authorization: Bearer <token>`. */
export const ADMIN_TOKEN_RULE = text(
  `at least ${MIN_ADMIN_TOKEN_LENGTH} characters long, with no spaces`,
  (raw) => raw.length >= MIN_ADMIN_TOKEN_LENGTH && !/\s/.test(raw),
);
/** An HTTP port, for `PORT` and `npm start --port`. */
export const PORT_RULE = integer(0, 65_535);

const fields = {
  PORT: variable(PORT_RULE, 3000),
  DATABASE_URL: variable(text("a postgresql:// URL", (raw) => /^postgres(ql)?:\/\/\S+$/.test(raw))),
  CHORUS_DATA_DIR: variable(
    text("a folder", () => true),
    ".chorus",
  ),
  CHORUS_DB_PORT: variable(integer(1024, 65_535), 54_329),
  CHORUS_DB_QUERY_TIMEOUT_MS: variable(integer(100), 10_000),
  CHORUS_WORLD: variable(text("a world file (JSON)", () => true)),
  CHORUS_LEASE_SECONDS: variable(integer(limits.leaseSeconds.min, limits.leaseSeconds.max), 300),
  CHORUS_OVERLAP: variable(integer(limits.overlap.min, limits.overlap.max), 1),
  /** Unset: no limit. */
  CHORUS_COMPARISON_BUDGET: variable<number | null>(
    integer(limits.comparisonBudget.min, limits.comparisonBudget.max),
    null,
  ),
  CHORUS_TRAIN_MIN_ANSWERS: variable(integer(1), live.minNewAnswers),
  CHORUS_TRAIN_MAX_ANSWERS: variable(integer(1), live.maxNewAnswers),
  CHORUS_TRAIN_STEPS: variable(integer(1), live.stepsPerRound),
  CHORUS_TRAINER_POLL_MS: variable(integer(10), live.pollMs),
  CHORUS_PUBLISH_INTERVAL_MS: variable(integer(0), live.publishIntervalMs),
  CHORUS_TRAINER_NICE: variable(integer(0, 19), 10),
  CHORUS_TF_BACKEND: variable(oneOf(TF_BACKENDS), "wasm"),
  /** Unset: `info` (`silent` under vitest); see `lib/util/logger.ts`. */
  LOG_LEVEL: variable(oneOf(LOG_LEVELS)),
  /** Unset: `npm start` keeps a generated one in `$CHORUS_DATA_DIR/admin-token`. */
  ADMIN_TOKEN: variable(ADMIN_TOKEN_RULE),
  CHORUS_SECURE_COOKIES: variable(boolean, false),
};

export const environmentSchema = z.object(fields);
export type Environment = z.output<typeof environmentSchema>;
export type VariableName = keyof Environment;
type Env = Record<string, string | undefined>;

/** A refused environment: `message` is one line naming each bad variable. */
export class EnvironmentError extends Error {
  constructor(readonly problems: { name: VariableName; allowed: string; value: unknown }[]) {
    super(problems.map(describe).join("; "));
    this.name = "EnvironmentError";
  }
}

/**
 * The environment's values, typed and with their defaults, or an
 * `EnvironmentError` such as `CHORUS_LEASE_SECONDS must be an integer from
 * 10 to 86400 (got "abc")`. With `names`, only those variables are read.
 */
export function readEnvironment(env?: Env): Environment;
export function readEnvironment<K extends VariableName>(
  env: Env,
  names: readonly K[],
): Pick<Environment, K>;
export function readEnvironment(
  env: Env = process.env,
  names: readonly VariableName[] = Object.keys(fields) as VariableName[],
): Partial<Environment> {
  const values: Record<string, unknown> = {};
  const problems: EnvironmentError["problems"] = [];
  for (const name of names) {
    const parsed = fields[name].safeParse(env[name]);
    if (parsed.success) values[name] = parsed.data;
    else problems.push({ name, allowed: parsed.error.issues[0].message, value: env[name] });
  }
  // A round never takes fewer answers than it waits for.
  const { CHORUS_TRAIN_MIN_ANSWERS: least, CHORUS_TRAIN_MAX_ANSWERS: most } = values;
  if (typeof least === "number" && typeof most === "number" && most < least) {
    problems.push({
      name: "CHORUS_TRAIN_MAX_ANSWERS",
      allowed: `at least CHORUS_TRAIN_MIN_ANSWERS (${least})`,
      value: env.CHORUS_TRAIN_MAX_ANSWERS ?? String(most),
    });
  }
  if (problems.length > 0) throw new EnvironmentError(problems);
  return values as Partial<Environment>;
}

/** One variable's value (its default when unset); throws like `readEnvironment`. */
export function environmentValue<K extends VariableName>(
  name: K,
  env: Env = process.env,
): Environment[K] {
  return readEnvironment(env, [name])[name];
}

function describe({ name, allowed, value }: EnvironmentError["problems"][number]): string {
  return `${name} must be ${allowed} (got ${shown(name, value)})`;
}

/** The refused value as the message shows it: secrets are not repeated. */
function shown(name: VariableName, value: unknown): string {
  if (typeof value !== "string") return typeof value;
  if (name === "ADMIN_TOKEN") return `${value.length} characters`;
  const safe = name === "DATABASE_URL" ? redactUrl(value) : value;
  return JSON.stringify(safe.length > 80 ? `${safe.slice(0, 80)}…` : safe);
}

/** A database URL with its password replaced by `***`, for logs and messages. */
export function redactUrl(value: string): string {
  return value.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}
