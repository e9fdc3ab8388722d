import { normaliseAddress } from "@sigill/crypto";
import { z } from "zod";

/** A syntactically plausible address (the real check is that mail to it arrives). */
export const emailSchema = z
  .string()
  .trim()
  .min(3)
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "an e-mail address");

/**
 * The form an address is stored and looked up by. It is also what bound invitations are sealed to
 * (docs/protocol.md), so it lives in @sigill/crypto and every side uses the same one.
 */
export const normaliseEmail: (address: string) => string = normaliseAddress;
