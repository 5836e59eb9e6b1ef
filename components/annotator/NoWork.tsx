"use client";

import { useEffect, useRef } from "react";

export interface NoWorkProps {
  /** Pairs others hold that come back if they are not answered in time. */
  waiting: number;
  yours: number | null;
  onCheckAgain: () => void;
}

/** Shown instead of a pair when nothing is left to ask under the current limits. */
export function NoWork({ waiting, yours, onCheckAgain }: NoWorkProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Focused so a screen reader announces it; it is no control, so no outline.
  useEffect(() => heading.current?.focus(), []);

  return (
    <section
      aria-labelledby="no-work"
      className="flex flex-col items-start gap-3 rounded-lg border border-slate-300 bg-white p-6"
      data-testid="no-work"
    >
      <h2
        id="no-work"
        ref={heading}
        tabIndex={-1}
        className="text-2xl font-semibold focus:outline-none"
      >
        No more pairs to compare
      </h2>
      <p className="text-slate-700">
        Thank you! Everything that can be asked right now has been asked
        {yours ? `, and you gave ${yours} ${yours === 1 ? "answer" : "answers"}` : ""}.
      </p>
      {waiting > 0 && (
        <p className="text-slate-700">
          {waiting} {waiting === 1 ? "pair is" : "pairs are"} being answered by others. If{" "}
          {waiting === 1 ? "it is" : "they are"} not answered in time,{" "}
          {waiting === 1 ? "it" : "they"} can come to you.
        </p>
      )}
      <button type="button" onClick={onCheckAgain} className="secondary-button">
        Check again
      </button>
    </section>
  );
}
