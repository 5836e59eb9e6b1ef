"use client";

import { useState } from "react";
import type { AnnotatorProfile } from "@/lib/http/annotator-api";
import { endSession, saveDisplayName } from "./api";

export interface IdentityBarProps {
  profile: AnnotatorProfile | null;
  onProfile: (profile: AnnotatorProfile) => void;
  /** Called after the session ended, to start a new one. */
  onSessionEnded: () => void;
}

/**
 * Who the answers are attributed to: a display name or anonymous, kept in
 * this browser's session cookie. The name can be changed at any time; a new
 * session (for a shared computer) starts a new anonymous annotator.
 */
export function IdentityBar({ profile, onProfile, onSessionEnded }: IdentityBarProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const name = profile?.displayName ?? null;

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      onProfile(await saveDisplayName(draft.trim() || null));
      setEditing(false);
      setError(null);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  const startNewSession = async () => {
    try {
      await endSession();
      setEditing(false);
      onSessionEnded();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  if (editing) {
    return (
      <form onSubmit={save} className="flex flex-wrap items-end gap-2" data-testid="identity-form">
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-900">
          Display name
          <input
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            maxLength={60}
            autoFocus
            autoComplete="nickname"
            placeholder="Leave empty to stay anonymous"
            aria-describedby={error ? "identity-error" : undefined}
            className="w-64 rounded-md border border-slate-400 bg-white px-2 py-1 font-normal focus-visible:outline-none focus-visible:ring-4 focus-visible:ring-indigo-300"
          />
        </label>
        <button type="submit" className="primary-button">
          Save name
        </button>
        <button type="button" onClick={() => setEditing(false)} className="link-button">
          Cancel
        </button>
        {error && (
          <p id="identity-error" role="alert" className="w-full text-sm text-red-800">
            {error}
          </p>
        )}
      </form>
    );
  }

  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-700">
      <p data-testid="identity">
        {name ? (
          <>
            Answering as <strong className="text-slate-900">{name}</strong>
          </>
        ) : (
          "Answering anonymously"
        )}
      </p>
      <button
        type="button"
        onClick={() => {
          setDraft(name ?? "");
          setEditing(true);
        }}
        className="link-button"
      >
        {name ? "Change name" : "Add your name"}
      </button>
      <button type="button" onClick={() => void startNewSession()} className="link-button">
        Not you? New session
      </button>
      {error && (
        <p role="alert" className="w-full text-sm text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}
