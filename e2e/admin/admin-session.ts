import type { Page } from "@playwright/test";
import { E2E_ADMIN_TOKEN } from "../support/env";

/** Signs the page's browser context in as an admin (sets the session cookie). */
export async function signIn(page: Page): Promise<void> {
  const response = await page.request.post("/api/admin/session", {
    data: { token: E2E_ADMIN_TOKEN },
  });
  if (response.status() !== 204) {
    throw new Error(`Admin sign-in answered ${response.status()}: ${await response.text()}`);
  }
}

/** Authorization header for calling admin APIs directly. */
export const bearer = { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
