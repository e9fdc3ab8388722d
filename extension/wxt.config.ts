import { defineConfig } from "wxt";

/**
 * The development key fixes the extension ID of unpacked builds (cknknnadegeoldhfbhndckpcffgaabhl), so the
 * server's EXTENSION_ORIGINS and WebAuthn origins can name it. Store builds get their own ID.
 */
export const DEV_EXTENSION_KEY =
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA1kw1KoQpe1aMKJ85fv1Cm9qGc1D25EsfOZxaMhQVbq6ifqdMbge4SaClQC08ervCBYh55DsTAEpyHU8whEDD93eGe3chu3NMbt0AtC+IoVTImlg8hCiUCKUIHHZ3GkXpUA33510o85zjxgVU6fFm6Bpv+0OsxN5x0ybfbWH7p87TaBiPELhd6wT+96wTFi0N3Sf/C2e4kx4ujtI854pCE2M/VI33Eu8KyMAAyXZ0MGQWsiYjLa1qq6drAc76lS9FrMjslpZBwTMfvjB5QPatFVN/VQ92pNQnuUj1aS5LjM95dc3kcWykOrezn2r+YUqpUWOi3t2sNUZXpEndSThcEQIDAQAB";
export const DEV_EXTENSION_ID = "cknknnadegeoldhfbhndckpcffgaabhl";

export default defineConfig({
  srcDir: "src",
  outDir: ".output",
  modules: ["@wxt-dev/module-react"],
  // Explicit imports everywhere: what a file uses is visible in the file.
  imports: false,
  // The attachment scanner's worker imports pdf.js, which splits into chunks: ES module workers.
  vite: () => ({ worker: { format: "es" } }),
  manifest: ({ manifestVersion }) => ({
    name: "Sigill",
    description: "Hittar känsliga personuppgifter i e-post innan de skickas, och skickar dem säkert i stället.",
    key: DEV_EXTENSION_KEY,
    // "offscreen": attachments are scanned in an offscreen document's worker, off the webmail's main thread.
    // "alarms": the idle lock's check every minute; "idle": the keys drop when the screen locks.
    // Neither adds a permission warning, so an update does not disable the extension.
    permissions: manifestVersion === 3 ? ["storage", "offscreen", "alarms", "idle"] : ["storage", "alarms", "idle"],
    // IT can set the server, organisation name and idle lock by enterprise policy.
    storage: { managed_schema: "managed_schema.json" },
    // The Sigill server (API calls, and the passkeys' relying party) and the webmail pages.
    host_permissions: ["http://localhost/*", "http://127.0.0.1/*", "https://*/*"],
    // libsodium is WebAssembly: extension pages may compile it, and run nothing but their own files.
    content_security_policy:
      manifestVersion === 3
        ? { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'" }
        : "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
  }),
});
