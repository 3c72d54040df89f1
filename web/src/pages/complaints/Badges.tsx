// A complaint's status, its SLA state and the countdown to its deadline, the same on every screen.
import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplaintDto } from '../../api.ts';
import { useFormat } from '../../format.ts';
import { type ComplaintStatus, slaClockRunning, slaColor, statusColor } from './model.ts';

export function ComplaintStatusBadge({ status }: { status: ComplaintStatus }) {
  const { t } = useTranslation();
  return (
    <Badge size="sm" variant="light" color={statusColor[status]} data-testid="complaint-status">
      {t(`complaintStatus.${status}`)}
    </Badge>
  );
}

/** "in 5 hours" / "3 hours ago", in the screen language, ticking every minute. */
function useRelative(iso: string | null) {
  const { i18n } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(id);
  }, []);
  if (!iso) return null;
  const minutes = Math.round((new Date(iso).getTime() - now) / 60_000);
  const rtf = new Intl.RelativeTimeFormat(i18n.language, { numeric: 'auto' });
  if (Math.abs(minutes) < 60) return rtf.format(minutes, 'minute');
  if (Math.abs(minutes) < 48 * 60) return rtf.format(Math.round(minutes / 60), 'hour');
  return rtf.format(Math.round(minutes / 1440), 'day');
}

/** SLA state badge and, while the clock runs, when the deadline falls. */
export function SlaBadge({ complaint }: { complaint: Pick<ComplaintDto, 'slaState' | 'deadlineAt' | 'status'> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const relative = useRelative(complaint.deadlineAt);
  if (!complaint.slaState) {
    return (
      <Text size="xs" c="dimmed">
        {t('complaints.noSla')}
      </Text>
    );
  }
  const running = slaClockRunning(complaint);
  return (
    <Group gap={6} wrap="nowrap" data-testid="sla">
      <Badge
        size="sm"
        variant={complaint.slaState === 'breached' ? 'filled' : 'light'}
        color={slaColor[complaint.slaState]}
      >
        {t(`slaState.${complaint.slaState}`)}
      </Badge>
      {running && complaint.deadlineAt && (
        <Tooltip label={t('complaints.deadline', { date: fmt.dateTime(complaint.deadlineAt) })}>
          <Text size="xs" c={complaint.slaState === 'breached' ? 'red.7' : 'dimmed'} data-testid="sla-countdown">
            {complaint.slaState === 'breached'
              ? t('complaints.overdue', { when: relative })
              : t('complaints.due', { when: relative })}
          </Text>
        </Tooltip>
      )}
    </Group>
  );
}
