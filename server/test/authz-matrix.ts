// Expected status of every API route for each kind of caller. The test (authz-matrix.test.ts)
// calls each route with a valid-enough request built from real fixtures and compares; a route in
// the OpenAPI document without a row here, or a row for a route that no longer exists, fails.
//
// Callers (columns):
//   anon   no session
//   other  a recipient of another message (enrolled through that message's invitation)
//   recip  a recipient and reader of the message the row acts on
//   staff  the staff member who sent that message (and the other message's invitation)
//   admin  an administrator who is neither sender nor reader of it
//   disab  an account disabled while its session row is still alive
//   expir  a portal session past its idle limit
//
// Reading the numbers: 401 = no valid session (anon, disab, expir on every non-public route);
// 403 = signed in with the wrong role; 404 on a message route = "not yours", answered exactly like a
// missing message (admins included); 400/409 = authorised, then stopped by validation or state (the
// request carries a deliberately harmless body so nothing the matrix needs is destroyed). Public
// routes ignore sessions, so their rows are the same across.
//
// Message rows act on: a message staff sent to recip with an attachment (reads, uploads, commit);
// a second one sent to recip (recall); the message whose invitation other enrolled through
// (invitations, stanzas, reissue). Admin rows act on a separate victim account; the handover rows
// on requests a second administrator made for two more accounts (approve one, decline the other).
export const ROLES = ["anonymous", "otherRecipient", "recipient", "staff", "admin", "disabled", "expired"] as const;
export type Role = (typeof ROLES)[number];

type Row = readonly [
  anon: number,
  other: number,
  recip: number,
  staff: number,
  admin: number,
  disab: number,
  expir: number,
];

// prettier-ignore
export const AUTHZ_MATRIX: Record<string, Row> = {
  //                                                                  anon other recip staff admin disab expir
  "GET /api/health":                                                  [200,  200,  200,  200,  200,  200,  200],
  "GET /api/openapi.json":                                            [200,  200,  200,  200,  200,  200,  200],
  // Enrolment and login (public; a made-up token, an empty WebAuthn answer)
  "POST /api/enrol/options":                                          [404,  404,  404,  404,  404,  404,  404],
  "POST /api/enrol/verify":                                           [400,  400,  400,  400,  400,  400,  400],
  "POST /api/auth/options":                                           [200,  200,  200,  200,  200,  200,  200],
  "POST /api/auth/verify":                                            [400,  400,  400,  400,  400,  400,  400],
  // Session and own passkeys (every signed-in role; DELETE of one's only passkey is refused)
  "GET /api/session":                                                 [401,  200,  200,  200,  200,  401,  401],
  "POST /api/auth/logout":                                            [401,  200,  200,  200,  200,  401,  401],
  "POST /api/auth/logout-all":                                        [401,  200,  200,  200,  200,  401,  401],
  "GET /api/passkeys":                                                [401,  200,  200,  200,  200,  401,  401],
  "POST /api/passkeys/options":                                       [401,  200,  200,  200,  200,  401,  401],
  "POST /api/passkeys/verify":                                        [401,  400,  400,  400,  400,  401,  401],
  "PATCH /api/passkeys/{id}":                                         [401,  200,  200,  200,  200,  401,  401],
  "DELETE /api/passkeys/{id}":                                        [401,  409,  409,  409,  409,  401,  401],
  // Keys (other has published none yet: 404)
  "PUT /api/keys":                                                    [401,  400,  400,  400,  400,  401,  401],
  "POST /api/keys/vault":                                             [401,  400,  400,  400,  400,  401,  401],
  "GET /api/keys/me":                                                 [401,  404,  200,  200,  200,  401,  401],
  "POST /api/directory/lookup":                                       [401,  403,  403,  200,  200,  401,  401],
  // Administration (admin only)
  "POST /api/admin/invitations":                                      [401,  403,  403,  403,  201,  401,  401],
  "GET /api/admin/accounts":                                          [401,  403,  403,  403,  200,  401,  401],
  "POST /api/admin/accounts/{id}/disable":                            [401,  403,  403,  403,  200,  401,  401],
  "POST /api/admin/accounts/{id}/enable":                             [401,  403,  403,  403,  200,  401,  401],
  "POST /api/admin/accounts/{id}/reset":                              [401,  403,  403,  403,  201,  401,  401],
  // Issue 18: handover resets (the admin is a month old; another admin asked for the two requests)
  "POST /api/admin/accounts/{id}/reset-requests":                     [401,  403,  403,  403,  201,  401,  401],
  "GET /api/admin/reset-requests":                                    [401,  403,  403,  403,  200,  401,  401],
  "POST /api/admin/reset-requests/{id}/approve":                      [401,  403,  403,  403,  201,  401,  401],
  "POST /api/admin/reset-requests/{id}/decline":                      [401,  403,  403,  403,  200,  401,  401],
  "GET /api/admin/accounts/{id}/passkeys":                            [401,  403,  403,  403,  200,  401,  401],
  "DELETE /api/admin/accounts/{id}/passkeys/{passkeyId}":             [401,  403,  403,  403,  200,  401,  401],
  "GET /api/admin/organisation":                                      [401,  403,  403,  403,  200,  401,  401],
  "PATCH /api/admin/organisation":                                    [401,  403,  403,  403,  200,  401,  401],
  "GET /api/admin/audit":                                             [401,  403,  403,  403,  200,  401,  401],
  "GET /api/admin/audit.csv":                                         [401,  403,  403,  403,  200,  401,  401],
  "GET /api/admin/audit/verify":                                      [401,  403,  403,  403,  200,  401,  401],
  "GET /api/admin/stats":                                             [401,  403,  403,  403,  200,  401,  401],
  // Policy and events (staff and admins)
  "GET /api/policy":                                                  [401,  403,  403,  200,  200,  401,  401],
  "POST /api/events/plain-override":                                  [401,  403,  403,  400,  400,  401,  401],
  "POST /api/events/diversion":                                       [401,  403,  403,  201,  201,  401,  401],
  "POST /api/events/unrecognised-compose":                            [401,  403,  403,  201,  201,  401,  401],
  "POST /api/events/unchecked-attachment":                            [401,  403,  403,  201,  201,  401,  401],
  // Issue 19 (an empty body: stopped by validation before the policy is read)
  "POST /api/events/not-about-person":                                [401,  403,  403,  400,  400,  401,  401],
  // Messages: only the sender and the readers; everyone else gets the missing-message 404
  "POST /api/messages":                                               [401,  400,  400,  400,  400,  401,  401],
  "GET /api/messages":                                                [401,  200,  200,  200,  200,  401,  401],
  "GET /api/messages/{id}":                                           [401,  404,  200,  200,  404,  401,  401],
  "GET /api/threads/{threadId}":                                      [401,  404,  200,  200,  404,  401,  401],
  "GET /api/messages/{id}/attachments/{attachmentId}":                [401,  404,  200,  200,  404,  401,  401],
  // Uploads are the sender's (a piece for a committed message: 409)
  "PUT /api/messages/{id}/attachments/{attachmentId}/pieces/{index}": [401,  404,  404,  409,  404,  401,  401],
  "GET /api/messages/{id}/attachments/{attachmentId}/status":         [401,  404,  404,  200,  404,  401,  401],
  "POST /api/messages/{id}/commit":                                   [401,  404,  404,  200,  404,  401,  401],
  "POST /api/messages/{id}/recall":                                   [401,  404,  404,  200,  404,  401,  401],
  // Invitations: the link's public page; enrolling with an address the message was not sent to
  "GET /api/invitations/{messageId}":                                 [200,  200,  200,  200,  200,  200,  200],
  "POST /api/invitations/{messageId}/mailbox-code":                   [202,  202,  202,  202,  202,  202,  202],
  "POST /api/invitations/{messageId}/code":                           [200,  200,  200,  200,  200,  200,  200],
  "POST /api/invitations/{messageId}/enrol/options":                  [404,  404,  404,  404,  404,  404,  404],
  // Only the invited person opens and adopts (their stanza here is well-formed but not sealed to them: 400)
  "POST /api/invitations/{messageId}/open":                           [401,  200,  404,  404,  404,  401,  401],
  "POST /api/messages/{id}/stanzas":                                  [401,  400,  404,  404,  404,  401,  401],
  "POST /api/messages/{id}/invitations/reissue":                      [401,  403,  403,  200,  404,  401,  401],
};
