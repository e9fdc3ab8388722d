// The secure-compose page: everything is encrypted here, in the extension, before it leaves.
// On any failure nothing is sent as ordinary e-mail; the page says what happened.
import { useEffect, useState, type SyntheticEvent } from "react";
import type { StaffSession } from "../secure/identity.ts";
import { buildNotification } from "../secure/notification.ts";
import type { PinStore } from "../secure/pins.ts";
import { sendSecure, type SentSecure } from "../secure/send.ts";
import { loadSession, saveSession, type KeyValue } from "../secure/session-store.ts";
import type { DivertedDraft } from "../content/guard.ts";
import { describeError } from "./errors.ts";

export interface ComposeDeps {
  /** A draft diverted from the webmail (taken once), or absent when composing from scratch. */
  readonly draft?: () => Promise<DivertedDraft | null>;
  /** Sends the notification from the webmail tab the draft came from. */
  readonly deliver?: (notification: {
    subject: string;
    text: string;
  }) => Promise<{ sent: boolean; attachments: number }>;
  readonly session: KeyValue;
  readonly pins: PinStore;
  readonly now: () => number;
  readonly idleMs: number;
  readonly accountUrl: string;
  readonly organisation: string;
}

const list = (value: string) =>
  value
    .split(/[,;\s]+/)
    .map((a) => a.trim().toLowerCase())
    .filter((a) => a.includes("@"));

export function ComposePage({ deps }: { deps: ComposeDeps }) {
  const [session, setSession] = useState<StaffSession | null | undefined>(undefined);
  const [to, setTo] = useState("");
  const [cc, setCc] = useState("");
  const [subject, setSubject] = useState("");
  const [text, setText] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [accessCode, setAccessCode] = useState(true);
  const [days, setDays] = useState(14);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [error, setError] = useState("");
  const [sent, setSent] = useState<SentSecure | null>(null);
  const [busy, setBusy] = useState(false);
  const [bcc, setBcc] = useState<string[]>([]);
  const [delivery, setDelivery] = useState<{ sent: boolean; attachments: number; text: string } | null>(null);

  useEffect(() => {
    void loadSession(deps.session, deps.now(), deps.idleMs).then(setSession);
    void deps.draft?.().then((d) => {
      if (d === null) return;
      setTo(d.to.join(", "));
      setCc(d.cc.join(", "));
      setBcc(d.bcc);
      setSubject(d.subject);
      setText(d.body);
    });
  }, [deps]);

  if (session === undefined)
    return (
      <main>
        <p>Laddar …</p>
      </main>
    );
  if (session?.identity == null) {
    return (
      <main>
        <h1>Nytt säkert meddelande</h1>
        <p role="alert">
          Logga in och lås upp dina nycklar först: <a href={deps.accountUrl}>öppna kontosidan</a>.
        </p>
      </main>
    );
  }

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError("");
    void (async () => {
      try {
        const attachments = await Promise.all(
          files.map(async (f) => ({
            name: f.name,
            type: f.type || "application/octet-stream",
            bytes: new Uint8Array(await f.arrayBuffer()),
          })),
        );
        const result = await sendSecure(
          session,
          { subject, text, to: list(to), cc: list(cc), bcc, attachments, expiresInDays: days, accessCode },
          {
            pins: deps.pins,
            onProgress: (n, total) => {
              setProgress({ sent: n, total });
            },
          },
        );
        await saveSession(deps.session, session, deps.now());
        setSent(result);
        if (deps.deliver !== undefined) {
          const notification = buildNotification({
            senderName: session.account.displayName,
            organisation: deps.organisation,
            link: result.link ?? `${session.api.server}/inbox/${result.messageId}`,
            expiresAt: result.expiresAt,
            accessCodeRequired: result.invitations.some((i) => i.accessCode !== null),
          });
          // The secure message is safe on the server; only now does the webmail draft change.
          const outcome = await deps.deliver(notification).catch(() => ({ sent: false, attachments: 0 }));
          setDelivery({ sent: outcome.sent, attachments: outcome.attachments, text: notification.text });
        }
      } catch (e) {
        setError(describeError(e));
      } finally {
        setBusy(false);
      }
    })();
  };

  if (sent !== null) {
    return (
      <main>
        <h1>Skickat säkert</h1>
        {delivery !== null && (
          <p id="delivery-status" role="status">
            {delivery.sent
              ? "Aviseringen (utan innehåll) skickades från din e-post. Utkastet innehåller inget känsligt längre."
              : delivery.attachments > 0
                ? "Utkastet i din e-post har bilagor som skulle skickas okrypterade, så aviseringen skickades inte. Ta bort bilagorna ur utkastet (lägg dem i det säkra meddelandet i stället) och skicka sedan aviseringen, som redan står i utkastet."
                : "Aviseringen kunde inte skickas från din e-post automatiskt. Kopiera texten nedan till mejlet och skicka det själv."}
          </p>
        )}
        <p id="sent-status">
          Meddelandet är krypterat och skickat. Det går att läsa till och med{" "}
          {sent.expiresAt.toISOString().slice(0, 10)}.
        </p>
        {sent.invitations.length > 0 && (
          <section aria-labelledby="inv-h">
            <h2 id="inv-h">Nya mottagare</h2>
            <p>
              Skicka länken med ditt vanliga mejl (texten nedan innehåller inget känsligt). Ge koden per telefon eller
              sms, aldrig i samma mejl.
            </p>
            <ul>
              {sent.invitations.map((inv) => (
                <li key={inv.address} className="invitation">
                  <strong>{inv.address}</strong>
                  {inv.accessCode !== null && (
                    <>
                      {" "}
                      – kod: <output className="code access-code">{inv.accessCode}</output>
                    </>
                  )}
                  <pre className="notification">
                    {
                      buildNotification({
                        senderName: session.account.displayName,
                        organisation: deps.organisation,
                        link: inv.link,
                        expiresAt: sent.expiresAt,
                        accessCodeRequired: inv.accessCode !== null,
                      }).text
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

  return (
    <main>
      <h1>Nytt säkert meddelande</h1>
      <form onSubmit={onSubmit}>
        <label htmlFor="to">Till</label>
        <input
          id="to"
          required
          value={to}
          onChange={(e) => {
            setTo(e.target.value);
          }}
        />
        <label htmlFor="cc">Kopia</label>
        <input
          id="cc"
          value={cc}
          onChange={(e) => {
            setCc(e.target.value);
          }}
        />
        <label htmlFor="subject">Ämne</label>
        <input
          id="subject"
          required
          value={subject}
          onChange={(e) => {
            setSubject(e.target.value);
          }}
        />
        <label htmlFor="body">Meddelande</label>
        <textarea
          id="body"
          rows={10}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
          }}
        />
        <label htmlFor="files">Bilagor</label>
        <input
          id="files"
          type="file"
          multiple
          onChange={(e) => {
            setFiles([...(e.target.files ?? [])]);
          }}
        />
        <p>
          <input
            id="code"
            type="checkbox"
            checked={accessCode}
            onChange={(e) => {
              setAccessCode(e.target.checked);
            }}
          />
          <label htmlFor="code">Kräv kod för mottagare utan konto</label>
        </p>
        <label htmlFor="days">Går att läsa i</label>
        <select
          id="days"
          value={days}
          onChange={(e) => {
            setDays(Number(e.target.value));
          }}
        >
          <option value={7}>7 dagar</option>
          <option value={14}>14 dagar</option>
          <option value={30}>30 dagar</option>
        </select>
        {progress !== null && <progress aria-label="Uppladdning" value={progress.sent} max={progress.total} />}
        {error !== "" && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Skicka säkert
        </button>
      </form>
    </main>
  );
}
