// The portal: one page per address. Landmarks (header, main, footer), a skip link, a language
// switch, and errors in a live region. The passkey prompt and the location come in as props.
import { enrolWithToken, type PasskeyPort, type StaffSession } from "@sigill/client";
import { useEffect, useState, type ReactNode } from "react";
import { beginEnrolment, currentSession, logout, type Account, type PasskeyPrompt } from "./auth.ts";
import { AdminLog } from "./admin-log-page.tsx";
import { AdminPolicy } from "./admin-policy-page.tsx";
import { AdminUsers } from "./admin-users-page.tsx";
// Admin charts (issue 7).
import { AdminStats } from "./admin-stats-page.tsx";
import { PasskeysPage } from "./passkeys-page.tsx";
import { describe } from "./errors.ts";
import { MAIL_TEXT, type MailText } from "./i18n-mail.ts";
import { TEXT, type Lang, type PortalText } from "./i18n.ts";
import { InboxPage, ThreadPage } from "./inbox-pages.tsx";
import { MessageLinkPage } from "./message-link.tsx";
import { NeedKeys, RecoveryCodeStep, SecureProvider, useSecure } from "./secure.tsx";

export interface AppProps {
  readonly lang: Lang;
  readonly setLang: (lang: Lang) => void;
  readonly path: string;
  readonly hash: string;
  readonly prompt: PasskeyPrompt;
  /** The same prompt with PRF, for logins and enrolments that unlock or create keys. */
  readonly passkeys: PasskeyPort;
  readonly passkeysSupported: boolean;
  /** Goes to another page of the portal without reloading it (the keys stay in memory). */
  readonly navigate: (path: string, replace?: boolean) => void;
}

function Layout({
  t,
  lang,
  setLang,
  children,
}: {
  t: PortalText;
  lang: Lang;
  setLang: (l: Lang) => void;
  children: ReactNode;
}) {
  return (
    <>
      <a className="skip" href="#main">
        {t.skip}
      </a>
      <header>
        <p className="brand">
          <a href="/">Sigill</a> <span>{t.tagline}</span>
        </p>
        <button
          type="button"
          className="lang"
          lang={t.otherLanguageName}
          onClick={() => {
            setLang(lang === "sv" ? "en" : "sv");
          }}
        >
          {t.otherLanguage}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer>
        <p>Sigill</p>
      </footer>
    </>
  );
}

function Home({ t, m, supported }: { t: PortalText; m: MailText; supported: boolean }) {
  const secure = useSecure();
  const me = secure.session === undefined ? undefined : (secure.session?.account ?? null);
  const setMe = (session: StaffSession | null) => {
    secure.set(session);
  };
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [status, setStatus] = useState("");
  const run = (action: () => Promise<void>) => {
    setBusy(true);
    setError("");
    setStatus("");
    void action()
      .catch((e: unknown) => {
        setError(describe(t, e));
      })
      .finally(() => {
        setBusy(false);
      });
  };
  return (
    <>
      <h1>{t.title}</h1>
      <p>{t.about}</p>
      {me === undefined ? null : me === null ? (
        <>
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
        </>
      ) : (
        <>
          <p id="who">{t.loggedInAs(me.email, t.roles[me.role] ?? me.role)}</p>
          <ul>
            <li>
              <a href="/inbox">{m.inboxLink}</a>
            </li>
            <li>
              <a href="/passkeys">{t.keys.link}</a>
            </li>
          </ul>
          {me.role === "admin" && (
            <nav aria-label="Admin">
              <ul>
                <li>
                  <a href="/admin/log">{t.log.link}</a>
                </li>
                <li>
                  <a href="/admin/users">{t.users.link}</a>
                </li>
                <li>
                  <a href="/admin/policy">{t.policy.link}</a>
                </li>
                {/* Admin charts (issue 7). */}
                <li>
                  <a href="/admin/stats">{t.stats.link}</a>
                </li>
              </ul>
            </nav>
          )}
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              run(async () => {
                await logout(false);
                setMe(null);
                setStatus(t.loggedOut);
              });
            }}
          >
            {t.logout}
          </button>{" "}
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              run(async () => {
                await logout(true);
                setMe(null);
                setStatus(t.loggedOut);
              });
            }}
          >
            {t.logoutAll}
          </button>
        </>
      )}
      <p role="status" id="status">
        {status}
      </p>
      <p role="alert" id="error" className="error">
        {error}
      </p>
    </>
  );
}

function Enrol({ t, m, hash, supported }: { t: PortalText; m: MailText; hash: string; supported: boolean }) {
  const secure = useSecure();
  const token = hash.replace(/^#/, "");
  const [begun, setBegun] = useState<Awaited<ReturnType<typeof beginEnrolment>> | null>(null);
  const [me, setMe] = useState<Account | null>(null);
  const [recovery, setRecovery] = useState<{ session: StaffSession; code: string } | null>(null);
  const [error, setError] = useState(token === "" ? t.noLink : "");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (token === "") return;
    void beginEnrolment(token).then(setBegun, (e: unknown) => {
      setError(describe(t, e));
    });
  }, [token, t]);
  const done = (session: StaffSession) => {
    secure.set(session);
    setRecovery(null);
    setMe(session.account);
  };
  return (
    <>
      <h1>{t.enrolTitle}</h1>
      <p>{t.enrolIntro}</p>
      <p>{t.passkeyExplained}</p>
      <p>{t.passkeyPhone}</p>
      {begun !== null && me === null && recovery === null && (
        <>
          <p id="enrol-for">{t.enrolFor(begun.account.email)}</p>
          {!supported && <p role="alert">{t.unsupported}</p>}
          <button
            type="button"
            disabled={busy || !supported}
            onClick={() => {
              setBusy(true);
              setError("");
              // The passkey, then keys made here (or, for a reset account, the old keys kept).
              void enrolWithToken(location.origin, token, secure.passkeys, { sessionKind: "portal" })
                .then(
                  (enrolled) => {
                    if (enrolled.recoveryCode === null) done(enrolled.session);
                    else setRecovery({ session: enrolled.session, code: enrolled.recoveryCode });
                  },
                  (e: unknown) => {
                    setError(describe(t, e, m));
                  },
                )
                .finally(() => {
                  setBusy(false);
                });
            }}
          >
            {busy ? t.loggingIn : t.createPasskey}
          </button>
        </>
      )}
      {recovery !== null && (
        <RecoveryCodeStep
          m={m}
          code={recovery.code}
          label={m.recoveryDone}
          onDone={() => {
            done(recovery.session);
          }}
        />
      )}
      {me !== null && (
        <>
          <p role="status" id="enrolled">
            {t.enrolled}
          </p>
          <p id="who">{t.loggedInAs(me.email, t.roles[me.role] ?? me.role)}</p>
          <ul>
            <li>
              <a href="/inbox">{m.toInbox}</a>
            </li>
            <li>
              <a href="/">{t.home}</a>
            </li>
          </ul>
        </>
      )}
      <p role="alert" id="error" className="error">
        {error}
      </p>
    </>
  );
}

/** A page that needs a session: shows `page` for the logged-in account, else how to log in. */
function WithSession({ t, page }: { t: PortalText; page: (me: Account) => ReactNode }) {
  const [me, setMe] = useState<Account | null | undefined>(undefined);
  useEffect(() => {
    void currentSession().then(setMe, () => {
      setMe(null);
    });
  }, []);
  if (me === undefined) return <p>{t.log.loading}</p>;
  if (me === null)
    return (
      <p role="alert">
        {t.log.loginFirst} <a href="/">{t.home}</a>
      </p>
    );
  return <>{page(me)}</>;
}

function NotFound({ t }: { t: PortalText }) {
  return (
    <>
      <h1>{t.notFoundTitle}</h1>
      <p>{t.notFound}</p>
      <p>
        <a href="/">{t.home}</a>
      </p>
    </>
  );
}

function Routes(props: AppProps & { t: PortalText; m: MailText }) {
  const { t, m, path } = props;
  const supported = props.passkeysSupported;
  const thread = /^\/inbox\/([A-Za-z0-9_-]{22})$/.exec(path)?.[1];
  if (path === "/") return <Home t={t} m={m} supported={supported} />;
  if (path === "/enrol") return <Enrol t={t} m={m} hash={props.hash} supported={supported} />;
  if (path.startsWith("/m/"))
    return (
      <MessageLinkPage
        t={t}
        m={m}
        lang={props.lang}
        path={path}
        hash={props.hash}
        supported={supported}
        navigate={props.navigate}
      />
    );
  if (path === "/inbox")
    return (
      <NeedKeys
        t={t}
        m={m}
        supported={supported}
        page={(session) => <InboxPage t={t} m={m} lang={props.lang} session={session} />}
      />
    );
  if (thread !== undefined)
    return (
      <NeedKeys
        t={t}
        m={m}
        supported={supported}
        page={(session) => <ThreadPage t={t} m={m} lang={props.lang} session={session} id={thread} />}
      />
    );
  if (path === "/admin/log") return <WithSession t={t} page={(me) => <AdminLog t={t} me={me} />} />;
  if (path === "/admin/users")
    return <WithSession t={t} page={(me) => <AdminUsers t={t} me={me} lang={props.lang} />} />;
  if (path === "/passkeys")
    return <WithSession t={t} page={(me) => <PasskeysPage t={t} m={m} me={me} prompt={props.prompt} />} />;
  if (path === "/admin/policy") return <WithSession t={t} page={(me) => <AdminPolicy t={t} me={me} />} />;
  if (path === "/admin/stats") return <WithSession t={t} page={(me) => <AdminStats t={t} me={me} />} />;
  return <NotFound t={t} />;
}

export function App(props: AppProps) {
  const t = TEXT[props.lang];
  const m = MAIL_TEXT[props.lang];
  useEffect(() => {
    document.documentElement.lang = props.lang;
    document.title = t.title;
  }, [props.lang, t]);
  return (
    <SecureProvider passkeys={props.passkeys}>
      <Layout t={t} lang={props.lang} setLang={props.setLang}>
        <Routes {...props} t={t} m={m} />
      </Layout>
    </SecureProvider>
  );
}
