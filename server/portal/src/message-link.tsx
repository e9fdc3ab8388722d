// The page a message link opens (/m/<id>#<secret>). Loading it consumes nothing: it says who sent
// the message and what Sigill is. First time: confirm the address, create a passkey (keys are
// made here), save the recovery code, enter the sender's code if there is one; the message is
// adopted and opens. Later: log in (or unlock) and the message opens.
import {
  aboutMessage,
  adoptInvitation,
  Api,
  enrol,
  parseMessageLink,
  requestMailboxCode,
  readMessage,
  type MessageAbout,
  type MessageLink,
  type StaffSession,
} from "@sigill/client";
import { useEffect, useMemo, useState, type ReactNode, type SyntheticEvent } from "react";
import { codeOf, describe } from "./errors.ts";
import type { MailText } from "./i18n-mail.ts";
import type { PortalText } from "./i18n.ts";
import { formatDay } from "./format.ts";
import { NeedKeys, RecoveryCodeStep, useRun, useSecure, type Unlocked } from "./secure.tsx";

interface Props {
  readonly t: PortalText;
  readonly m: MailText;
  readonly lang: string;
  readonly path: string;
  readonly hash: string;
  readonly supported: boolean;
  readonly navigate: (path: string, replace?: boolean) => void;
}

function Problem({ title, text, level = 1 }: { title: string; text: string; level?: 1 | 2 }) {
  const Heading = level === 1 ? "h1" : "h2";
  return (
    <>
      <Heading id="problem-title">{title}</Heading>
      <p role="alert" id="problem">
        {text}
      </p>
    </>
  );
}

export function MessageLinkPage(props: Props) {
  const { t, m } = props;
  const link = useMemo((): MessageLink | null => {
    try {
      return parseMessageLink(`${location.origin}${props.path}${props.hash}`);
    } catch {
      return null;
    }
  }, [props.path, props.hash]);
  const [about, setAbout] = useState<MessageAbout | null>(null);
  const [aboutError, setAboutError] = useState<unknown>(null);
  useEffect(() => {
    if (link === null) return;
    void aboutMessage(new Api({ server: location.origin }), link.messageId).then(setAbout, (e: unknown) => {
      setAboutError(e);
    });
  }, [link]);
  if (link === null) return <Problem title={m.badLinkTitle} text={m.errors.BAD_LINK ?? ""} />;
  if (aboutError !== null)
    return codeOf(aboutError) === "NOT_FOUND" ? (
      <Problem title={m.noMessageTitle} text={m.contactSender} />
    ) : (
      <Problem title={m.linkTitle} text={describe(t, aboutError, m)} />
    );
  if (about === null) return <p>{t.log.loading}</p>;
  if (about.status === "recalled") return <Problem title={m.recalledTitle} text={m.recalled} />;
  if (about.status === "expired") return <Problem title={m.expiredTitle} text={m.expired} />;
  return (
    <>
      <h1>{m.linkTitle}</h1>
      <p id="sent-by">{m.linkFrom(about.sender.displayName, about.organisation)}</p>
      <p>{m.linkExpires(formatDay(about.expiresAt, props.lang))}</p>
      <p>{m.linkWhat}</p>
      <Steps {...props} link={link} />
    </>
  );
}

type Step =
  | { kind: "start" }
  | { kind: "proof"; address: string; minutes: number }
  | { kind: "recovery"; session: StaffSession; code: string };

/**
 * A first-time recipient: the address the message was sent to, then proof that it is theirs (the
 * code the server mails there), which also creates the passkey; a returning one logs in. Knowing
 * the link and the address is not enough to enrol as it (issue 18). The sender's access code, when
 * there is one, is asked for when the message is opened: it is never proof of the mailbox, since
 * the sender made it.
 */
function Steps(props: Props & { link: MessageLink }) {
  const { t, m, link } = props;
  const secure = useSecure();
  const [step, setStep] = useState<Step>({ kind: "start" });
  const [address, setAddress] = useState("");
  const [code, setCode] = useState("");
  const [notice, setNotice] = useState("");
  const { busy, error, run } = useRun(t, m);
  const api = useMemo(() => new Api({ server: location.origin }), []);
  const alert = (
    <p role="alert" id="error" className="error">
      {error}
    </p>
  );
  if (step.kind === "recovery")
    return (
      <RecoveryCodeStep
        m={m}
        code={step.code}
        onDone={() => {
          secure.set(step.session);
          setStep({ kind: "start" });
        }}
      />
    );
  if (secure.session === undefined) return <p>{t.log.loading}</p>;
  if (secure.session !== null)
    return (
      <NeedKeys
        t={t}
        m={m}
        supported={props.supported}
        page={(session) => <Adopt t={t} m={m} session={session} link={link} navigate={props.navigate} />}
      />
    );
  if (step.kind === "proof") {
    const onProof = (event: SyntheticEvent) => {
      event.preventDefault();
      run(async () => {
        const invitation = { messageId: link.messageId, address: step.address, mailboxCode: code.trim() };
        const enrolled = await enrol(location.origin, { invitation }, secure.passkeys, { sessionKind: "portal" });
        if (enrolled.recoveryCode === null) secure.set(enrolled.session);
        else setStep({ kind: "recovery", session: enrolled.session, code: enrolled.recoveryCode });
      });
    };
    return (
      <section aria-labelledby="proof-h">
        <h2 id="proof-h">{m.mailboxCodeHeading}</h2>
        <p id="proof-help">{m.mailboxCodeHelp(step.address, step.minutes)}</p>
        <form onSubmit={onProof}>
          <p>
            <label htmlFor="proof-code">{m.mailboxCodeLabel}</label>
            <br />
            <input
              id="proof-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              aria-describedby="proof-help"
              value={code}
              onChange={(e) => {
                setCode(e.target.value);
              }}
            />
          </p>
          <h3>{m.passkeyHeading}</h3>
          <p>{m.passkeyWhat}</p>
          <p>{m.passkeyPhone}</p>
          <p id="passkey-for">{m.passkeyFor(step.address)}</p>
          {!props.supported && <p role="alert">{t.unsupported}</p>}
          <button type="submit" disabled={busy || !props.supported || code.trim() === ""}>
            {busy ? t.loggingIn : m.createPasskey}
          </button>
        </form>
        <p>
          <button
            type="button"
            className="link"
            disabled={busy}
            onClick={() => {
              run(async () => {
                await requestMailboxCode(api, link.messageId, step.address);
                setNotice(m.mailboxCodeSent);
              });
            }}
          >
            {m.newMailboxCode}
          </button>
        </p>
        <p role="status">{notice}</p>
        {alert}
      </section>
    );
  }
  const onAddress = (event: SyntheticEvent) => {
    event.preventDefault();
    run(async () => {
      const given = address.trim();
      const minutes = await requestMailboxCode(api, link.messageId, given);
      setCode("");
      setStep({ kind: "proof", address: given.toLowerCase(), minutes });
    });
  };
  return (
    <>
      <section aria-labelledby="first-h">
        <h2 id="first-h">{m.firstTimeHeading}</h2>
        <p>{m.firstTimeHelp}</p>
        <p>{m.codeAhead}</p>
        <form onSubmit={onAddress}>
          <p>
            <label htmlFor="address">{m.address}</label>
            <br />
            <input
              id="address"
              type="email"
              autoComplete="email"
              required
              value={address}
              onChange={(e) => {
                setAddress(e.target.value);
              }}
            />
          </p>
          <button type="submit" disabled={busy || address.trim() === ""}>
            {m.confirmAddress}
          </button>
        </form>
      </section>
      <section aria-labelledby="returning-h">
        <h2 id="returning-h">{m.returningHeading}</h2>
        <p>{m.returningHelp}</p>
        <button
          type="button"
          disabled={busy || !props.supported}
          onClick={() => {
            run(async () => {
              await secure.login();
            });
          }}
        >
          {t.login}
        </button>
      </section>
      {alert}
    </>
  );
}

/**
 * With unlocked keys: opens the message if it is already mine, else opens the invitation (asking
 * for the sender's code when there is one) and adopts it; then shows it in the inbox.
 */
function Adopt({
  t,
  m,
  session,
  link,
  navigate,
}: {
  t: PortalText;
  m: MailText;
  session: Unlocked;
  link: MessageLink;
  navigate: (path: string, replace?: boolean) => void;
}) {
  const [needCode, setNeedCode] = useState(false);
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState("");
  const [ended, setEnded] = useState<ReactNode>(null);
  const attempt = (accessCode?: string) => {
    setBusy(true);
    setError("");
    void (async () => {
      try {
        await readMessage(session, link.messageId);
      } catch (e) {
        if (codeOf(e) !== "NOT_FOUND") throw e;
        const { status } = await adoptInvitation(session, link, accessCode);
        if (status === "recalled") {
          setEnded(<Problem level={2} title={m.recalledTitle} text={m.recalled} />);
          return;
        }
        if (status === "expired") {
          setEnded(<Problem level={2} title={m.expiredTitle} text={m.expired} />);
          return;
        }
      }
      navigate(`/inbox/${link.messageId}`, true);
    })()
      .catch((e: unknown) => {
        const c = codeOf(e);
        if (c === "ACCESS_CODE_REQUIRED") {
          setNeedCode(true);
          return;
        }
        if (c === "INVITATION_LOCKED") {
          setEnded(<Problem level={2} title={m.lockedTitle} text={m.errors.INVITATION_LOCKED ?? ""} />);
          return;
        }
        if (c === "INVITATION_NOT_PROVEN") {
          setEnded(<Problem level={2} title={m.linkTitle} text={m.errors.INVITATION_NOT_PROVEN ?? ""} />);
          return;
        }
        setError(describe(t, e, m));
      })
      .finally(() => {
        setBusy(false);
      });
  };
  useEffect(() => {
    attempt();
    // Once, when the keys are there.
  }, []);
  if (ended !== null) return <>{ended}</>;
  const onCode = (event: SyntheticEvent) => {
    event.preventDefault();
    attempt(code);
  };
  return (
    <>
      {busy && !needCode && <p role="status">{m.opening}</p>}
      {needCode && (
        <section aria-labelledby="code-h">
          <h2 id="code-h">{m.codeHeading}</h2>
          <p>{m.codeHelp}</p>
          <form onSubmit={onCode}>
            <p>
              <label htmlFor="access-code">{m.codeLabel}</label>
              <br />
              <input
                id="access-code"
                inputMode="numeric"
                autoComplete="one-time-code"
                value={code}
                onChange={(e) => {
                  setCode(e.target.value);
                }}
              />
            </p>
            <button type="submit" disabled={busy || code.trim() === ""}>
              {busy ? m.opening : m.open}
            </button>
          </form>
        </section>
      )}
      <p role="alert" id="error" className="error">
        {error}
      </p>
    </>
  );
}
