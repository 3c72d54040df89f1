// A difference and its 95 % interval as a small chart: the interval as a bar, the estimate as a
// point, the zero line (no effect) in the middle. Grey when the interval crosses zero (no clear
// effect), teal when it lies above, red below. `scale` is the half-width shown (shared by rows
// that should be compared by eye).
import { useTranslation } from 'react-i18next';

const W = 220;
const H = 18;

export function IntervalBar(props: { estimate: number; ci: [number, number]; scale: number; text: string }) {
  const { t } = useTranslation();
  const half = props.scale > 0 ? props.scale : 1;
  const x = (v: number) => W / 2 + ((W / 2 - 6) * Math.max(-half, Math.min(half, v))) / half;
  const [lo, hi] = props.ci;
  const color =
    lo <= 0 && hi >= 0
      ? 'var(--mantine-color-gray-6)'
      : hi < 0
        ? 'var(--mantine-color-red-6)'
        : 'var(--mantine-color-teal-6)';
  return (
    <svg
      width={W}
      height={H}
      role="img"
      aria-label={t('campaigns.results.intervalLabel', { text: props.text })}
      data-testid="interval-bar"
      style={{ flex: 'none' }}
    >
      <line x1={W / 2} x2={W / 2} y1={0} y2={H} stroke="var(--mantine-color-default-border)" strokeWidth={1} />
      <line x1={x(lo)} x2={x(hi)} y1={H / 2} y2={H / 2} stroke={color} strokeWidth={4} strokeLinecap="round" />
      <circle cx={x(props.estimate)} cy={H / 2} r={4} fill="var(--mantine-color-text)" />
    </svg>
  );
}

/** The half-width that shows every interval of a set whole. */
export const scaleOf = (intervals: [number, number][]) =>
  Math.max(1e-9, ...intervals.flatMap(([lo, hi]) => [Math.abs(lo), Math.abs(hi)]));
