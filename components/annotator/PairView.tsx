"use client";

import type { Outcome, PairView as Pair } from "@/lib/http/annotator-api";
import { SHORTCUTS } from "./shortcuts";

export interface PairViewProps {
  pair: Pair;
  /** False while the pair cannot be answered (settling, saving, loading). */
  answerable: boolean;
  /** The outcome being saved, if any. */
  saving: Outcome | null;
  onAnswer: (outcome: Outcome) => void;
}

/**
 * A prompt and two responses side by side (stacked on a phone), then tie
 * and skip. Buttons that cannot be used right now are `aria-disabled`
 * rather than `disabled`, so a focused button keeps its focus.
 */
export function PairView({ pair, answerable, saving, onAnswer }: PairViewProps) {
  const press = (outcome: Outcome) => (event: React.MouseEvent) => {
    // The second click of a double click belongs to the same answer.
    if (event.detail > 1 || !answerable) return;
    onAnswer(outcome);
  };

  return (
    <section aria-labelledby="prompt" className="flex flex-col gap-5">
      <div className="flex flex-col gap-1">
        <p className="text-sm text-slate-700">
          Prompt <span aria-hidden="true">·</span>{" "}
          <span data-testid="model-version">chosen by model v{pair.modelVersion}</span>
        </p>
        <h2
          id="prompt"
          key={pair.comparisonId}
          className="pair-enter text-2xl font-semibold text-slate-900"
          data-testid="prompt"
        >
          {pair.prompt}
        </h2>
        <p className="text-slate-700">Which response do you prefer?</p>
      </div>

      <div
        className="grid gap-4 md:grid-cols-2"
        data-testid="pair"
        data-comparison-id={pair.comparisonId}
      >
        {(["LEFT", "RIGHT"] as const).map((side) => {
          const response = side === "LEFT" ? pair.left : pair.right;
          const label = side === "LEFT" ? "Left" : "Right";
          return (
            <button
              key={side}
              type="button"
              aria-disabled={!answerable}
              aria-keyshortcuts={SHORTCUTS[side].ariaKeys}
              onClick={press(side)}
              data-testid={side === "LEFT" ? "response-left" : "response-right"}
              data-response-id={response.id}
              className={`response-card ${saving === side ? "response-card-chosen" : ""}`}
            >
              <span className="flex w-full items-center justify-between text-sm font-semibold text-slate-700">
                <span>
                  {label}
                  <span className="sr-only"> response: </span>
                </span>
                <kbd className="key" aria-hidden="true">
                  {SHORTCUTS[side].hint}
                </kbd>
              </span>
              <span key={pair.comparisonId} className="pair-enter text-xl text-slate-900">
                {response.text}
              </span>
            </button>
          );
        })}
      </div>

      <div className="grid grid-cols-2 gap-3 sm:flex">
        {(["TIE", "SKIP"] as const).map((outcome) => (
          <button
            key={outcome}
            type="button"
            aria-disabled={!answerable}
            aria-keyshortcuts={SHORTCUTS[outcome].ariaKeys}
            onClick={press(outcome)}
            data-testid={outcome === "TIE" ? "answer-tie" : "answer-skip"}
            className={`secondary-button ${saving === outcome ? "response-card-chosen" : ""}`}
          >
            {outcome === "TIE" ? "Tie" : "Skip"}
            <span className="sr-only">
              {outcome === "TIE" ? ": both equally good" : ": cannot tell"}
            </span>
            <kbd className="key" aria-hidden="true">
              {SHORTCUTS[outcome].hint}
            </kbd>
          </button>
        ))}
      </div>
    </section>
  );
}
