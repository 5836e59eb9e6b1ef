import { describe, expect, it } from "vitest";
import { storableText } from "./text";

describe("storableText", () => {
  const reason = storableText("reason");

  it.each([
    ["plain text", "looks right"],
    ["an emoji (a surrogate pair)", "good 😀"],
    ["newlines and tabs", "one\n\ttwo"],
    ["right-to-left and zero-width marks", "\u202Eabc\u200B"],
  ])("keeps %s", (_, text) => {
    expect(reason.parse(text)).toBe(text);
  });

  it.each([
    ["a NUL", "a\u0000b", "reason must not contain NUL characters"],
    ["a lone high surrogate", "a\ud800", "reason must be valid Unicode"],
    ["a lone low surrogate", "\udc00b", "reason must be valid Unicode"],
    ["halves in the wrong order", "\ude00\ud83d", "reason must be valid Unicode"],
  ])("refuses %s", (_, text, message) => {
    const result = reason.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toContain(message);
  });

  it("keeps the message of a length rule", () => {
    const result = storableText("name").max(3).safeParse("long");
    expect(result.error?.issues[0].message).not.toContain("must be a string");
    expect(result.error?.issues[0].code).toBe("too_big");
  });

  it("names what else it expected", () => {
    const result = storableText("displayName", "a string or null").safeParse(7);
    expect(result.error?.issues[0].message).toBe("displayName must be a string or null");
  });
});
