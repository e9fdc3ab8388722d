// The person's keys while the portal is open: the session (cookie) and, once unlocked, the
// identity, held in page memory only — never in storage. Pages that read or reply sit inside
// `NeedKeys`, which logs in, or unlocks with the passkey's PRF output or the recovery code.
import {
  login,
  replaceKeys,
  resumeSession,
  unlockWithPasskey,
  unlockWithRecoveryCode,
  type PasskeyPort,
  type StaffSession,
} from "@sigill/client";
import type { Identity } from "@sigill/crypto";
import { createContext, useContext, useEffect, useState, type ReactNode, type SyntheticEvent } from "react";
import { setCsrfToken } from "./api.ts";
import { describe } from "./errors.ts";
import type { MailText } from "./i18n-mail.ts";
import type { PortalText } from "./i18n.ts";

export type Unlocked = StaffSession & { readonly identity: Identity };

export interface Secure {
  /** undefined while loading, null when nobody is logged in. */
  readonly session: StaffSession | null | undefined;
  readonly set: (session: StaffSession | null) => void;
  /** Logs in with a passkey (PRF asked for, so the keys unlock in the same step where possible). */
  readonly login: () => Promise<StaffSession>;
  /** True after a login whose passkey could not unlock the keys: only the recovery code can. */
  readonly passkeyCannotUnlock: boolean;
  readonly passkeys: PasskeyPort;
}

const SecureContext = createContext<Secure | null>(null);

export function useSecure(): Secure {
  const secure = useContext(SecureContext);
  if (secure === null) throw new Error("useSecure outside SecureProvider");
  return secure;
}

export function SecureProvider({ passkeys, children }: { passkeys: PasskeyPort; children: ReactNode }) {
  const [session, setSession] = useState<StaffSession | null | undefined>(undefined);
  const [passkeyCannotUnlock, setCannot] = useState(false);
  const set = (s: StaffSession | null) => {
    setCsrfToken(s?.api.csrf);
    setCannot(false);
    setSession(s);
  };
  const login = async () => {
    const s = await portalLogin(passkeys);
    set(s);
    setCannot(s.identity === null);
    return s;
  };
  useEffect(() => {
    void resumeSession(location.origin).then(set, () => {
      set(null);
    });
  }, []);
  return (
    <SecureContext.Provider value={{ session, set, login, passkeyCannotUnlock, passkeys }}>
      {children}
    </SecureContext.Provider>
  );
}

async function portalLogin(passkeys: PasskeyPort): Promise<StaffSession> {
  return login(location.origin, passkeys, { sessionKind: "portal" });
}

/** One action at a time: `busy` while it runs, and its failure as a sentence for the person. */
export function useRun(t: PortalText, m: MailText) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const run = (work: () => Promise<void>) => {
    setBusy(true);
    setError("");
    void work()
      .catch((e: unknown) => {
        setError(describe(t, e, m));
      })
      .finally(() => {
        setBusy(false);
      });
  };
  return { busy, error, run };
}

/** Shows `page` with unlocked keys; otherwise the login or the unlock it needs first. */
export function NeedKeys({
  t,
  m,
  page,
  supported,
}: {
  t: PortalText;
  m: MailText;
  page: (session: Unlocked) => ReactNode;
  supported: boolean;
}) {
  const secure = useSecure();
  const { busy, error, run } = useRun(t, m);
  const [code, setCode] = useState("");
  const [fresh, setFresh] = useState<{ session: StaffSession; code: string } | null>(null);
  const session = secure.session;
  if (fresh !== null)
    return (
      <RecoveryCodeStep
        m={m}
        code={fresh.code}
        label={m.recoveryDone}
        onDone={() => {
          secure.set(fresh.session);
          setFresh(null);
        }}
      />
    );
  if (session === undefined) return <p>{t.log.loading}</p>;
  if (session?.identity != null) return <>{page(session as Unlocked)}</>;
  const alert = (
    <p role="alert" id="error" className="error">
      {error}
    </p>
  );
  if (session === null)
    return (
      <section aria-labelledby="login-h">
        <h1 id="login-h">{m.loginHeading}</h1>
        {!supported && <p role="alert">{t.unsupported}</p>}
        <button
          type="button"
          disabled={busy || !supported}
          onClick={() => {
            run(async () => {
              await secure.login();
            });
          }}
        >
          {busy ? t.loggingIn : t.login}
        </button>
        {alert}
      </section>
    );
  const onCode = (event: SyntheticEvent) => {
    event.preventDefault();
    run(async () => {
      secure.set(await unlockWithRecoveryCode(session, code));
      setCode("");
    });
  };
  return (
    <section aria-labelledby="unlock-h">
      <h1 id="unlock-h">{m.unlockHeading}</h1>
      {secure.passkeyCannotUnlock ? (
        <p id="no-prf">{m.errors.NO_PRF}</p>
      ) : (
        <>
          <p>{m.unlockHelp}</p>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              run(async () => {
                secure.set(await unlockWithPasskey(session, secure.passkeys));
              });
            }}
          >
            {m.unlockPasskey}
          </button>
        </>
      )}
      <form onSubmit={onCode}>
        <p>
          <label htmlFor="recovery-code">{m.unlockCodeLabel}</label>
          <br />
          <input
            id="recovery-code"
            autoComplete="off"
            spellCheck={false}
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
            }}
          />
        </p>
        <button type="submit" disabled={busy || code.trim() === ""}>
          {m.unlockCode}
        </button>
      </form>
      <details>
        <summary>{m.lostCodeHeading}</summary>
        <p>{m.lostCodeWarning}</p>
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            run(async () => {
              const made = await replaceKeys(session);
              setFresh({ session: made.session, code: made.recoveryCode });
            });
          }}
        >
          {m.newKeys}
        </button>
      </details>
      {alert}
    </section>
  );
}

/** Shows the recovery code once; the person confirms they saved it before going on. */
export function RecoveryCodeStep({
  m,
  code,
  label,
  onDone,
}: {
  m: MailText;
  code: string;
  /** The button's text (default: continue to the message). */
  label?: string;
  onDone: () => void;
}) {
  const [saved, setSaved] = useState(false);
  const [href, setHref] = useState("");
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([`Sigill\n${code}\n`], { type: "text/plain" }));
    setHref(url);
    return () => {
      URL.revokeObjectURL(url);
    };
  }, [code]);
  return (
    <section aria-labelledby="recovery-h">
      <h2 id="recovery-h">{m.recoveryHeading}</h2>
      <p>{m.recoveryWhy}</p>
      <p>
        {m.recoveryCodeLabel}: <code id="recovery-code-shown">{code}</code>
      </p>
      <p>
        <a href={href} download="sigill-aterstallningskod.txt">
          {m.recoverySave}
        </a>
      </p>
      <p>
        <input
          type="checkbox"
          id="recovery-saved"
          checked={saved}
          onChange={(e) => {
            setSaved(e.target.checked);
          }}
        />{" "}
        <label htmlFor="recovery-saved">{m.recoverySaved}</label>
      </p>
      <button type="button" disabled={!saved} onClick={onDone}>
        {label ?? m.continue}
      </button>
    </section>
  );
}
