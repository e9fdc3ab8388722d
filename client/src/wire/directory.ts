// The key directory's answer, written once: the server declares POST /api/directory/lookup's
// response with this object (server/src/modules/keys/routes.ts) and the client parses what it gets
// with the same one (src/send.ts). The request is the server's to parse (its own schema).
import { z } from "zod";

/** POST /api/directory/lookup: the account at the address, its current bundle (null: none published) and its key history. */
export const directoryAnswer = z.object({
  email: z.string(),
  accountId: z.string(),
  current: z.object({ bundle: z.string(), fingerprint: z.string(), createdAt: z.string() }).nullable(),
  history: z.array(z.object({ fingerprint: z.string(), createdAt: z.string(), supersededAt: z.string() })),
});
