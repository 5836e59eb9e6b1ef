"use client";

import { useCallback, useEffect, useRef, useState } from "react";

type Outcome = "LEFT" | "RIGHT" | "TIE" | "SKIP";

interface Pair {
  comparisonId: string;
  prompt: string;
  left: { id: number; text: string };
  right: { id: number; text: string };
  modelVersion: number;
  policy: string;
}

type Status =
  | { kind: "loading" }
  | { kind: "ready" }
  | { kind: "saving"; outcome: Outcome }
  | { kind: "error"; message: string; retry: { load: true } | { outcome: Outcome } };

const OUTCOME_LABEL: Record<Outcome, string> = {
  LEFT: "left",
  RIGHT: "right",
  TIE: "tie",
  SKIP: "skip",
};

/**
 * The annotator's page: a prompt, two responses, and four ways to answer.
 * Each comparison gets one idempotency key, so a double click, a repeated
 * key or a retried request stores the answer once.
 */
export function AnnotatorApp() {
  const [pair, setPair] = useState<Pair | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "loading" });
  const [reason, setReason] = useState("");
  const [answered, setAnswered] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const shownAt = useRef(0);
  const idempotencyKey = useRef("");
  const busy = useRef(false);

  const loadNext = useCallback(async () => {
    try {
      const response = await fetch("/api/comparisons/next", { cache: "no-store" });
      const body = await response.json();
      if (!response.ok) throw new Error(body?.error?.message ?? "Could not load the next pair.");
      setPair(body);
      idempotencyKey.current = crypto.randomUUID();
      shownAt.current = performance.now();
      setStatus({ kind: "ready" });
    } catch (error) {
      setStatus({
        kind: "error",
        message: error instanceof Error ? error.message : "Could not load the next pair.",
        retry: { load: true },
      });
    }
  }, []);

  useEffect(() => {
    // State changes only after the request resolves; the rule cannot see that.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void loadNext();
  }, [loadNext]);

  const submit = useCallback(
    async (outcome: Outcome) => {
      if (!pair || busy.current) return;
      busy.current = true;
      setStatus({ kind: "saving", outcome });
      try {
        const response = await fetch("/api/answers", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            comparisonId: pair.comparisonId,
            outcome,
            reason: reason.trim() || undefined,
            latencyMs: Math.round(performance.now() - shownAt.current),
            idempotencyKey: idempotencyKey.current,
          }),
        });
        const body = await response.json().catch(() => null);
        if (response.status === 409 || response.status === 403) {
          // The pair can no longer be answered: keep the reason, move on.
          setNotice(
            `${body?.error?.message ?? "This pair can no longer be answered."} Your reason is kept.`,
          );
          await loadNext();
          return;
        }
        if (!response.ok) {
          throw new Error(body?.error?.message ?? `The server answered ${response.status}.`);
        }
        setAnswered((n) => n + 1);
        setReason("");
        setNotice(`Saved: ${OUTCOME_LABEL[outcome]}.`);
        await loadNext();
      } catch (error) {
        setStatus({
          kind: "error",
          message: `Your answer was not saved: ${error instanceof Error ? error.message : "network error"}`,
          retry: { outcome },
        });
      } finally {
        busy.current = false;
      }
    },
    [pair, reason, loadNext],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest("textarea, input, select, [contenteditable=true]")) return;
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      const outcome = (
        {
          "1": "LEFT",
          ArrowLeft: "LEFT",
          "2": "RIGHT",
          ArrowRight: "RIGHT",
          t: "TIE",
          s: "SKIP",
        } as const
      )[event.key as "1"];
      if (!outcome || status.kind !== "ready") return;
      event.preventDefault();
      void submit(outcome);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [submit, status.kind]);

  const disabled = status.kind !== "ready";

  return (
    <main className="mx-auto flex max-w-4xl flex-col gap-6 px-4 py-8">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Chorus</h1>
        <p className="text-sm text-slate-600" data-testid="progress">
          {answered} answered this session
          {pair ? ` · model v${pair.modelVersion}` : ""}
        </p>
      </header>

      <p
        role="status"
        aria-live="polite"
        className="min-h-6 text-sm text-emerald-700"
        data-testid="notice"
      >
        {notice}
      </p>

      {status.kind === "error" && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-red-800">
          <p>{status.message}</p>
          <button
            className="mt-2 rounded bg-red-700 px-3 py-1 text-white"
            onClick={() => {
              const { retry } = status;
              if ("outcome" in retry) void submit(retry.outcome);
              else void loadNext();
            }}
          >
            Try again
          </button>
        </div>
      )}

      {pair && (
        <section aria-labelledby="prompt" className="flex flex-col gap-4">
          <h2 id="prompt" className="text-xl font-medium" data-testid="prompt">
            {pair.prompt}
          </h2>
          <p className="text-sm text-slate-600">Which response do you prefer?</p>
          <div className="grid gap-4 md:grid-cols-2">
            {(["LEFT", "RIGHT"] as const).map((side) => {
              const response = side === "LEFT" ? pair.left : pair.right;
              return (
                <button
                  key={side}
                  type="button"
                  disabled={disabled}
                  onClick={() => void submit(side)}
                  data-testid={side === "LEFT" ? "response-left" : "response-right"}
                  data-response-id={response.id}
                  className="flex min-h-32 flex-col items-start gap-3 rounded-lg border-2 border-slate-300 bg-white p-5 text-left shadow-sm transition hover:border-indigo-500 focus-visible:border-indigo-600 focus-visible:outline-none disabled:opacity-60"
                >
                  <span className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                    {side === "LEFT" ? "Left · key 1 or ←" : "Right · key 2 or →"}
                  </span>
                  <span className="text-lg">{response.text}</span>
                </button>
              );
            })}
          </div>
          <div className="flex flex-wrap gap-3">
            <button
              type="button"
              disabled={disabled}
              onClick={() => void submit("TIE")}
              className="rounded-md border border-slate-400 bg-white px-4 py-2 hover:bg-slate-100 disabled:opacity-60"
            >
              Tie <kbd className="ml-1 text-xs text-slate-500">t</kbd>
            </button>
            <button
              type="button"
              disabled={disabled}
              onClick={() => void submit("SKIP")}
              className="rounded-md border border-slate-400 bg-white px-4 py-2 hover:bg-slate-100 disabled:opacity-60"
            >
              Skip <kbd className="ml-1 text-xs text-slate-500">s</kbd>
            </button>
          </div>
          <label className="flex flex-col gap-1 text-sm">
            <span>Reason (optional)</span>
            <textarea
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              maxLength={2000}
              rows={2}
              className="rounded-md border border-slate-300 p-2"
            />
          </label>
        </section>
      )}

      {status.kind === "loading" && !pair && (
        <p className="text-slate-600">Loading the next pair…</p>
      )}
    </main>
  );
}
