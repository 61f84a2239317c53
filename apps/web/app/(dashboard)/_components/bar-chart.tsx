import { formatDay } from '@/ui/format';

type Day = { date: string; posted: number; failed: number };

const WIDTH = 720;
const HEIGHT = 180;
const PAD_BOTTOM = 22;
const PAD_LEFT = 28;

/** Posted and failed records per day as grouped SVG bars, with a table alternative for screen readers. */
export function PostedFailedChart({ days }: { days: Day[] }) {
  const max = Math.max(1, ...days.map((d) => Math.max(d.posted, d.failed)));
  const ticks = [...new Set([0, max >= 4 ? Math.round(max / 2) : 0, max])];
  const width = WIDTH;
  const slot = (WIDTH - PAD_LEFT - 8) / Math.max(1, days.length);
  const bar = Math.min(14, Math.max(3, slot / 2 - 4));
  const y = (n: number) => HEIGHT - PAD_BOTTOM - (n / max) * (HEIGHT - PAD_BOTTOM - 10);
  return (
    <figure className="stack" style={{ margin: 0 }}>
      <svg className="chart" viewBox={`0 0 ${width} ${HEIGHT}`} role="img" aria-labelledby="chart-title">
        <title id="chart-title">Posted and failed records per day</title>
        {ticks.map((n) => (
          <g key={n}>
            <line x1={PAD_LEFT} x2={width} y1={y(n)} y2={y(n)} stroke="var(--border)" />
            <text x={PAD_LEFT - 4} y={y(n) + 3} textAnchor="end">
              {n}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          const x = PAD_LEFT + i * slot + slot / 2 - bar;
          return (
            <g key={d.date}>
              <rect x={x} y={y(d.posted)} width={bar} height={HEIGHT - PAD_BOTTOM - y(d.posted)} fill="var(--chart-posted)" rx="2">
                <title>{`${formatDay(d.date)}: ${d.posted} posted`}</title>
              </rect>
              <rect x={x + bar + 1} y={y(d.failed)} width={bar} height={HEIGHT - PAD_BOTTOM - y(d.failed)} fill="var(--chart-failed)" rx="2">
                <title>{`${formatDay(d.date)}: ${d.failed} failed`}</title>
              </rect>
              <text x={x + bar} y={HEIGHT - 6} textAnchor="middle">
                {formatDay(d.date)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        <span>
          <i style={{ background: 'var(--chart-posted)' }} />
          Posted ({days.reduce((s, d) => s + d.posted, 0)})
        </span>
        <span>
          <i style={{ background: 'var(--chart-failed)' }} />
          Failed ({days.reduce((s, d) => s + d.failed, 0)})
        </span>
      </figcaption>
      <details>
        <summary>Show as table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Posted</th>
              <th scope="col">Failed</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date}>
                <td>{formatDay(d.date)}</td>
                <td>{d.posted}</td>
                <td>{d.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
