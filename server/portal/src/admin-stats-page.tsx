// The admin console's charts (issue 7): secure messages per week, diversions per week by kind of
// data, logins and failed logins per day. Each chart has its figures in a table as well.
import { useEffect, useMemo, useState } from "react";
import { DAY_CHOICES, readStats, seriesColour, WEEK_CHOICES, weekLabel, type Stats } from "./admin-stats.ts";
import type { Account } from "./auth.ts";
import { ChartFigure, type Series } from "./chart.tsx";
import { describe } from "./errors.ts";
import type { PortalText } from "./i18n.ts";

export function AdminStats({ t, me }: { t: PortalText; me: Account }) {
  const s = t.stats;
  const [range, setRange] = useState<{ weeks: number; days: number }>({ weeks: 12, days: 30 });
  const [stats, setStats] = useState<Stats | null>(null);
  // The failure itself, described in the current language when shown (a language switch must
  // not fetch again and redraw).
  const [error, setError] = useState<{ cause: unknown } | null>(null);
  useEffect(() => {
    if (me.role !== "admin") return;
    setStats(null);
    setError(null);
    void readStats(range).then(setStats, (cause: unknown) => {
      setError({ cause });
    });
  }, [range, me.role]);

  const charts = useMemo(() => {
    if (stats === null) return null;
    const spansYears = new Set(stats.weeks.map((w) => w.week.slice(0, 4))).size > 1;
    const weekLabels = stats.weeks.map((w) => weekLabel(w.week, spansYears));
    const weekRows = stats.weeks.map((w) => s.weekRow(weekLabel(w.week, true), w.start));
    const messages: Series[] = [
      { label: s.newMessages, values: stats.weeks.map((w) => w.messages), colour: seriesColour(0) },
      { label: s.replies, values: stats.weeks.map((w) => w.replies), colour: seriesColour(1) },
    ];
    const diversions: Series[] = stats.kinds.map((kind, i) => ({
      label: t.policy.kinds[kind] ?? kind,
      values: stats.weeks.map((w) => w.byKind[kind] ?? 0),
      colour: seriesColour(i),
    }));
    const logins: Series[] = [
      { label: s.logins, values: stats.days.map((d) => d.logins), colour: seriesColour(0) },
      {
        label: s.failedLogins,
        values: stats.days.map((d) => d.failedLogins),
        colour: seriesColour(3),
        dashed: true,
      },
    ];
    return {
      weekLabels,
      weekRows,
      messages,
      diversions,
      logins,
      dayLabels: stats.days.map((d) => d.day.slice(5)),
      dayRows: stats.days.map((d) => d.day),
      totals: {
        messages: stats.weeks.reduce((n, w) => n + w.messages, 0),
        replies: stats.weeks.reduce((n, w) => n + w.replies, 0),
        diversions: stats.weeks.reduce((n, w) => n + w.diversions, 0),
        logins: stats.days.reduce((n, d) => n + d.logins, 0),
        failed: stats.days.reduce((n, d) => n + d.failedLogins, 0),
      },
    };
  }, [stats, s, t.policy.kinds]);

  if (me.role !== "admin") return <p role="alert">{t.log.adminsOnly}</p>;
  return (
    <>
      <h1>{s.title}</h1>
      <p>{s.intro}</p>
      <form
        className="filters"
        aria-label={s.range}
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <label htmlFor="s-weeks">{s.weeks}</label>
        <select
          id="s-weeks"
          value={range.weeks}
          onChange={(e) => {
            setRange({ ...range, weeks: Number(e.target.value) });
          }}
        >
          {WEEK_CHOICES.map((n) => (
            <option key={n} value={n}>
              {s.lastWeeks(n)}
            </option>
          ))}
        </select>
        <label htmlFor="s-days">{s.days}</label>
        <select
          id="s-days"
          value={range.days}
          onChange={(e) => {
            setRange({ ...range, days: Number(e.target.value) });
          }}
        >
          {DAY_CHOICES.map((n) => (
            <option key={n} value={n}>
              {s.lastDays(n)}
            </option>
          ))}
        </select>
      </form>
      <p>
        <a href="/admin/log">{t.log.title}</a>
      </p>
      {error !== null && (
        <p role="alert" className="error">
          {describe(t, error.cause)}
        </p>
      )}
      <p role="status" id="stats-status">
        {charts === null ? t.log.loading : s.summary(charts.totals)}
      </p>
      {charts !== null && (
        <>
          <ChartFigure
            id="chart-messages"
            title={s.messagesTitle}
            summary={s.chartSummary(s.messagesTitle)}
            kind="stacked-bar"
            labels={charts.weekLabels}
            rowLabels={charts.weekRows}
            rowHeader={s.week}
            series={charts.messages}
            showTable={s.showTable}
            empty=""
          />
          <ChartFigure
            id="chart-diversions"
            title={s.diversionsTitle}
            summary={s.chartSummary(s.diversionsTitle)}
            kind="stacked-bar"
            labels={charts.weekLabels}
            rowLabels={charts.weekRows}
            rowHeader={s.week}
            series={charts.diversions}
            showTable={s.showTable}
            empty={s.noDiversions}
          />
          <ChartFigure
            id="chart-logins"
            title={s.loginsTitle}
            summary={s.chartSummary(s.loginsTitle)}
            kind="line"
            labels={charts.dayLabels}
            rowLabels={charts.dayRows}
            rowHeader={s.day}
            series={charts.logins}
            showTable={s.showTable}
            empty=""
          />
        </>
      )}
    </>
  );
}
