// The organisation's policy as the server states it, with the fields the extension's tests set:
// listing `webmailDomains`, with `over` adding or replacing fields. One literal for the tests that
// store a policy (sealed, in storage.local) or seal one themselves.
export const orgPolicyListing = (webmailDomains: string[], over: Record<string, unknown> = {}) => ({
  organisation: "Exempelskolan",
  allowPlainOverride: false,
  requireAccessCode: false,
  maxRetentionDays: 30,
  maxAttachmentBytes: 1_000_000,
  defaultExpiryDays: 14,
  accessCodeKinds: [],
  webmailDomains,
  ...over,
});
