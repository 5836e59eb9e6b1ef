import type { AnnotatorProfile } from "@/lib/http/annotator-api";

/** Answers given in this session and by everyone, and how much of the budget is used. */
export function ProgressSummary({ profile }: { profile: AnnotatorProfile | null }) {
  const progress = profile?.progress;
  return (
    <dl className="flex flex-wrap gap-x-5 gap-y-1 text-sm text-slate-700" data-testid="progress">
      <div className="flex gap-1">
        <dt>Your answers:</dt>
        <dd className="font-semibold text-slate-900" data-testid="progress-yours">
          {progress?.yours ?? "…"}
        </dd>
      </div>
      <div className="flex gap-1">
        <dt>Everyone:</dt>
        <dd className="font-semibold text-slate-900" data-testid="progress-everyone">
          {progress?.everyone ?? "…"}
        </dd>
      </div>
      {progress?.budget != null && (
        <div className="flex gap-1">
          <dt>Pairs handed out:</dt>
          <dd className="font-semibold text-slate-900">
            {Math.min(progress.comparisons, progress.budget)} of {progress.budget}
          </dd>
        </div>
      )}
    </dl>
  );
}
