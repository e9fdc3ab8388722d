// The sealed view of storage.local (the policy copy and the key pins) with WebCrypto's HMAC in
// Node and a Map standing in for storage.local: what the extension wrote reads back, whatever else
// is there (unsealed, altered, a tag from another entry or another key) is refused.
import { cachedPolicy, checkPin, memoryArea, storagePins } from "@sigill/client";
import { describe, expect, it } from "vitest";
import { SealError, hmacSealer, sealedArea } from "../src/secure/sealed-store.ts";
import { orgPolicyListing } from "./org-policy.ts";

const newKey = () => crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
const POLICY = orgPolicyListing(["webmail.skola.se"]);

describe("values sealed in storage.local", () => {
  it("when the extension wrote a value, then it reads back, whatever order storage keeps its keys in", async () => {
    const local = memoryArea();
    const area = sealedArea(local, hmacSealer(await newKey()));
    await area.set("orgPolicy", POLICY);
    expect(await area.get("orgPolicy")).toEqual(POLICY);
    const stored = local.items.get("orgPolicy") as { sealed: Record<string, unknown>; tag: string };
    const reordered = Object.fromEntries(Object.entries(stored.sealed).reverse());
    local.items.set("orgPolicy", { sealed: reordered, tag: stored.tag });
    expect(await area.get("orgPolicy")).toEqual(POLICY);
    expect(await area.get("missing")).toBeUndefined();
  });

  it("when a value is unsealed, altered, carries another entry's tag or another key's, then reading it throws and the policy counts as absent", async () => {
    const local = memoryArea();
    const area = sealedArea(local, hmacSealer(await newKey()));
    await area.set("orgPolicy", POLICY);
    await area.set("orgPolicyFetchedAt", 1);
    const good = local.items.get("orgPolicy") as { sealed: typeof POLICY; tag: string };
    const other = local.items.get("orgPolicyFetchedAt") as { tag: string };
    // The same policy sealed by another installation's key.
    const otherLocal = memoryArea();
    await sealedArea(otherLocal, hmacSealer(await newKey())).set("orgPolicy", POLICY);
    const foreign = otherLocal.items.get("orgPolicy") as { tag: string };
    const cases: unknown[] = [
      POLICY,
      { sealed: POLICY },
      { sealed: { ...POLICY, webmailDomains: ["evil.example"] }, tag: good.tag },
      { sealed: { ...POLICY, allowPlainOverride: true }, tag: good.tag },
      { sealed: POLICY, tag: other.tag },
      { sealed: POLICY, tag: "not base64!" },
      { sealed: POLICY, tag: foreign.tag },
      null,
    ];
    for (const tampered of cases) {
      local.items.set("orgPolicy", tampered);
      await expect(area.get("orgPolicy")).rejects.toBeInstanceOf(SealError);
      expect(await cachedPolicy(area)).toBeNull();
    }
  });

  it("when a pin was rewritten behind the extension's back, then checking it fails instead of accepting a key", async () => {
    const local = memoryArea();
    const area = sealedArea(local, hmacSealer(await newKey()));
    const pins = storagePins(area);
    await pins.set("rektor@skola.example", "genuine");
    expect(await checkPin(pins, "rektor@skola.example", "genuine")).toEqual({ status: "same" });
    local.items.set("pin:rektor@skola.example", "attacker");
    await expect(checkPin(pins, "rektor@skola.example", "attacker")).rejects.toBeInstanceOf(SealError);
    local.items.set("pin:rektor@skola.example", { sealed: "attacker", tag: "AAAA" });
    await expect(checkPin(pins, "rektor@skola.example", "attacker")).rejects.toBeInstanceOf(SealError);
  });
});
