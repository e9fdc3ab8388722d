// The inbox: received and sent secure messages, decrypted here. The list shows only what the
// server knows (sender, dates): opening a message is what fetches its key, and counts as "read".
import { useEffect, useState } from "react";
import {
  downloadAttachmentTo,
  listMessages,
  type MessageSummary,
  type OpenMessage,
  type PinStore,
  readMessage,
  recallMessage,
  sendSecure,
} from "@sigill/client";
import type { KeyValue } from "../secure/session-store.ts";
import type { Lang } from "../content/messages.ts";
import { describeError } from "./errors.ts";
import { NeedsKeys } from "./locked.tsx";
import { INBOX_TEXT, type InboxText } from "./i18n.ts";
import { useStoredSession } from "./use-session.ts";

/** From this size a download is streamed into a file the person picks (where the browser can). */
const STREAM_TO_DISK_BYTES = 64 * 1024 * 1024;

/** The File System Access API's save dialog (Chromium), declared for what is used here. */
type SaveFilePicker = (options: { suggestedName: string }) => Promise<FileSystemFileHandle>;

export interface InboxDeps {
  readonly session: KeyValue;
  readonly now: () => number;
  readonly idleMs: number;
  /** The server IT set by policy, or null (see `managedServer`). */
  readonly managedServer: string | null;
  /** Changes of the login or the keys (the idle lock): the page re-reads the session. */
  readonly onSessionChange?: (listener: () => void) => () => void;
  readonly accountUrl: string;
  readonly pins: PinStore;
  readonly lang: Lang;
}

const day = (iso: string) => iso.slice(0, 10);
/** A message state in words ("" when there is nothing to say), or undefined if it is new to us. */
const statusText = (t: InboxText, status: string): string | undefined =>
  Object.hasOwn(t.status, status) ? t.status[status as keyof InboxText["status"]] : undefined;
/** Reply prefixes in both languages, so a reply to a reply keeps one. */
const REPLY_PREFIXES = ["Sv:", "Re:"];

export function InboxPage({ deps }: { deps: InboxDeps }) {
  const session = useStoredSession(deps);
  const [box, setBox] = useState<"inbox" | "sent">("inbox");
  const [items, setItems] = useState<MessageSummary[]>([]);
  const [open, setOpen] = useState<OpenMessage | null>(null);
  const [error, setError] = useState("");
  const [reply, setReply] = useState("");
  const [replied, setReplied] = useState(false);
  const [downloading, setDownloading] = useState<{ name: string; done: number; total: number } | null>(null);
  const t = INBOX_TEXT[deps.lang];
  const fail = (e: unknown) => {
    setError(describeError(e, deps.lang));
  };

  useEffect(() => {
    setOpen(null);
    // Locked: nothing decrypted stays on the page (it shows where to unlock instead).
    if (session?.identity == null) {
      setItems([]);
      return;
    }
    void listMessages(session, box).then(setItems, (e: unknown) => {
      setError(describeError(e, deps.lang));
    });
  }, [session, box, deps.lang]);

  if (session?.identity == null)
    return <NeedsKeys loading={session === undefined} t={t} accountUrl={deps.accountUrl} />;
  const show = (id: string) => {
    setError("");
    void readMessage(session, id).then(setOpen, fail);
  };
  const download = (message: OpenMessage, attachment: OpenMessage["attachments"][number]) => {
    setError("");
    const { id, name, type } = attachment;
    const total = attachment.descriptor.size;
    const picker = (window as { showSaveFilePicker?: SaveFilePicker }).showSaveFilePicker;
    if (total >= STREAM_TO_DISK_BYTES && picker !== undefined) {
      // Large files go chunk by chunk into the file the person picks, never all into memory; if
      // decryption fails midway the file is discarded (abort), so no half-checked data is kept.
      void (async () => {
        const handle = await picker({ suggestedName: name }).catch(() => null);
        if (handle === null) return; // the person cancelled the save dialog
        const writable = await handle.createWritable();
        setDownloading({ name, done: 0, total });
        await downloadAttachmentTo(
          session,
          message,
          id,
          {
            write: (chunk) => writable.write(chunk as Uint8Array<ArrayBuffer>),
            close: () => writable.close(),
            abort: (reason) => writable.abort(reason),
          },
          (done) => {
            setDownloading({ name, done, total });
          },
        );
      })().then(
        () => {
          setDownloading(null);
        },
        (e: unknown) => {
          setDownloading(null);
          fail(e);
        },
      );
      return;
    }
    // Smaller files are gathered in memory (checked chunk by chunk), then saved as a download.
    const parts: Uint8Array<ArrayBuffer>[] = [];
    setDownloading({ name, done: 0, total });
    void downloadAttachmentTo(
      session,
      message,
      id,
      {
        write: (chunk) => {
          parts.push(chunk as Uint8Array<ArrayBuffer>);
          return Promise.resolve();
        },
        close: () => Promise.resolve(),
        abort: () => {
          parts.length = 0;
          return Promise.resolve();
        },
      },
      (done) => {
        setDownloading({ name, done, total });
      },
    ).then(
      () => {
        setDownloading(null);
        const url = URL.createObjectURL(new Blob(parts, { type }));
        const a = document.createElement("a");
        a.href = url;
        a.download = name;
        a.click();
        setTimeout(() => {
          URL.revokeObjectURL(url);
        }, 60_000);
      },
      (e: unknown) => {
        setDownloading(null);
        fail(e);
      },
    );
  };
  const sendReply = (message: OpenMessage) => {
    if (message.content === null) return;
    const subject = message.content.subject;
    setError("");
    void sendSecure(
      session,
      {
        subject: REPLY_PREFIXES.some((p) => subject.startsWith(p)) ? subject : `${t.replyPrefix} ${subject}`,
        text: reply,
        to: [message.content.from.address],
        cc: [],
        attachments: [],
        expiresInDays: 14,
        accessCode: false,
        threadId: message.threadId,
      },
      { pins: deps.pins },
    ).then(() => {
      setReply("");
      setReplied(true);
    }, fail);
  };
  const recall = (id: string) => {
    void recallMessage(session, id)
      .then(() => readMessage(session, id))
      .then(setOpen, fail);
  };

  return (
    <main>
      <h1>{t.heading}</h1>
      <nav aria-label={t.folders}>
        <button
          type="button"
          aria-pressed={box === "inbox"}
          onClick={() => {
            setBox("inbox");
          }}
        >
          {t.inbox}
        </button>{" "}
        <button
          type="button"
          aria-pressed={box === "sent"}
          onClick={() => {
            setBox("sent");
          }}
        >
          {t.sent}
        </button>
      </nav>
      {error !== "" && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {items.length === 0 ? (
        <p>{t.empty}</p>
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
                {box === "inbox" ? t.from(m.sender.displayName) : t.sent} · {day(m.createdAt)}
                {m.attachments > 0 ? ` · ${t.attachments(m.attachments)}` : ""}
                {box === "inbox" && m.openedAt === null ? ` · ${t.unread}` : ""}
                {(statusText(t, m.status) ?? "") === "" ? "" : ` · ${statusText(t, m.status) ?? ""}`}
              </button>
            </li>
          ))}
        </ul>
      )}
      {open !== null && (
        <article aria-labelledby="open-subject">
          {open.content === null ? (
            <p id="open-status">
              {statusText(t, open.status) ?? open.status}. {t.contentGone}
            </p>
          ) : (
            <>
              <h2 id="open-subject">{open.content.subject}</h2>
              {open.verified && open.signer !== null ? (
                <p>
                  {[
                    t.fromAddress(open.sender.displayName, open.signer.address),
                    t.verified,
                    t.expires(day(open.expiresAt)),
                  ].join(" · ")}
                </p>
              ) : (
                // A valid signature, but the content names someone else: the signer is who sent it.
                <p role="alert" id="sender-mismatch" className="warning">
                  {t.senderMismatch(
                    `${open.content.from.name} <${open.content.from.address}>`,
                    open.signer?.address ?? "?",
                  )}
                </p>
              )}
              <p>{t.to([...open.content.to, ...open.content.cc].join(", "))}</p>
              <pre className="body">{open.content.text}</pre>
              {open.attachments.length > 0 && (
                <ul className="attachments">
                  {open.attachments.map((a) => (
                    <li key={a.id}>
                      <button
                        type="button"
                        onClick={() => {
                          download(open, a);
                        }}
                      >
                        {t.download(a.name)}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              {downloading !== null && (
                <p role="status">
                  {t.downloading(downloading.name)}{" "}
                  <progress
                    aria-label={t.downloading(downloading.name)}
                    value={downloading.done}
                    max={downloading.total}
                  />
                </p>
              )}
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  sendReply(open);
                }}
              >
                <label htmlFor="reply">{t.replyLabel}</label>
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
                <button type="submit">{t.sendReply}</button>
                {replied && (
                  <p role="status" id="replied">
                    {t.replied}
                  </p>
                )}
              </form>
            </>
          )}
          {open.receipts !== null && (
            <section aria-labelledby="receipts-h">
              <h3 id="receipts-h">{t.receipts}</h3>
              <ul className="receipts">
                {open.receipts.accounts.map((r) => (
                  <li key={r.accountId}>
                    {r.displayName}: {r.openedAt === null ? t.notOpened : t.opened(day(r.openedAt))}
                  </li>
                ))}
                {open.receipts.invitations.map((r) => (
                  <li key={r.address}>
                    {r.address}: {r.openedAt === null ? t.notOpened : t.opened(day(r.openedAt))}
                    {r.locked ? ` · ${t.lockedAfterWrongCode}` : ""}
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
                  {t.recall}
                </button>
              )}
            </section>
          )}
        </article>
      )}
    </main>
  );
}
