// @sigill/client: the Sigill client logic shared by the extension and the web portal: the typed
// API client, staff/recipient identity (passkey with PRF, keys, recovery code), the inbox, secure
// send, key pinning, the notification text, the ciphertext spool and the organisation policy.
// The passkey prompt and storage are ports, so this runs in any browser context and in Node;
// the browser's own prompt is `@sigill/client/browser-passkeys`.
export { Api, SigillError, type ApiOptions, type SigillErrorCode } from "./api.ts";
export * from "./identity.ts";
export * from "./inbox.ts";
export * from "./recipient.ts";
export * from "./send.ts";
export * from "./signer.ts";
export * from "./pins.ts";
export * from "./notification.ts";
export * from "./spool.ts";
export * from "./org-policy.ts";
export * from "./override-reasons.ts";
export { memoryArea, type KeyValue } from "./key-value.ts";
