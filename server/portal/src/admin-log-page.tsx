// The admin console's access log: filters (person, message, event type, dates), a table with
// paging, CSV export of the same selection, and whether the hash chain is intact.
import { useCallback, useEffect, useState, type SyntheticEvent } from "react";
import {
  accountNames,
  csvAddress,
  PAGE_SIZE,
  readLog,
  verifyChain,
  type ChainStatus,
  type Entry,
  type LogFilter,
} from "./admin-log.ts";
import { describe } from "./errors.ts";
import type { Account } from "./auth.ts";
import { EVENT_TYPES, type PortalText } from "./i18n.ts";

export function AdminLog({ t, me }: { t: PortalText; me: Account }) {
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [draft, setDraft] = useState<LogFilter>({});
  const [filter, setFilter] = useState<LogFilter>({});
  const [pages, setPages] = useState<(number | undefined)[]>([undefined]);
  const [rows, setRows] = useState<Entry[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [chain, setChain] = useState<ChainStatus | null>(null);
  const [error, setError] = useState("");
  const before = pages.at(-1);

  useEffect(() => {
    void accountNames().then(setNames, (e: unknown) => {
      setError(describe(t, e));
    });
    void verifyChain().then(setChain, (e: unknown) => {
      setError(describe(t, e));
    });
  }, [t]);
  const load = useCallback(() => {
    setRows(null);
    void readLog(filter, before).then(
      (r) => {
        setRows(r.entries);
        setNext(r.nextBefore);
      },
      (e: unknown) => {
        setError(describe(t, e));
        setRows([]);
      },
    );
  }, [filter, before, t]);
  useEffect(load, [load]);

  if (me.role !== "admin") return <p role="alert">{t.log.adminsOnly}</p>;
  const person = (id: string | null) => (id === null ? "" : (names.get(id) ?? id));
  const onFilter = (event: SyntheticEvent) => {
    event.preventDefault();
    setFilter(draft);
    setPages([undefined]);
  };
  const field = (key: keyof LogFilter) => ({
    value: draft[key] ?? "",
    onChange: (e: { target: { value: string } }) => {
      setDraft({ ...draft, [key]: e.target.value });
    },
  });
  return (
    <>
      <h1>{t.log.title}</h1>
      <p id="chain" role="status" className={chain !== null && chain.firstBadSeq !== null ? "error" : undefined}>
        {chain === null
          ? t.log.chainChecking
          : chain.firstBadSeq === null
            ? t.log.chainOk(chain.entries)
            : t.log.chainBroken(chain.firstBadSeq)}
      </p>
      {chain !== null && <AnchorStatus t={t} chain={chain} />}
      <form onSubmit={onFilter} className="filters" aria-label={t.log.filters}>
        <label htmlFor="f-person">{t.log.person}</label>
        <select id="f-person" {...field("actor")}>
          <option value="">{t.log.anyone}</option>
          {[...names].map(([id, email]) => (
            <option key={id} value={id}>
              {email}
            </option>
          ))}
        </select>
        <label htmlFor="f-message">{t.log.message}</label>
        <input id="f-message" {...field("subject")} />
        <label htmlFor="f-type">{t.log.type}</label>
        <select id="f-type" {...field("type")}>
          <option value="">{t.log.anyType}</option>
          {EVENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {t.events[type]}
            </option>
          ))}
        </select>
        <label htmlFor="f-from">{t.log.from}</label>
        <input id="f-from" type="date" {...field("from")} />
        <label htmlFor="f-to">{t.log.to}</label>
        <input id="f-to" type="date" {...field("to")} />
        <button type="submit">{t.log.apply}</button>
      </form>
      <p>
        <a id="csv" href={csvAddress(filter)} download="sigill-atkomstlogg.csv">
          {t.log.csv}
        </a>
      </p>
      <p>
        <a href="/admin/stats">{t.stats.link}</a>
      </p>
      {error !== "" && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <table id="log">
        <caption>{rows === null ? t.log.loading : t.log.caption(rows.length)}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t.log.time}</th>
            <th scope="col">{t.log.type}</th>
            <th scope="col">{t.log.person}</th>
            <th scope="col">{t.log.subject}</th>
            <th scope="col">{t.log.details}</th>
            <th scope="col">{t.log.ip}</th>
          </tr>
        </thead>
        <tbody>
          {(rows ?? []).map((r) => (
            <tr key={r.seq}>
              <td>{r.seq}</td>
              <td>{r.at.replace("T", " ").slice(0, 19)}</td>
              <td>{(t.events as Readonly<Record<string, string | undefined>>)[r.type] ?? r.type}</td>
              <td>{person(r.actorId)}</td>
              <td>{person(r.subjectId)}</td>
              <td>
                {Object.entries(r.details)
                  .map(([k, v]) => `${k}=${String(v)}`)
                  .join(", ")}
              </td>
              <td>{r.ip ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav aria-label={t.log.paging} className="paging">
        <button
          type="button"
          disabled={pages.length <= 1}
          onClick={() => {
            setPages(pages.slice(0, -1));
          }}
        >
          {t.log.newer}
        </button>{" "}
        <button
          type="button"
          disabled={next === null || (rows?.length ?? 0) < PAGE_SIZE}
          onClick={() => {
            if (next !== null) setPages([...pages, next]);
          }}
        >
          {t.log.older}
        </button>
      </nav>
    </>
  );
}

/** The last checkpoint outside the database and whether the database still agrees with it. */
export function AnchorStatus({ t, chain }: { t: PortalText; chain: ChainStatus }) {
  const { state, latest } = chain.anchor;
  const seq = latest?.seq ?? 0;
  const at = (latest?.at ?? "").replace("T", " ").slice(0, 16);
  const text =
    state === "none" || latest === null
      ? state === "unreadable"
        ? t.log.anchorUnreadable
        : t.log.anchorNone
      : state === "agrees"
        ? t.log.anchorAgrees(seq, at)
        : state === "behind"
          ? t.log.anchorBehind(seq, at, chain.entries)
          : state === "differs"
            ? t.log.anchorDiffers(seq, at)
            : t.log.anchorUnreadable;
  return (
    <>
      <p id="anchor" role="status" className={state === "agrees" || state === "none" ? undefined : "error"}>
        {text}
      </p>
      {(latest?.kind === "restore" || chain.unkeyed > 0) && (
        <p id="anchor-notes">
          {[
            latest?.kind === "restore" ? t.log.anchorRestored : "",
            chain.unkeyed > 0 ? t.log.unkeyed(chain.unkeyed) : "",
          ]
            .filter((x) => x !== "")
            .join(" ")}
        </p>
      )}
    </>
  );
}
