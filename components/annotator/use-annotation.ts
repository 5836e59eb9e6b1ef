"use client";

import { useCallback, useEffect, useEffectEvent, useRef, useState } from "react";
import type { AnnotatorProfile, Outcome, PairView } from "@/lib/http/annotator-api";
import { type AnswerBody, ApiRequestError, fetchNextPair, fetchProfile, postAnswer } from "./api";
import { forgetUnsent, keepUnsent, readUnsent } from "./unsent";

/** A new pair accepts answers only after it has been on screen this long. */
export const MIN_VIEW_MS = 250;

/**
 * loading: asking for a pair; settling: a new pair is showing but not yet
 * answerable; ready; saving: an answer is on its way; failed: a request
 * failed and can be retried; no_work: nothing is left to ask.
 */
export type Phase = "loading" | "settling" | "ready" | "saving" | "failed" | "no_work";

export interface Notice {
  tone: "success" | "warning";
  text: string;
}

export interface AnnotationState {
  phase: Phase;
  pair: PairView | null;
  /** With no work left: pairs others hold that may come back. */
  waiting: number;
  /** The outcome being saved, to mark the chosen button. */
  saving: Outcome | null;
  notice: Notice | null;
  failure: Failure | null;
}

/**
 * A failed request the page can send again: loading a pair, an answer
 * (with its outcome), or the answers kept from before the page was
 * reloaded ("unsent"). `automatic` ones (the server said 503: unavailable
 * for now) are resent by the page itself until they go through.
 */
export interface Failure {
  message: string;
  retry: "load" | "unsent" | Outcome;
  automatic: boolean;
  /** The label of the button that sends it again now. */
  action: string;
}

const SAVED: Record<Outcome, string> = {
  LEFT: "Saved: you preferred the left response.",
  RIGHT: "Saved: you preferred the right response.",
  TIE: "Saved: a tie.",
  SKIP: "Saved: skipped.",
};

const INITIAL: AnnotationState = {
  phase: "loading",
  pair: null,
  waiting: 0,
  saving: null,
  notice: null,
  failure: null,
};

/**
 * The annotator's loop: lease a pair, answer it exactly once, move on.
 * Each pair gets one idempotency key, used for every try at answering it,
 * so a double click, a repeated key or a retry after a network error
 * stores one answer. A refused answer (expired or already answered) keeps
 * the typed reason and moves on to the next pair. While the server is
 * unavailable (503, e.g. its database is down) the page keeps the answer
 * and resends it with backoff until it is stored. An answer is also kept
 * in this browser until it is seen stored, so one that was not stored when
 * the page was reloaded or closed is resent when the page opens again.
 */
export function useAnnotation() {
  const [state, setState] = useState<AnnotationState>(INITIAL);
  const [reason, setReason] = useState("");
  const [profile, setProfile] = useState<AnnotatorProfile | null>(null);
  // Events can arrive twice before React renders again: guard synchronously.
  const busy = useRef(false);
  const idempotencyKey = useRef("");
  const shownAt = useRef(0);
  const started = useRef(false);
  const resends = useRef(0);

  const refreshProfile = useCallback(async () => {
    try {
      setProfile(await fetchProfile());
    } catch {
      // Progress is for information; the next refresh catches up.
    }
  }, []);

  const loadNext = useCallback(
    async (notice?: Notice) => {
      busy.current = true;
      setState((s) => ({
        ...s,
        phase: "loading",
        // An automatic retry keeps its message, so it neither flickers nor is announced again.
        failure: s.failure?.automatic && s.failure.retry === "load" ? s.failure : null,
        notice: notice ?? s.notice,
      }));
      try {
        const next = await fetchNextPair();
        resends.current = 0;
        if (next.status === "no_work") {
          setState((s) => ({ ...s, phase: "no_work", pair: null, waiting: next.waiting }));
        } else {
          idempotencyKey.current = crypto.randomUUID();
          shownAt.current = performance.now();
          setState((s) => ({ ...s, phase: "settling", pair: next, saving: null }));
        }
      } catch (error) {
        const automatic = isUnavailable(error);
        const message = automatic
          ? `The next pair could not be loaded: ${unavailableCause(error)}. Trying again automatically.`
          : `The next pair could not be loaded: ${errorMessage(error)}`;
        setState((s) => ({
          ...s,
          phase: "failed",
          failure: { message, retry: "load", automatic, action: "Try again" },
        }));
      } finally {
        busy.current = false;
      }
      void refreshProfile();
    },
    [refreshProfile],
  );

  const submit = useCallback(
    async (outcome: Outcome) => {
      const pair = state.pair;
      if (!pair || busy.current) return;
      busy.current = true;
      setState((s) => ({
        ...s,
        phase: "saving",
        saving: outcome,
        failure: s.failure?.automatic && s.failure.retry !== "load" ? s.failure : null,
      }));

      const body: AnswerBody = {
        comparisonId: pair.comparisonId,
        outcome,
        reason: reason.trim() || undefined,
        latencyMs: Math.round(performance.now() - shownAt.current),
        idempotencyKey: idempotencyKey.current,
      };
      keepUnsent(body);
      try {
        const receipt = await postAnswer(body);
        forgetUnsent(body.comparisonId);
        resends.current = 0;
        busy.current = false;
        setReason("");
        await loadNext({ tone: "success", text: SAVED[receipt.outcome] });
      } catch (error) {
        busy.current = false;
        // Refused for good (not a failure to get through): sending it again
        // will not help, so it is not kept for a resend after a reload.
        if (isFinal(error)) forgetUnsent(body.comparisonId);
        if (error instanceof ApiRequestError && isRefusal(error)) {
          await loadNext({ tone: "warning", text: refusalText(error) });
          return;
        }
        const failure: Failure = isUnavailable(error)
          ? {
              message:
                // Unreached, the server may have stored it before the line
                // broke: only "not confirmed" is sure.
                `Your answer ${isNetworkError(error) ? "could not be confirmed" : "was not saved"}: ` +
                `${unavailableCause(error)}. It is kept on this page and resent automatically ` +
                "until it is saved (once, never twice).",
              retry: outcome,
              automatic: true,
              action: "Resend now",
            }
          : {
              message: `Your answer could not be confirmed: ${errorMessage(error)} Try again; it will not be stored twice.`,
              retry: outcome,
              automatic: false,
              action: "Try again",
            };
        setState((s) => ({ ...s, phase: "failed", saving: null, failure }));
      }
    },
    [state.pair, reason, loadNext],
  );

  /**
   * Sends the answers kept from before this page was loaded, then loads a
   * pair. A refused one (its lease ran out meanwhile, say) is dropped with
   * a notice; while the server is unavailable they stay kept and are
   * resent automatically.
   */
  const resendUnsent = useCallback(async () => {
    busy.current = true;
    setState((s) => ({
      ...s,
      phase: "loading",
      failure: s.failure?.automatic && s.failure.retry === "unsent" ? s.failure : null,
    }));
    let notice: Notice | undefined;
    for (const body of readUnsent()) {
      try {
        const receipt = await postAnswer(body);
        forgetUnsent(body.comparisonId);
        notice = {
          tone: "success",
          text: `${SAVED[receipt.outcome]} That was your answer from before this page was reloaded.`,
        };
      } catch (error) {
        if (isFinal(error)) {
          forgetUnsent(body.comparisonId);
          notice = {
            tone: "warning",
            text: `Your answer from before this page was reloaded was not saved: ${error.message}`,
          };
          continue;
        }
        busy.current = false;
        const automatic = isUnavailable(error);
        const message = automatic
          ? `An answer you gave before this page was reloaded is not saved yet: ${unavailableCause(error)}. ` +
            "It is kept in this browser and resent automatically until it is saved (once, never twice)."
          : `An answer you gave before this page was reloaded could not be confirmed: ${errorMessage(error)} ` +
            "It is kept in this browser; try again, it will not be stored twice.";
        setState((s) => ({
          ...s,
          phase: "failed",
          failure: {
            message,
            retry: "unsent",
            automatic,
            action: automatic ? "Resend now" : "Try again",
          },
        }));
        return;
      }
    }
    busy.current = false;
    resends.current = 0;
    await loadNext(notice);
  }, [loadNext]);

  /** Answers the pair on screen; ignored unless it can be answered now. */
  const answer = useCallback(
    (outcome: Outcome) => {
      const { phase, failure } = state;
      if (phase === "ready" || (phase === "failed" && retriesAnswer(failure))) void submit(outcome);
    },
    [state, submit],
  );

  const retry = useCallback(() => {
    const retryWith = state.failure?.retry;
    if (retryWith === "load") void loadNext();
    else if (retryWith === "unsent") void resendUnsent();
    else if (retryWith) void submit(retryWith);
  }, [state.failure, loadNext, resendUnsent, submit]);

  // Resends what the server could not take yet, waiting longer each time.
  const retryEvent = useEffectEvent(() => retry());
  useEffect(() => {
    if (state.phase !== "failed" || !state.failure?.automatic) return;
    const timer = setTimeout(() => retryEvent(), resendDelayMs(resends.current++));
    return () => clearTimeout(timer);
  }, [state.phase, state.failure]);

  /** Starts over after the session changed: no pair, no reason, reloaded progress. */
  const restart = useCallback(async () => {
    setReason("");
    setProfile(null);
    await loadNext({ tone: "success", text: "A new session has started." });
  }, [loadNext]);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void resendUnsent();
  }, [resendUnsent]);

  useEffect(() => {
    if (state.phase !== "settling") return;
    const timer = setTimeout(
      () => setState((s) => (s.phase === "settling" ? { ...s, phase: "ready" } : s)),
      MIN_VIEW_MS,
    );
    return () => clearTimeout(timer);
  }, [state.phase, state.pair]);

  return {
    state,
    reason,
    setReason,
    profile,
    setProfile,
    answer,
    retry,
    loadNext,
    restart,
  };
}

/** Whether the failure is an answer to the pair on screen, which answering again retries. */
export function retriesAnswer(failure: Failure | null): boolean {
  return failure !== null && failure.retry !== "load" && failure.retry !== "unsent";
}

/**
 * The wait before the n-th automatic resend (from 0): about 1, 2, 4, then
 * 5 s, jittered so that a crowd of pages does not resend in step.
 */
function resendDelayMs(attempt: number): number {
  return Math.min(5_000, 1_000 * 2 ** attempt) * (0.75 + Math.random() / 4);
}

/**
 * Worth resending by itself: the server cannot serve for now (503: its
 * database is down) or could not be reached at all (status 0: restarting,
 * or the network is gone).
 */
function isUnavailable(error: unknown): boolean {
  return error instanceof ApiRequestError && (error.status === 503 || error.status === 0);
}

function isNetworkError(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 0;
}

function unavailableCause(error: unknown): string {
  return isNetworkError(error)
    ? "the server could not be reached"
    : "the server cannot reach its database right now";
}

/**
 * Refused for what it is, so the same request will never be stored: any
 * 4xx but a timeout or a rate limit.
 */
function isFinal(error: unknown): error is ApiRequestError {
  return (
    error instanceof ApiRequestError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 408 &&
    error.status !== 429
  );
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Refusals that mean "this pair is gone": move on to the next one. */
function isRefusal(error: ApiRequestError): boolean {
  return [401, 403, 404, 409].includes(error.status);
}

function refusalText(error: ApiRequestError): string {
  const why =
    error.status === 401 ? "Your session had ended, so this answer was not saved." : error.message;
  return `${why} Your reason is kept; here is the next pair.`;
}
