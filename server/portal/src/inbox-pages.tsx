// The inbox (/inbox) and one conversation (/inbox/<messageId>) for anyone with unlocked keys:
// recipients and staff without the extension. Everything is decrypted here, with the sender's
// signature checked; attachments are decrypted chunk by chunk (large ones straight to a file
// where the browser can), and a reply is encrypted here before it is sent.
import { fingerprint } from "@sigill/crypto";
import {
  downloadAttachmentTo,
  listMessages,
  readMessage,
  sendReply,
  storagePins,
  threadMessages,
  type AttachmentSink,
  type MessageSummary,
  type OpenMessage,
} from "@sigill/client";
import { useCallback, useEffect, useState, type SyntheticEvent } from "react";
import { z } from "zod";
import { describe } from "./errors.ts";
import { formatDay, formatSize, formatTime } from "./format.ts";
import type { MailText } from "./i18n-mail.ts";
import type { PortalText } from "./i18n.ts";
import type { Unlocked } from "./secure.tsx";

interface PageProps {
  readonly t: PortalText;
  readonly m: MailText;
  readonly lang: string;
  readonly session: Unlocked;
}

/** From this size, a download goes straight to a file the person picks (where the browser can). */
const STREAM_TO_DISK_BYTES = 64 * 1024 * 1024;

function MessageTable({
  p,
  caption,
  rows,
  box,
}: {
  p: PageProps;
  caption: string;
  rows: MessageSummary[];
  box: "inbox" | "sent";
}) {
  const { m, lang } = p;
  if (rows.length === 0)
    return (
      <>
        <h2>{caption}</h2>
        <p>{m.noMessages}</p>
      </>
    );
  return (
    <table id={`box-${box}`}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {box === "inbox" && <th scope="col">{m.from}</th>}
          <th scope="col">{m.date}</th>
          <th scope="col">{m.state}</th>
          <th scope="col">{m.files}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const when = formatTime(r.createdAt, lang);
          const state =
            m.states[r.status] || (box === "inbox" ? (r.openedAt === null ? m.unread : m.read) : m.states.committed);
          return (
            <tr key={r.id} className={box === "inbox" && r.openedAt === null ? "unread" : undefined}>
              {box === "inbox" ? (
                <>
                  <td>
                    <a href={`/inbox/${r.id}`} aria-label={m.openMessage(r.sender.displayName, when)}>
                      {r.sender.displayName}
                    </a>
                  </td>
                  <td>{when}</td>
                </>
              ) : (
                // What I sent: the recipients are inside the encrypted envelope, so the date leads.
                <td>
                  <a href={`/inbox/${r.id}`} aria-label={m.openSent(when)}>
                    {when}
                  </a>
                </td>
              )}
              <td>{state}</td>
              <td>{r.attachments}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function InboxPage(p: PageProps) {
  const { t, m, session } = p;
  const [boxes, setBoxes] = useState<{ inbox: MessageSummary[]; sent: MessageSummary[] } | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    void Promise.all([listMessages(session, "inbox"), listMessages(session, "sent")]).then(
      ([inbox, sent]) => {
        setBoxes({ inbox, sent });
      },
      (e: unknown) => {
        setError(describe(t, e, m));
      },
    );
  }, [session, t, m]);
  return (
    <>
      <h1>{m.inboxTitle}</h1>
      {boxes === null ? (
        <p>{t.log.loading}</p>
      ) : (
        <>
          <MessageTable p={p} caption={m.received} rows={boxes.inbox} box="inbox" />
          <MessageTable p={p} caption={m.sent} rows={boxes.sent} box="sent" />
        </>
      )}
      <OwnFingerprint p={p} />
      <p role="alert" id="error" className="error">
        {error}
      </p>
    </>
  );
}

/** Keeps a decrypted attachment: a file on disk for large ones where possible, else a download. */
async function saveAs(name: string, size: number): Promise<{ sink: AttachmentSink; done: () => void }> {
  const picker = (window as { showSaveFilePicker?: (o: { suggestedName: string }) => Promise<FileSystemFileHandle> })
    .showSaveFilePicker;
  if (size >= STREAM_TO_DISK_BYTES && picker !== undefined) {
    const handle = await picker.call(window, { suggestedName: name });
    const file = await handle.createWritable();
    return {
      sink: {
        write: (chunk) => file.write(chunk as Uint8Array<ArrayBuffer>),
        close: () => file.close(),
        abort: () => file.abort(),
      },
      done: () => undefined,
    };
  }
  const parts: Uint8Array<ArrayBuffer>[] = [];
  return {
    sink: {
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
    done: () => {
      const url = URL.createObjectURL(new Blob(parts));
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => {
        URL.revokeObjectURL(url);
      }, 60_000);
    },
  };
}

function Attachments({ p, message }: { p: PageProps; message: OpenMessage }) {
  const { t, m, lang, session } = p;
  const [progress, setProgress] = useState<Record<string, number>>({});
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");
  if (message.attachments.length === 0) return null;
  const download = (a: OpenMessage["attachments"][number]) => {
    setError("");
    setStatus("");
    void (async () => {
      const { sink, done } = await saveAs(a.name, a.descriptor.size);
      await downloadAttachmentTo(session, message, a.id, sink, (got, total) => {
        setProgress((old) => ({ ...old, [a.id]: total === 0 ? 100 : Math.floor((got / total) * 100) }));
      });
      done();
      setProgress((old) => ({ ...old, [a.id]: 100 }));
      setStatus(m.downloaded(a.name));
    })().catch((e: unknown) => {
      setProgress((old) => Object.fromEntries(Object.entries(old).filter(([k]) => k !== a.id)));
      if ((e as { name?: string } | null)?.name === "AbortError") return; // the file picker was cancelled
      setError(describe(t, e, m));
    });
  };
  return (
    <section aria-label={m.attachments}>
      <h3>{m.attachments}</h3>
      <ul className="attachments">
        {message.attachments.map((a) => {
          const pct = progress[a.id];
          return (
            <li key={a.id}>
              <button
                type="button"
                disabled={pct !== undefined && pct < 100}
                onClick={() => {
                  download(a);
                }}
              >
                {m.download(a.name, formatSize(a.descriptor.size, lang))}
              </button>
              {pct !== undefined && (
                <>
                  {" "}
                  <progress max={100} value={pct} aria-label={m.downloading(a.name, pct)} />
                </>
              )}
            </li>
          );
        })}
      </ul>
      <p role="status" className="download-status">
        {status}
      </p>
      <p role="alert" className="error">
        {error}
      </p>
    </section>
  );
}

function MessageView({ p, message, organisation }: { p: PageProps; message: OpenMessage; organisation: string }) {
  const { m, lang } = p;
  const c = message.content;
  const headingId = `subject-${message.id}`;
  return (
    <article aria-labelledby={headingId} className="message" data-message-id={message.id}>
      <h2 id={headingId}>{c?.subject ?? (message.status === "recalled" ? m.recalledTitle : m.expiredTitle)}</h2>
      {c === null ? (
        <p className="notice">{message.status === "recalled" ? m.withdrawnNotice : m.expiredNotice}</p>
      ) : (
        <>
          {message.verified && message.signer !== null ? (
            <p className="sender">
              {m.verified(`${message.sender.displayName} <${message.signer.address}>`, organisation)}{" "}
              {formatTime(message.createdAt, lang)}.
            </p>
          ) : (
            // Signed, but by someone else than the content claims: the signer is who sent it.
            <p className="sender warning" role="alert" id="sender-mismatch">
              {m.senderMismatch(`${c.from.name} <${c.from.address}>`, message.signer?.address ?? "?")}
            </p>
          )}
          <p>{m.expires(formatDay(message.expiresAt, lang))}</p>
          <div className="body">{c.text}</div>
          <Attachments p={p} message={message} />
          {message.receipts !== null && (
            <section aria-label={m.receipts}>
              <h3>{m.receipts}</h3>
              <ul className="receipts">
                {message.receipts.accounts
                  .filter((r) => r.accountId !== p.session.account.id)
                  .map((r) => (
                    <li key={r.accountId}>
                      {r.openedAt === null
                        ? m.notOpened(r.displayName)
                        : m.openedAt(r.displayName, formatTime(r.openedAt, lang))}
                    </li>
                  ))}
                {message.receipts.invitations.map((r) => (
                  <li key={r.address}>
                    {r.openedAt === null ? m.notOpened(r.address) : m.openedAt(r.address, formatTime(r.openedAt, lang))}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </article>
  );
}

function ReplyForm({ p, to, onSent }: { p: PageProps; to: OpenMessage; onSent: () => void }) {
  const { t, m, session } = p;
  const [text, setText] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [sending, setSending] = useState<number | null>(null);
  const [error, setError] = useState("");
  const name = to.content?.from.name ?? to.sender.displayName;
  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    setError("");
    setSending(0);
    const pins = storagePins({
      get: (key) => Promise.resolve(localStorage.getItem(`sigill:${session.account.id}:${key}`)),
      set: (key, value) => {
        localStorage.setItem(`sigill:${session.account.id}:${key}`, String(value));
        return Promise.resolve();
      },
      remove: (key) => {
        localStorage.removeItem(`sigill:${session.account.id}:${key}`);
        return Promise.resolve();
      },
    });
    void sendReply(
      session,
      to,
      {
        text,
        attachments: files.map((f) => ({
          name: f.name,
          type: f.type || "application/octet-stream",
          source: f.stream(),
        })),
      },
      {
        pins,
        onProgress: (sent, total) => {
          setSending(total === 0 ? 100 : Math.floor((sent / total) * 100));
        },
      },
    )
      .then(() => {
        setText("");
        setFiles([]);
        onSent();
      })
      .catch((e: unknown) => {
        setError(describe(t, e, m));
      })
      .finally(() => {
        setSending(null);
      });
  };
  return (
    <section aria-labelledby="reply-h">
      <h2 id="reply-h">{m.replyHeading(name)}</h2>
      <p>{m.replyHelp}</p>
      <form onSubmit={onSubmit}>
        <p>
          <label htmlFor="reply-text">{m.replyText}</label>
          <br />
          <textarea
            id="reply-text"
            rows={6}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
            }}
          />
        </p>
        <p>
          <label htmlFor="reply-files">{m.replyFiles}</label>
          <br />
          <input
            id="reply-files"
            type="file"
            multiple
            onChange={(e) => {
              setFiles([...(e.target.files ?? [])]);
            }}
          />
        </p>
        <button type="submit" disabled={sending !== null || (text.trim() === "" && files.length === 0)}>
          {sending === null ? m.sendReply : m.sending(sending)}
        </button>
      </form>
      <p role="alert" id="reply-error" className="error">
        {error}
      </p>
    </section>
  );
}

export function ThreadPage(p: PageProps & { id: string }) {
  const { t, m, session, id } = p;
  const [messages, setMessages] = useState<OpenMessage[] | null>(null);
  const [organisation, setOrganisation] = useState("");
  const [error, setError] = useState("");
  const [status, setStatus] = useState("");
  const load = useCallback(() => {
    void (async () => {
      const first = await readMessage(session, id);
      const ids = (await threadMessages(session, first.threadId)).map((x) => x.id);
      const all = await Promise.all(ids.map(async (x) => (x === id ? first : readMessage(session, x))));
      const about = await session.api.call(z.object({ organisation: z.string() }), "GET", "/api/session");
      setOrganisation(about.organisation);
      setMessages(all);
    })().catch((e: unknown) => {
      setError(describe(t, e, m));
    });
  }, [session, id, t, m]);
  useEffect(load, [load]);
  const replyTo = messages
    ?.filter((x) => x.sender.accountId !== session.account.id && x.content !== null && x.status === "committed")
    .at(-1);
  return (
    <>
      <h1>{m.threadTitle}</h1>
      <p>
        <a href="/inbox">{m.back}</a>
      </p>
      {messages === null && error === "" && <p>{t.log.loading}</p>}
      {messages?.map((x) => (
        <MessageView key={x.id} p={p} message={x} organisation={organisation} />
      ))}
      <p role="status" id="status">
        {status}
      </p>
      {replyTo !== undefined && (
        <ReplyForm
          p={p}
          to={replyTo}
          onSent={() => {
            setStatus(m.replied);
            load();
          }}
        />
      )}
      <p role="alert" id="error" className="error">
        {error}
      </p>
    </>
  );
}

/** One's own key fingerprint, for a sender who wants to compare it by phone (issue 18). */
function OwnFingerprint({ p }: { p: PageProps }) {
  const [print, setPrint] = useState("");
  const identity = p.session.identity;
  useEffect(() => {
    void fingerprint(identity).then(setPrint);
  }, [identity]);
  return print === "" ? null : (
    <p id="own-fingerprint">
      {p.m.ownFingerprint} <output className="code">{print}</output>
    </p>
  );
}
