// Who started a reset, carried into the access log entries that follow it (issue 18): the
// enrolment that completed the reset, and the first key publication after it. Without this, both
// would name only the person, even when an administrator made the link.
import type { Deps } from "../../deps.ts";

export type ResetTrail = Record<string, string | boolean | null>;

/** `initiatedBy` is the admin who made (or asked for) the link; null when the operator's CLI made it. */
export function resetTrail(enrolment: {
  purpose: string;
  createdById: string | null;
  approvedById: string | null;
}): ResetTrail {
  const via =
    enrolment.purpose === "reset-mail"
      ? "mail"
      : enrolment.purpose === "reset-handover"
        ? "handover"
        : enrolment.purpose === "reset-cli"
          ? "cli"
          : "link"; // a link made before issue 18, when the admin was handed it
  return {
    reset: true,
    initiatedBy: enrolment.createdById,
    via,
    ...(enrolment.approvedById !== null && { approvedBy: enrolment.approvedById }),
  };
}

/**
 * The trail of the account's last completed reset if no keys have been published since, else null:
 * the access log itself says what happened last, so no second copy of that state is kept.
 */
export async function resetAwaitingKeys(deps: Deps, accountId: string): Promise<ResetTrail | null> {
  const enrolled = await deps.db.auditEvent.findFirst({
    where: { type: "enrol.completed", subjectId: accountId },
    orderBy: { seq: "desc" },
    select: { seq: true, details: true },
  });
  if (enrolled === null) return null;
  const details = JSON.parse(enrolled.details) as Record<string, unknown>;
  if (details.reset !== true) return null;
  const published = await deps.db.auditEvent.count({
    where: { type: "keys.published", subjectId: accountId, seq: { gt: enrolled.seq } },
  });
  if (published > 0) return null;
  const trail: ResetTrail = { reset: true };
  for (const key of ["initiatedBy", "via", "approvedBy"] as const) {
    const value = details[key];
    if (typeof value === "string" || value === null) trail[key] = value;
  }
  return trail;
}
