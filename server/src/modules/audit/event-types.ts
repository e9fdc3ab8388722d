// The access log's event types: the only names an entry may have. Dependency-free, so the web
// portal's admin console lists the same names (its filter and labels) from this one place.
export const AUDIT_TYPES = [
  "enrol.completed",
  "auth.login",
  "auth.login_failed",
  "auth.logout",
  "auth.logout_all",
  "security.passkey_counter_regressed",
  "passkey.added",
  "passkey.renamed",
  "passkey.removed",
  "passkey.revoked",
  "account.invited",
  "account.disabled",
  "account.enabled",
  "account.reset_link",
  "keys.published",
  "keys.vault_added",
  "policy.changed",
  "policy.plain_override",
  "message.created",
  "message.committed",
  "message.opened",
  "message.attachment_downloaded",
  "message.recalled",
  "message.expired",
  "message.purged",
  "invitation.created",
  "invitation.enrolment_started",
  // Issue 18: proof of the invited mailbox.
  "invitation.mailbox_code_sent",
  "invitation.mailbox_code_failed",
  "invitation.mailbox_code_limited",
  "invitation.code_failed",
  "invitation.locked",
  "invitation.opened",
  "invitation.adopted",
  "invitation.reissued",
  // Admin charts (issue 7): a flagged draft sent as a secure message instead of plain e-mail.
  "policy.diversion",
  // Issue 17: a webmail compose window the extension did not recognise (host and kinds only).
  "extension.unrecognised_compose",
  // A draft with attachments the extension could not scan let through to Send, as policy allows (host, count, reasons).
  "extension.unchecked_attachment",
  // The extension's reports above (and diversions) passed RATE_LIMIT_REPORTS_PER_HOUR for one account: once an hour per kind.
  "extension.reports_limited",
  // Issue 18: a reset link to hand over in person needs two administrators; refusals are logged too.
  "account.reset_requested",
  "account.reset_approved",
  "account.reset_declined",
  "account.reset_refused",
  // Issue 19: mail flagged only by category words sent as ordinary e-mail, attested not about a person (kinds only).
  "policy.not_about_person",
  // Issue 20: an operator restored a backup, so the log is shorter than its checkpoints (CLI only).
  "audit.restored",
] as const;
