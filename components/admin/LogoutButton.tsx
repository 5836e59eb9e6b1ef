"use client";

import { callAdminApi } from "./call-api";

export function LogoutButton() {
  return (
    <button
      type="button"
      className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-100"
      onClick={async () => {
        await callAdminApi("DELETE", "/api/admin/session").catch(() => null);
        window.location.reload();
      }}
    >
      Sign out
    </button>
  );
}
