// One chart (Chart.js on a canvas) with its figures as a table for screen readers and keyboard
// users. Chart.js (chart-lib.ts) is loaded on first use, from this origin like every script; it
// draws on a canvas and sets styles through the DOM, which the portal's CSP allows.
import { useEffect, useRef } from "react";

export interface Series {
  readonly label: string;
  readonly values: readonly number[];
  readonly colour: string;
  /** A dashed line, so two lines differ by more than colour. */
  readonly dashed?: boolean;
}

export interface ChartProps {
  readonly id: string;
  readonly title: string;
  /** What the chart shows, for the canvas's accessible name. */
  readonly summary: string;
  readonly kind: "stacked-bar" | "line";
  readonly labels: readonly string[];
  /** Row headers of the table (full dates or weeks). */
  readonly rowLabels: readonly string[];
  readonly rowHeader: string;
  readonly series: readonly Series[];
  readonly showTable: string;
  readonly empty: string;
}

export function ChartFigure(props: ChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { kind, labels, series } = props;
  useEffect(() => {
    const target = canvas.current;
    if (target === null) return;
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    void import("./chart-lib.ts").then(({ Chart }) => {
      if (cancelled) return;
      chart = new Chart(target, {
        type: kind === "line" ? "line" : "bar",
        data: {
          labels: [...labels],
          datasets: series.map((s) => ({
            label: s.label,
            data: [...s.values],
            backgroundColor: s.colour,
            borderColor: s.colour,
            borderWidth: kind === "line" ? 2 : 0,
            ...(s.dashed === true && { borderDash: [6, 4] }),
            pointRadius: kind === "line" ? 2 : 0,
          })),
        },
        options: {
          responsive: true,
          aspectRatio: 2.2,
          plugins: { legend: { position: "bottom" } },
          scales: {
            x: { stacked: kind === "stacked-bar", grid: { display: false } },
            y: { stacked: kind === "stacked-bar", beginAtZero: true, ticks: { precision: 0 } },
          },
        },
      });
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [kind, labels, series]);
  return (
    <figure id={props.id} className="chart" aria-labelledby={`${props.id}-title`}>
      <figcaption id={`${props.id}-title`}>{props.title}</figcaption>
      {series.length === 0 ? (
        <p className="hint">{props.empty}</p>
      ) : (
        <div className="chart-canvas">
          <canvas ref={canvas} role="img" aria-label={props.summary} />
        </div>
      )}
      {series.length > 0 && (
        <details>
          <summary>{props.showTable}</summary>
          <table className="figures">
            <caption>{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">{props.rowHeader}</th>
                {series.map((s) => (
                  <th scope="col" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.rowLabels.map((row, i) => (
                <tr key={row}>
                  <th scope="row">{row}</th>
                  {series.map((s) => (
                    <td key={s.label}>{s.values[i] ?? 0}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}
