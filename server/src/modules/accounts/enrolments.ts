import type { Deps } from "../../deps.ts";
import { AppError } from "../../http/app-error.ts";
import { hashToken, newId, newToken } from "../auth/tokens.ts";
import { normaliseEmail } from "./email.ts";

export type Role = "staff" | "recipient" | "admin";
export const ORG_ID = "org";

/** The organisation row exists from the first start on. */
export async function ensureOrganisation(deps: Deps): Promise<void> {
  await deps.db.organisation.upsert({
    where: { id: ORG_ID },
    create: { id: ORG_ID, name: deps.config.orgName },
    update: {},
  });
}

/** How a link travels: an invitation, or a reset by mail, by two admins' handover, or by the operator's CLI. */
export type EnrolmentPurpose = "invitation" | "reset-mail" | "reset-handover" | "reset-cli";

/**
 * Creates a one-time enrolment link. The token rides in the URL fragment (`#`), which browsers do
 * not send to servers, so link scanners and logs never see it; only its hash is stored.
 */
export async function createEnrolment(
  deps: Deps,
  input: {
    email: string;
    displayName: string;
    role: Role;
    accountId?: string;
    createdById?: string | null;
    purpose?: EnrolmentPurpose;
    approvedById?: string;
    /** Shorter than ENROLMENT_HOURS if given (a handover link lives for hours, not days). */
    lifetimeMs?: number;
    /** A first-time recipient who proved the invited mailbox or code: finished by challenge, never by token. */
    invitationId?: string;
  },
): Promise<{ link: string; expiresAt: Date; accountId: string; enrolmentId: string }> {
  const email = normaliseEmail(input.email);
  const existing = await deps.db.account.findUnique({ where: { email } });
  if (existing !== null && input.accountId === undefined) {
    throw new AppError("CONFLICT", "an account with this address exists; reset its passkeys instead");
  }
  const token = newToken();
  const now = deps.now();
  const lifetime = Math.min(input.lifetimeMs ?? deps.config.enrolmentMs, deps.config.enrolmentMs);
  const expiresAt = new Date(now.getTime() + lifetime);
  const accountId = input.accountId ?? newId();
  // Older unused links for the same address stop working: only the newest one counts.
  await deps.db.enrolment.updateMany({ where: { email, usedAt: null }, data: { usedAt: now } });
  const enrolmentId = newId();
  await deps.db.enrolment.create({
    data: {
      id: enrolmentId,
      tokenHash: hashToken(token),
      email,
      displayName: input.displayName,
      role: input.role,
      accountId,
      createdById: input.createdById ?? null,
      purpose: input.purpose ?? "invitation",
      approvedById: input.approvedById ?? null,
      invitationId: input.invitationId ?? null,
      expiresAt,
      createdAt: now,
    },
  });
  return { link: `${deps.config.publicUrl}/enrol#${token}`, expiresAt, accountId, enrolmentId };
}

/** Makes an unused link unusable (a reset link whose mail did not go out). */
export async function cancelEnrolment(deps: Deps, enrolmentId: string): Promise<void> {
  await deps.db.enrolment.updateMany({ where: { id: enrolmentId, usedAt: null }, data: { usedAt: deps.now() } });
}

/**
 * Finds a usable enrolment by its token, or (`{ enrolmentId }`) one a first-time recipient started
 * by proving the invited mailbox or code, which has no token anyone was given; else throws
 * ENROLMENT_INVALID. Consumes nothing.
 */
export async function findEnrolment(deps: Deps, by: string | { enrolmentId: string }) {
  const enrolment =
    typeof by === "string"
      ? await deps.db.enrolment.findUnique({ where: { tokenHash: hashToken(by) } })
      : await deps.db.enrolment.findFirst({ where: { id: by.enrolmentId, invitationId: { not: null } } });
  if (
    enrolment === null ||
    enrolment.usedAt !== null ||
    enrolment.expiresAt <= deps.now() ||
    enrolment.accountId === null
  ) {
    throw new AppError(
      "ENROLMENT_INVALID",
      "this enrolment link is unknown, used or expired; ask your administrator for a new one",
    );
  }
  return { ...enrolment, accountId: enrolment.accountId };
}
