// Limits the server enforces on a secure message that the client and the extension check first, so
// that the person is told what is too large before anything is encrypted. Dependency-free: the
// extension's content script imports it.

/** Most recipients of one secure message, To, Cc and Bcc together (each address once). The server
 * takes that many key stanzas plus the sender's own copy, and that many invitations. */
export const MAX_RECIPIENTS = 200;
