// The secure-compose page: everything is encrypted here, in the extension, before it leaves.
// On any failure nothing is sent as ordinary e-mail; the page says what happened.
import { useEffect, useMemo, useRef, useState, type SyntheticEvent } from "react";
import { detect, findingKind, kindName } from "@sigill/detection";
import type { Draft } from "../protocol.ts";
import type { AttachmentScan } from "../wire.ts";
import { TEXT } from "../content/messages.ts";
import {
  accessCodeRequired,
  buildNotification,
  type OrgPolicy,
  acceptRecipientKey,
  type PinStore,
  previewRecipients,
  type RecipientKeyState,
  reportDiversion,
  sendSecure,
  type SentSecure,
  type Spool,
  type StaffSession,
} from "@sigill/client";
import { touchSession, type KeyValue } from "../secure/session-store.ts";
import type { Lang } from "../content/messages.ts";
import { loadCarried } from "./carried.ts";
import { codeRequiredAtSend } from "./send-code.ts";
import { describeError } from "./errors.ts";
import { NeedsKeys } from "./locked.tsx";
import { COMPOSE_TEXT } from "./i18n.ts";
import { useStoredSession } from "./use-session.ts";

export interface ComposeDeps {
  readonly lang: Lang;
  /** A draft diverted from the webmail (taken once), or absent when composing from scratch. */
  readonly draft?: () => Promise<Draft | null>;
  /** Reads a piece of one of the draft's files from the webmail tab (null: it is gone). */
  readonly readAttachment?: (
    source: string,
    index: number,
    offset: number,
    length: number,
  ) => Promise<Uint8Array | null>;
  /** One of the draft's files whole from the webmail tab (null: it cannot be shared; then it comes in pieces). */
  readonly shareAttachment?: (source: string, index: number) => Promise<Blob | null>;
  /** Where attachment ciphertext waits for the upload (the origin-private file system in the extension). */
  readonly spool?: Spool;
  /** The organisation's policy (fresh from the server when possible), or null when unknown. */
  readonly policy?: (session: StaffSession) => Promise<OrgPolicy | null>;
  /** Scans a file for sensitive data inside the extension (absent: files are not scanned here). */
  readonly scanAttachment?: (file: File) => Promise<AttachmentScan>;
  /** Sends the notification from the webmail compose window the draft `source` came from. */
  readonly deliver?: (
    source: string,
    notification: {
      subject: string;
      text: string;
    },
  ) => Promise<{ sent: boolean; attachments: number }>;
  readonly session: KeyValue;
  readonly pins: PinStore;
  readonly now: () => number;
  readonly idleMs: number;
  /** The server IT set by policy, or null (see `managedServer`). */
  readonly managedServer: string | null;
  /** Changes of the login or the keys (the idle lock): the page re-reads the session. */
  readonly onSessionChange?: (listener: () => void) => () => void;
  readonly accountUrl: string;
  readonly organisation: string;
  /** Whether notification mails get an English part after the Swedish one (a setting). */
  readonly notificationEnglish: boolean;
}

const EXPIRY_CHOICES = [1, 3, 7, 14, 30, 60, 90];

const sizeText = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${String(Math.max(1, Math.round(bytes / 1024)))} kB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const list = (value: string) =>
  value
    .split(/[,;\s]+/)
    .map((a) => a.trim().toLowerCase())
    .filter((a) => a.includes("@"));

export function ComposePage({ deps }: { deps: ComposeDeps }) {
  const t = COMPOSE_TEXT[deps.lang];
  const session = useStoredSession(deps);
  const [to, setTo] = useState("");
  const [cc, setCc] = useState("");
  const [subject, setSubject] = useState("");
  const [text, setText] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [accessCode, setAccessCode] = useState(true);
  const [days, setDays] = useState(14);
  const [policy, setPolicy] = useState<OrgPolicy | null>(null);
  /** Files from the webmail draft: being fetched, and those that could not be carried over. */
  const [carrying, setCarrying] = useState<{ done: number; total: number } | null>(null);
  const [unreadable, setUnreadable] = useState<string[]>([]);
  /** Each file's scan: null while it runs, "failed" when the scanner could not answer. */
  const [scans, setScans] = useState<ReadonlyMap<File, AttachmentScan | null | "failed">>(new Map());
  /** The scans and the policy as promises: a send waits for those still on their way. */
  const scanning = useRef(new Map<File, Promise<AttachmentScan | null>>());
  const policyLoaded = useRef<Promise<OrgPolicy | null>>(Promise.resolve(null));
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [error, setError] = useState("");
  const [sent, setSent] = useState<SentSecure | null>(null);
  const [busy, setBusy] = useState(false);
  const [bcc, setBcc] = useState("");
  const [delivery, setDelivery] = useState<{ sent: boolean; attachments: number; text: string } | null>(null);
  // The server's organisation name and paragraph when the policy is known (admins edit them in the
  // portal); the name from the extension's settings otherwise.
  const notificationOrg = {
    organisation: policy?.organisation ?? deps.organisation,
    organisationText: policy?.notificationText ?? "",
  };
  /** The diverted draft's id (null when composing from scratch): its window sends the notification. */
  const draftSource = useRef<string | null>(null);
  /** What flagged the webmail draft (empty when composing from scratch): reported once it is sent. */
  const [divertedKinds, setDivertedKinds] = useState<string[]>([]);
  /** Each recipient's key as the directory gives it and how it compares with the pinned one. */
  const [keys, setKeys] = useState<readonly RecipientKeyState[]>([]);
  const [keysError, setKeysError] = useState("");
  /** Bumped when the person accepts a changed or vanished key: the keys are looked up again. */
  const [pinsChanged, setPinsChanged] = useState(0);

  // The policy once per login: the idle lock and an unlock re-read the session, but neither
  // fetches the policy again nor resets the expiry the person chose.
  const token = session?.api.token;
  useEffect(() => {
    if (session == null || deps.policy === undefined) return;
    policyLoaded.current = deps.policy(session).catch(() => null);
    void policyLoaded.current.then((p) => {
      setPolicy(p);
      if (p !== null) setDays(Math.min(p.defaultExpiryDays, p.maxRetentionDays));
    });
  }, [deps, token]);

  useEffect(() => {
    void deps.draft?.().then(async (d) => {
      if (d === null) return;
      draftSource.current = d.source;
      setTo(d.to.join(", "));
      setCc(d.cc.join(", "));
      setBcc(d.bcc.join(", "));
      setDivertedKinds(d.kinds);
      setSubject(d.subject);
      setText(d.body);
      const missing = [...d.unreadable];
      if (d.attachments.length > 0 && deps.readAttachment !== undefined) {
        const read = deps.readAttachment;
        setCarrying({ done: 0, total: d.attachments.reduce((n, a) => n + a.size, 0) });
        performance.mark("sigill:carry"); // names only: what the felt bench reads (test/bench/felt.run.ts)
        const share = deps.shareAttachment;
        const {
          files: carried,
          failed,
          whole,
        } = await loadCarried(
          d.attachments,
          (index, offset, length) => read(d.source, index, offset, length),
          (done) => {
            setCarrying((c) => (c === null ? null : { ...c, done }));
          },
          share === undefined ? undefined : (index) => share(d.source, index),
        );
        performance.mark("sigill:carried", { detail: { whole } });
        setFiles((current) => [...carried, ...current]);
        missing.push(...failed);
        setCarrying(null);
      } else missing.push(...d.attachments.map((a) => a.name));
      setUnreadable(missing);
    });
  }, [deps]);

  // The recipients' keys, looked up a moment after the addresses stop changing: a first-use key is
  // shown with its fingerprint, a changed or vanished one before the person presses Send.
  useEffect(() => {
    const unlocked = session;
    if (unlocked?.identity == null) return;
    const addresses = [...list(to), ...list(cc), ...list(bcc)];
    const timer = setTimeout(() => {
      previewRecipients(unlocked, addresses, deps.pins).then(
        (found) => {
          setKeys(found);
          setKeysError("");
        },
        (e: unknown) => {
          setKeys([]);
          setKeysError(describeError(e, deps.lang));
        },
      );
    }, 500);
    return () => {
      clearTimeout(timer);
    };
  }, [session, to, cc, bcc, deps, pinsChanged]);

  // What the draft holds, scanned here too: policy may make the access code mandatory for some kinds.
  // Each file is scanned too (inside the extension, in a worker); its kinds count like the text's.
  useEffect(() => {
    const scan = deps.scanAttachment;
    if (scan === undefined) return;
    for (const f of files) {
      if (scans.has(f)) continue;
      setScans((current) => new Map(current).set(f, null));
      const running = scan(f).catch(() => null);
      scanning.current.set(f, running);
      void running.then((result) => {
        setScans((current) => (current.has(f) ? new Map(current).set(f, result ?? "failed") : current));
      });
    }
  }, [deps, files, scans]);
  const kinds = useMemo(() => {
    const found = detect([subject, text, ...files.map((f) => f.name)].join("\n\n")).findings.filter(
      (f) => f.level !== "low",
    );
    const inFiles = files.flatMap((f) => {
      const s = scans.get(f);
      return typeof s === "object" && s !== null ? s.result.findings.filter((x) => x.level !== "low") : [];
    });
    return [...new Set([...found, ...inFiles].map((f) => findingKind(f)))];
  }, [subject, text, files, scans]);
  const codeForced = accessCodeRequired(policy, kinds);
  /** What the file list says about a file's scan. */
  const scanText = (scan: AttachmentScan | null | "failed" | undefined): string => {
    if (deps.scanAttachment === undefined || scan === undefined) return "";
    if (scan === null) return t.fileScanning;
    if (scan === "failed") return t.fileUnscannable(TEXT[deps.lang].reasons.unsupported);
    const found = [
      ...new Set(
        scan.result.findings
          .filter((f) => f.level !== "low")
          .map((f) => kindName(findingKind(f))[deps.lang].toLowerCase()),
      ),
    ];
    if (scan.status === "unscannable") return t.fileUnscannable(TEXT[deps.lang].reasons[scan.reason ?? "unsupported"]);
    return found.length > 0 ? t.fileFindings(found.join(", ")) : t.fileClean;
  };
  const forcedBy = policy === null ? [] : kinds.filter((k) => policy.accessCodeKinds.includes(k));
  const expiryChoices = [...new Set([...EXPIRY_CHOICES, days])]
    .filter((d) => policy === null || d <= policy.maxRetentionDays)
    .sort((a, b) => a - b);

  // What was sent stays on screen (the access codes are needed) even if the keys locked since.
  if (sent !== null && session != null) {
    return (
      <main>
        <h1>{t.sentHeading}</h1>
        {delivery !== null && (
          <p id="delivery-status" role="status">
            {delivery.sent
              ? t.deliverySent
              : delivery.attachments > 0
                ? t.deliveryBlockedByAttachments
                : t.deliveryFailed}
          </p>
        )}
        <p id="sent-status">{t.sentStatus(sent.expiresAt.toISOString().slice(0, 10))}</p>
        {sent.firstUse.length > 0 && (
          <section aria-labelledby="first-use-h">
            <h2 id="first-use-h">{t.firstUseHeading}</h2>
            <ul id="first-use">
              {sent.firstUse.map((k) => (
                <li key={k.address}>{t.keyNew(k.address, k.fingerprint)}</li>
              ))}
            </ul>
            <p>{t.keysCompare}</p>
          </section>
        )}
        {sent.invitations.length > 0 && (
          <section aria-labelledby="inv-h">
            <h2 id="inv-h">{t.invitationsHeading}</h2>
            <p>{t.invitationsAdvice}</p>
            <ul>
              {sent.invitations.map((inv) => (
                <li key={inv.address} className="invitation">
                  <strong>{inv.address}</strong>
                  {inv.accessCode !== null && (
                    <>
                      {" "}
                      – {t.accessCode} <output className="code access-code">{inv.accessCode}</output>
                    </>
                  )}
                  <pre className="notification">
                    {
                      buildNotification(
                        {
                          senderName: session.account.displayName,
                          ...notificationOrg,
                          link: inv.link,
                          expiresAt: sent.expiresAt,
                          accessCodeRequired: inv.accessCode !== null,
                        },
                        deps.notificationEnglish,
                      ).text
                    }
                  </pre>
                </li>
              ))}
            </ul>
          </section>
        )}
      </main>
    );
  }

  if (session?.identity == null)
    return <NeedsKeys loading={session === undefined} t={t} accountUrl={deps.accountUrl} />;

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError("");
    void (async () => {
      // Timing marks (names only, no content) for the user-felt benchmark (test/bench/felt.run.ts).
      performance.mark("sigill:send");
      try {
        // Policy and scans still on their way are waited for: a file's finding counts even if
        // Send was pressed before its scan showed (fail closed).
        const forced = await codeRequiredAtSend(
          policyLoaded.current,
          kinds,
          files.map((f) => scanning.current.get(f) ?? Promise.resolve(null)),
        );
        // Each file is read as a stream while it is encrypted: never all of it in memory.
        const attachments = files.map((f) => ({
          name: f.name,
          type: f.type || "application/octet-stream",
          source: f.stream(),
        }));
        const result = await sendSecure(
          session,
          {
            subject,
            text,
            to: list(to),
            cc: list(cc),
            bcc: list(bcc),
            attachments,
            expiresInDays: days,
            accessCode: accessCode || codeForced || forced,
          },
          {
            pins: deps.pins,
            ...(deps.spool !== undefined && { spool: deps.spool }),
            onProgress: (n, total) => {
              setProgress({ sent: n, total });
            },
          },
        );
        performance.mark("sigill:sealed");
        // A send is the person's action, and may have taken long: the keys stay for another idle
        // time (unless they locked meanwhile). Best effort: the message is sent either way.
        await touchSession(deps.session, deps.now(), deps.idleMs).catch(() => undefined);
        setSent(result);
        // The diversion, for the admin charts: best effort, not awaited, never fails the send.
        if (divertedKinds.length > 0) void reportDiversion(session.api, divertedKinds);
        const source = draftSource.current;
        if (deps.deliver !== undefined) {
          const notification = buildNotification(
            {
              senderName: session.account.displayName,
              ...notificationOrg,
              link: result.link ?? `${session.api.server}/inbox/${result.messageId}`,
              expiresAt: result.expiresAt,
              accessCodeRequired: result.invitations.some((i) => i.accessCode !== null),
            },
            deps.notificationEnglish,
          );
          // The secure message is safe on the server; only now does the webmail draft change.
          // Without the draft's id no window is known to send from: the person is told to send it themselves.
          const outcome =
            source === null
              ? { sent: false, attachments: 0 }
              : await deps.deliver(source, notification).catch(() => ({ sent: false, attachments: 0 }));
          performance.mark("sigill:delivered");
          setDelivery({ sent: outcome.sent, attachments: outcome.attachments, text: notification.text });
        }
      } catch (e) {
        setError(describeError(e, deps.lang));
      } finally {
        setBusy(false);
      }
    })();
  };

  return (
    <main>
      <h1>{t.heading}</h1>
      <form onSubmit={onSubmit}>
        <label htmlFor="to">{t.toLabel}</label>
        <input
          id="to"
          required
          value={to}
          onChange={(e) => {
            setTo(e.target.value);
          }}
        />
        <label htmlFor="cc">{t.ccLabel}</label>
        <input
          id="cc"
          value={cc}
          onChange={(e) => {
            setCc(e.target.value);
          }}
        />
        {/* Bcc from the webmail draft, shown and editable like the others (it was sent to unseen). */}
        <label htmlFor="bcc">{t.bccLabel}</label>
        <input
          id="bcc"
          value={bcc}
          onChange={(e) => {
            setBcc(e.target.value);
          }}
        />
        <label htmlFor="subject">{t.subjectLabel}</label>
        <input
          id="subject"
          required
          value={subject}
          onChange={(e) => {
            setSubject(e.target.value);
          }}
        />
        <label htmlFor="body">{t.bodyLabel}</label>
        <textarea
          id="body"
          rows={10}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
          }}
        />
        {carrying !== null && (
          <p role="status" id="carrying-status">
            {t.carrying} <progress aria-label={t.carryingProgress} value={carrying.done} max={carrying.total} />
          </p>
        )}
        {unreadable.length > 0 && (
          <p role="alert" id="unreadable" className="warning">
            {t.unreadable(unreadable.join(", "))}
          </p>
        )}
        {files.length > 0 && (
          <ul aria-label={t.filesList} className="files">
            {files.map((f, i) => (
              <li key={`${f.name}-${String(i)}`} className="file">
                {f.name} ({sizeText(f.size)}) <span className="scan">{scanText(scans.get(f))}</span>{" "}
                <button
                  type="button"
                  aria-label={t.removeFile(f.name)}
                  onClick={() => {
                    setFiles((current) => current.filter((_, j) => j !== i));
                  }}
                >
                  {t.remove}
                </button>
              </li>
            ))}
          </ul>
        )}
        <label htmlFor="files">{t.filesLabel}</label>
        <input
          id="files"
          type="file"
          multiple
          onChange={(e) => {
            const picked = [...(e.target.files ?? [])];
            setFiles((current) => [...current, ...picked]);
            e.target.value = "";
          }}
        />
        <p>
          <input
            id="code"
            type="checkbox"
            checked={accessCode || codeForced}
            disabled={codeForced}
            aria-describedby={codeForced ? "code-forced" : undefined}
            onChange={(e) => {
              setAccessCode(e.target.checked);
            }}
          />
          <label htmlFor="code">{t.requireCode}</label>
          {codeForced && (
            <span id="code-forced" className="hint">
              {" "}
              {t.codeForced(forcedBy.map((k) => kindName(k)[deps.lang].toLowerCase()))}
            </span>
          )}
        </p>
        <label htmlFor="days">{t.expiryLabel}</label>
        <select
          id="days"
          value={days}
          onChange={(e) => {
            setDays(Number(e.target.value));
          }}
        >
          {expiryChoices.map((d) => (
            <option key={d} value={d}>
              {t.days(d)}
            </option>
          ))}
        </select>
        {(keys.length > 0 || keysError !== "") && (
          <section aria-labelledby="keys-h" id="recipient-keys">
            <h2 id="keys-h">{t.keysHeading}</h2>
            <ul>
              {keys.map((k) => (
                <li
                  key={k.address}
                  className={k.kind === "gone" || (k.kind === "key" && k.status === "changed") ? "warning" : undefined}
                >
                  {k.kind === "invitation"
                    ? t.keyInvitation(k.address)
                    : k.kind === "gone"
                      ? t.keyGone(k.address, k.pinned)
                      : k.status === "new"
                        ? t.keyNew(k.address, k.fingerprint)
                        : k.status === "same"
                          ? t.keySame(k.address)
                          : t.keyChanged(k.address, k.pinned ?? "", k.fingerprint)}
                  {(k.kind === "gone" || (k.kind === "key" && k.status === "changed")) && (
                    <>
                      {" "}
                      <button
                        type="button"
                        onClick={() => {
                          void acceptRecipientKey(deps.pins, k).then(
                            () => {
                              setPinsChanged((n) => n + 1);
                            },
                            (e: unknown) => {
                              setKeysError(describeError(e, deps.lang));
                            },
                          );
                        }}
                      >
                        {k.kind === "gone" ? t.keyForget(k.address) : t.keyAccept(k.address)}
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
            {keys.some((k) => k.kind === "key" && k.status !== "same") && <p>{t.keysCompare}</p>}
            {keysError !== "" && (
              <p role="alert" className="error">
                {keysError}
              </p>
            )}
          </section>
        )}
        {progress !== null && <progress aria-label={t.uploadProgress} value={progress.sent} max={progress.total} />}
        {error !== "" && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || carrying !== null}>
          {t.send}
        </button>
      </form>
    </main>
  );
}
