// The JSON the annotator page exchanges with the API. Types only, so the
// browser bundle can import them without pulling in server code.
export type { AnnotatorProfile } from "../service/annotators";
export type { AnswerReceipt, Outcome } from "../service/answers";

/** A pair as the page shows it. */
export interface PairView {
  comparisonId: string;
  prompt: string;
  left: { id: number; text: string };
  right: { id: number; text: string };
  /** The model version that chose this pair. */
  modelVersion: number;
  policy: string;
  /** When the lease ends (ISO 8601); answers after it are refused with 409. */
  leaseExpiresAt: string;
}

/** GET /api/comparisons/next */
export type NextPairResponse =
  | ({ status: "pair" } & PairView)
  | {
      status: "no_work";
      /** Unfinished pairs others hold now; they come back if not answered. */
      waiting: number;
    };
