// One lint config for the whole repository: typescript-eslint strict-type-checked, with
// formatting left to Prettier (eslint-config-prettier turns off the rules it owns).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      ".tools/**",
      "**/.output/**",
      "**/.wxt/**",
      "**/coverage/**",
      "server/src/generated/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      // Express recognises error handlers by their four parameters.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    // One door to libsodium: only crypto/src/sodium.ts may import it (tests may, to re-implement the spec).
    files: ["crypto/src/**/*.ts"],
    ignores: ["crypto/src/sodium.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["libsodium-wrappers*"], message: "Only crypto/src/sodium.ts imports libsodium." }] },
      ],
    },
  },
  {
    // The crypto package is pure: no Node built-ins in its sources.
    files: ["crypto/src/**/*.ts"],
    rules: {
      "no-restricted-globals": ["error", "process", "Buffer", "require"],
    },
  },
  {
    // The detection engine is pure and local: no Node built-ins, no imports outside itself, and no
    // way to send text anywhere (no fetch, sockets, beacons or storage).
    files: ["detection/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^(?!\\./)", message: "detection/src imports only its own files." }] },
      ],
      "no-restricted-globals": [
        "error",
        "process",
        "Buffer",
        "require",
        "fetch",
        "XMLHttpRequest",
        "WebSocket",
        "EventSource",
        "navigator",
        "localStorage",
        "sessionStorage",
        "indexedDB",
        "chrome",
        "browser",
      ],
    },
  },
  {
    // The webmail tab's content script must stay small (120 KiB gzipped): no zod in it. It parses
    // what it receives with extension/src/wire.ts; protocol.ts (zod schemas) and @sigill/client's
    // root (zod too) are for its types only.
    files: [
      "extension/src/content/**/*.ts",
      "extension/src/adapters/**/*.ts",
      "extension/src/entrypoints/webmail.content.ts",
      "extension/src/wire.ts",
    ],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@sigill/client",
              allowTypeImports: true,
              message: "zod: the content script imports its types only.",
            },
          ],
          patterns: [
            { group: ["zod", "zod/*"], message: "No zod in the content script: parse with src/wire.ts." },
            {
              group: ["**/protocol.ts"],
              allowTypeImports: true,
              message: "protocol.ts is zod: the content script imports its types only (runtime: src/wire.ts).",
            },
          ],
        },
      ],
    },
  },
  {
    // Other packages' tests reach the server through its one entry for them, @sigill/server/testing,
    // never through its files.
    files: ["test/**/*.ts", "extension/**/*.{ts,tsx}", "client/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "(^|/)server/(src|test)/", message: "Import what a test needs from @sigill/server/testing." },
          ],
        },
      ],
    },
  },
  {
    // Tests assert on JSON answers as they come over the wire; typing every body adds nothing there.
    files: ["**/test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
    },
  },
  prettier,
);
