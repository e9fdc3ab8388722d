// The inbox: received and sent secure messages, decrypted here. The list shows only what the
// server knows (sender, dates): opening a message is what fetches its key, and counts as "read".
import { useEffect, useState } from "react";
import {
  downloadAttachment,
  listMessages,
  readMessage,
  recallMessage,
  type MessageSummary,
  type OpenMessage,
} from "../secure/inbox.ts";
import type { PinStore } from "../secure/pins.ts";
import { sendSecure } from "../secure/send.ts";
import { loadSession, type KeyValue } from "../secure/session-store.ts";
import type { StaffSession } from "../secure/identity.ts";
import { describeError } from "./errors.ts";

export interface InboxDeps {
  readonly session: KeyValue;
  readonly now: () => number;
  readonly idleMs: number;
  readonly accountUrl: string;
  readonly pins: PinStore;
}

const day = (iso: string) => iso.slice(0, 10);
const STATUS: Record<string, string> = {
  committed: "",
  recalled: "Återkallat av avsändaren",
  expired: "Har gått ut",
  uploading: "Skickas …",
};

export function InboxPage({ deps }: { deps: InboxDeps }) {
  const [session, setSession] = useState<StaffSession | null | undefined>(undefined);
  const [box, setBox] = useState<"inbox" | "sent">("inbox");
  const [items, setItems] = useState<MessageSummary[]>([]);
  const [open, setOpen] = useState<OpenMessage | null>(null);
  const [error, setError] = useState("");
  const [reply, setReply] = useState("");
  const [replied, setReplied] = useState(false);

  useEffect(() => {
    void loadSession(deps.session, deps.now(), deps.idleMs).then(setSession);
  }, [deps]);
  useEffect(() => {
    if (session?.identity == null) return;
    setOpen(null);
    void listMessages(session, box).then(setItems, (e: unknown) => {
      setError(describeError(e));
    });
  }, [session, box]);

  if (session === undefined)
    return (
      <main>
        <p>Laddar …</p>
      </main>
    );
  if (session?.identity == null) {
    return (
      <main>
        <h1>Säkra meddelanden</h1>
        <p role="alert">
          Logga in och lås upp dina nycklar först: <a href={deps.accountUrl}>öppna kontosidan</a>.
        </p>
      </main>
    );
  }
  const show = (id: string) => {
    setError("");
    void readMessage(session, id).then(setOpen, (e: unknown) => {
      setError(describeError(e));
    });
  };
  const download = (message: OpenMessage, attachmentId: string, name: string, type: string) => {
    void downloadAttachment(session, message, attachmentId).then(
      (bytes) => {
        const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
        const a = document.createElement("a");
        a.href = url;
        a.download = name;
        a.click();
        setTimeout(() => {
          URL.revokeObjectURL(url);
        }, 60_000);
      },
      (e: unknown) => {
        setError(describeError(e));
      },
    );
  };
  const sendReply = (message: OpenMessage) => {
    if (message.content === null) return;
    setError("");
    void sendSecure(
      session,
      {
        subject: message.content.subject.startsWith("Sv:") ? message.content.subject : `Sv: ${message.content.subject}`,
        text: reply,
        to: [message.content.from.address],
        cc: [],
        attachments: [],
        expiresInDays: 14,
        accessCode: false,
        threadId: message.threadId,
      },
      { pins: deps.pins },
    ).then(
      () => {
        setReply("");
        setReplied(true);
      },
      (e: unknown) => {
        setError(describeError(e));
      },
    );
  };
  const recall = (id: string) => {
    void recallMessage(session, id)
      .then(() => readMessage(session, id))
      .then(setOpen, (e: unknown) => {
        setError(describeError(e));
      });
  };

  return (
    <main>
      <h1>Säkra meddelanden</h1>
      <nav aria-label="Mappar">
        <button
          type="button"
          aria-pressed={box === "inbox"}
          onClick={() => {
            setBox("inbox");
          }}
        >
          Inkorg
        </button>{" "}
        <button
          type="button"
          aria-pressed={box === "sent"}
          onClick={() => {
            setBox("sent");
          }}
        >
          Skickat
        </button>
      </nav>
      {error !== "" && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {items.length === 0 ? (
        <p>Inga meddelanden.</p>
      ) : (
        <ul className="messages">
          {items.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                className="message"
                onClick={() => {
                  show(m.id);
                }}
              >
                {box === "inbox" ? `Från ${m.sender.displayName}` : "Skickat"} · {day(m.createdAt)}
                {m.attachments > 0 ? ` · ${String(m.attachments)} bilaga${m.attachments === 1 ? "" : "or"}` : ""}
                {box === "inbox" && m.openedAt === null ? " · oläst" : ""}
                {STATUS[m.status] ? ` · ${STATUS[m.status] ?? ""}` : ""}
              </button>
            </li>
          ))}
        </ul>
      )}
      {open !== null && (
        <article aria-labelledby="open-subject">
          {open.content === null ? (
            <p id="open-status">{STATUS[open.status] ?? open.status}. Innehållet finns inte kvar.</p>
          ) : (
            <>
              <h2 id="open-subject">{open.content.subject}</h2>
              <p>
                Från {open.content.from.name} ({open.content.from.address}){" "}
                {open.verified ? "· avsändaren är verifierad" : ""} · går ut {day(open.expiresAt)}
              </p>
              <p>Till: {[...open.content.to, ...open.content.cc].join(", ")}</p>
              <pre className="body">{open.content.text}</pre>
              {open.attachments.length > 0 && (
                <ul className="attachments">
                  {open.attachments.map((a) => (
                    <li key={a.id}>
                      <button
                        type="button"
                        onClick={() => {
                          download(open, a.id, a.name, a.type);
                        }}
                      >
                        Ladda ner {a.name}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  sendReply(open);
                }}
              >
                <label htmlFor="reply">Svara säkert</label>
                <textarea
                  id="reply"
                  rows={4}
                  required
                  value={reply}
                  onChange={(e) => {
                    setReply(e.target.value);
                    setReplied(false);
                  }}
                />
                <button type="submit">Skicka svar</button>
                {replied && (
                  <p role="status" id="replied">
                    Svaret skickades säkert.
                  </p>
                )}
              </form>
            </>
          )}
          {open.receipts !== null && (
            <section aria-labelledby="receipts-h">
              <h3 id="receipts-h">Läst</h3>
              <ul className="receipts">
                {open.receipts.accounts.map((r) => (
                  <li key={r.accountId}>
                    {r.displayName}: {r.openedAt === null ? "inte öppnat" : `öppnat ${day(r.openedAt)}`}
                  </li>
                ))}
                {open.receipts.invitations.map((r) => (
                  <li key={r.address}>
                    {r.address}: {r.openedAt === null ? "inte öppnat" : `öppnat ${day(r.openedAt)}`}
                    {r.locked ? " · låst efter fel kod" : ""}
                  </li>
                ))}
              </ul>
              {open.status === "committed" && (
                <button
                  type="button"
                  onClick={() => {
                    recall(open.id);
                  }}
                >
                  Återkalla
                </button>
              )}
            </section>
          )}
        </article>
      )}
    </main>
  );
}
