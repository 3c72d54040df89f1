// A titled card: the frame of every panel on a detail screen.
import { Card, Group, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function Panel({
  title,
  icon,
  action,
  children,
  testId,
}: {
  title: string;
  icon?: ReactNode;
  action?: ReactNode;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-label={title} data-testid={testId}>
      <Group justify="space-between" mb="sm" wrap="nowrap" gap="xs">
        <Group gap="xs" wrap="nowrap">
          {icon}
          <Title order={4}>{title}</Title>
        </Group>
        {action}
      </Group>
      {children}
    </Card>
  );
}

/** A label and its value, inside a <dl>. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div style={{ minWidth: 0 }}>
      <dt style={{ fontSize: 'var(--mantine-font-size-xs)', color: 'var(--mantine-color-dimmed)' }}>{label}</dt>
      <dd style={{ margin: 0, fontSize: 'var(--mantine-font-size-sm)', overflowWrap: 'anywhere' }}>{children}</dd>
    </div>
  );
}
