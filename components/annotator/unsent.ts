import { z } from "zod";
import type { AnswerBody } from "./api";

/**
 * Answers this browser has sent but not seen stored, kept in localStorage
 * so that a reload, a closed tab or a crashed browser during an outage does
 * not lose them: the next page load resends each with its idempotency key,
 * which stores it once however many tries reached the server.
 */
const KEY = "chorus.unsent-answers";

const unsentSchema = z.array(
  z.object({
    comparisonId: z.string(),
    outcome: z.enum(["LEFT", "RIGHT", "TIE", "SKIP"]),
    reason: z.string().optional(),
    latencyMs: z.number(),
    idempotencyKey: z.string(),
  }),
);

/** The unsent answers, oldest first; none if storage is off or holds junk. */
export function readUnsent(): AnswerBody[] {
  try {
    const parsed = unsentSchema.safeParse(JSON.parse(localStorage.getItem(KEY) ?? "[]"));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Keeps `answer` until `forgetUnsent` (one per comparison: the newest try wins). */
export function keepUnsent(answer: AnswerBody): void {
  write([...readUnsent().filter((a) => a.comparisonId !== answer.comparisonId), answer]);
}

export function forgetUnsent(comparisonId: string): void {
  write(readUnsent().filter((a) => a.comparisonId !== comparisonId));
}

function write(answers: AnswerBody[]): void {
  try {
    if (answers.length === 0) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, JSON.stringify(answers));
  } catch {
    // Storage off or full (private mode): the page still keeps the answer
    // while it is open, as it says.
  }
}
