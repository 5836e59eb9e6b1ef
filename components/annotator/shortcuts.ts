"use client";

import { useHotkeys } from "react-hotkeys-hook";
import type { Outcome } from "@/lib/http/annotator-api";

/**
 * The answer keys. Matched on the physical key (`Digit1` and `Numpad1` both
 * give 1) and only without Ctrl, Alt or Meta, so browser shortcuts such as
 * Ctrl+T or Alt+← keep working.
 */
export const SHORTCUTS: Record<Outcome, { keys: string; hint: string; ariaKeys: string }> = {
  LEFT: { keys: "1, left", hint: "1 or ←", ariaKeys: "1 ArrowLeft" },
  RIGHT: { keys: "2, right", hint: "2 or →", ariaKeys: "2 ArrowRight" },
  TIE: { keys: "t", hint: "T", ariaKeys: "t" },
  SKIP: { keys: "s", hint: "S", ariaKeys: "s" },
};

/**
 * Calls `onAnswer` for the answer keys while `enabled`. Keys typed in the
 * reason box (or any form field) and auto-repeats of a held key are ignored.
 */
export function useAnswerShortcuts(enabled: boolean, onAnswer: (outcome: Outcome) => void) {
  const options = {
    enabled,
    preventDefault: true,
    enableOnFormTags: false,
    ignoreEventWhen: (event: KeyboardEvent) => event.repeat,
  } as const;
  useHotkeys(SHORTCUTS.LEFT.keys, () => onAnswer("LEFT"), options, [onAnswer]);
  useHotkeys(SHORTCUTS.RIGHT.keys, () => onAnswer("RIGHT"), options, [onAnswer]);
  useHotkeys(SHORTCUTS.TIE.keys, () => onAnswer("TIE"), options, [onAnswer]);
  useHotkeys(SHORTCUTS.SKIP.keys, () => onAnswer("SKIP"), options, [onAnswer]);
}
