import { z } from "zod";

// A lone surrogate half: JSON can carry one ("\ud800"), UTF-8 cannot, so
// PostgreSQL would refuse the row. Paired halves are one code point and pass.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * A string that PostgreSQL can store as sent: no NUL character (text
 * columns cannot hold one) and no lone surrogate. `field` starts each
 * message (left out where the issue's path names the field). Chain length
 * and content rules after it.
 */
export function storableText(field?: string, expected = "a string") {
  const subject = field ? `${field} ` : "";
  return (
    z
      // Only for a value of the wrong type: length rules keep their own message.
      .string({
        error: (issue) =>
          issue.code === "invalid_type" ? `${subject}must be ${expected}` : undefined,
      })
      .refine((text) => !text.includes("\u0000"), `${subject}must not contain NUL characters`)
      .refine(
        (text) => !LONE_SURROGATE.test(text),
        `${subject}must be valid Unicode (it holds half of a surrogate pair)`,
      )
  );
}
