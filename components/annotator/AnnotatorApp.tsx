"use client";

import { IdentityBar } from "./IdentityBar";
import { KeyLegend } from "./KeyLegend";
import { NoWork } from "./NoWork";
import { PairView } from "./PairView";
import { ProgressSummary } from "./ProgressSummary";
import { ReasonBox } from "./ReasonBox";
import { useAnswerShortcuts } from "./shortcuts";
import { retriesAnswer, useAnnotation } from "./use-annotation";

/**
 * The annotator's page: who is answering and their progress, the pair with
 * its four answers (mouse or keyboard), an optional reason, and plain words
 * about what happened to the last answer. The next pair replaces the last
 * one without a page load.
 */
export function AnnotatorApp() {
  const { state, reason, setReason, profile, setProfile, answer, retry, loadNext, restart } =
    useAnnotation();
  const { phase, pair, notice, failure } = state;
  const answerable = phase === "ready" || (phase === "failed" && retriesAnswer(failure));
  useAnswerShortcuts(answerable, answer);

  return (
    <div className="mx-auto flex min-h-screen max-w-4xl flex-col gap-4 px-4 py-5 sm:gap-6 sm:py-8">
      <header className="flex flex-col gap-3 border-b border-slate-300 pb-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h1 className="text-xl font-bold text-slate-900">Chorus</h1>
          <IdentityBar profile={profile} onProfile={setProfile} onSessionEnded={restart} />
        </div>
        <ProgressSummary profile={profile} />
      </header>

      <main
        className="flex flex-col gap-4 sm:gap-6"
        aria-busy={phase === "loading" || phase === "saving"}
        data-phase={phase}
      >
        <p
          role="status"
          aria-live="polite"
          data-testid="notice"
          data-tone={notice?.tone}
          className={`min-h-6 font-medium ${notice?.tone === "warning" ? "text-amber-900" : "text-emerald-800"}`}
        >
          {notice?.text}
        </p>

        {failure && (
          <div
            role="alert"
            data-testid="failure"
            className="rounded-md border border-red-300 bg-red-50 p-4 text-red-900"
          >
            <p>{failure.message}</p>
            <button type="button" className="danger-button mt-2" onClick={retry}>
              {failure.action}
            </button>
          </div>
        )}

        {phase === "no_work" ? (
          <NoWork
            waiting={state.waiting}
            yours={profile?.progress.yours ?? null}
            onCheckAgain={() => void loadNext()}
          />
        ) : pair ? (
          <>
            <PairView pair={pair} answerable={answerable} saving={state.saving} onAnswer={answer} />
            <ReasonBox value={reason} onChange={setReason} />
          </>
        ) : (
          phase === "loading" && <p className="text-slate-700">Loading a pair…</p>
        )}
      </main>

      {/* Phones rarely have keys; the buttons still show theirs. */}
      <footer className="mt-auto hidden border-t border-slate-300 pt-4 sm:block">
        <KeyLegend />
      </footer>
    </div>
  );
}
