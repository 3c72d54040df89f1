// A small labelled figure (a KPI on a card).
import { Box, Text } from '@mantine/core';

export function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Box data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </Box>
  );
}
