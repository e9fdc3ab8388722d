// Passkey enrolment and login for the portal (portal sessions: an HttpOnly cookie), and the
// session the page runs under. The passkey prompt is a port, so the logic is testable without one.
import { z } from "zod";
import { call, PortalError, setCsrfToken } from "./api.ts";

export const accountSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.string(),
});
export type Account = z.infer<typeof accountSchema>;

/** The browser's passkey prompt (@simplewebauthn/browser in the page). */
export interface PasskeyPrompt {
  register(options: Record<string, unknown>): Promise<Record<string, unknown>>;
  authenticate(options: Record<string, unknown>): Promise<Record<string, unknown>>;
}

const optionsSchema = z.record(z.string(), z.unknown());
const sessionSchema = z.object({
  account: accountSchema,
  session: z.object({ kind: z.string(), csrfToken: z.string().optional() }),
});

/** Who is logged in, or null; remembers the CSRF token for later calls. */
export async function currentSession(): Promise<Account | null> {
  try {
    const s = await call(sessionSchema, "GET", "/api/session");
    setCsrfToken(s.session.csrfToken);
    return s.account;
  } catch (error) {
    if (error instanceof PortalError && error.status === 401) return null;
    throw error;
  }
}

/**
 * Starts enrolment from a one-time link: says whom the account is for; `finish` creates the
 * passkey in the browser and starts a portal session. The link is used up only by `finish`.
 */
export async function beginEnrolment(
  token: string,
): Promise<{ account: Account; finish: (prompt: PasskeyPrompt) => Promise<Account> }> {
  const begun = await call(
    z.object({ challengeId: z.string(), options: optionsSchema, account: accountSchema }),
    "POST",
    "/api/enrol/options",
    { token },
  );
  return {
    account: begun.account,
    finish: async (prompt) => {
      const response = await prompt.register(begun.options);
      await call(z.unknown(), "POST", "/api/enrol/verify", {
        token,
        challengeId: begun.challengeId,
        response,
        sessionKind: "portal",
      });
      const me = await currentSession();
      if (me === null) throw new PortalError("PROTOCOL", "no session after enrolment");
      return me;
    },
  };
}

/** Logs in with a passkey (discoverable: the browser offers the accounts it has). */
export async function login(prompt: PasskeyPrompt): Promise<Account> {
  const begun = await call(
    z.object({ challengeId: z.string(), options: optionsSchema }),
    "POST",
    "/api/auth/options",
    {},
  );
  const response = await prompt.authenticate(begun.options);
  await call(z.unknown(), "POST", "/api/auth/verify", {
    challengeId: begun.challengeId,
    response,
    sessionKind: "portal",
  });
  const me = await currentSession();
  if (me === null) throw new PortalError("PROTOCOL", "no session after login");
  return me;
}

export async function logout(everywhere: boolean): Promise<void> {
  await call(z.unknown(), "POST", everywhere ? "/api/auth/logout-all" : "/api/auth/logout", {});
  setCsrfToken(undefined);
}
