// Small pieces that show a customer the same way on every screen: status and tags.
import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CustomerDto } from '../api.ts';

export function StatusBadge({ status }: { status: CustomerDto['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={status === 'active' ? 'teal' : 'gray'} variant="light">
      {t(`customers.status.${status}`)}
    </Badge>
  );
}

export function Tags({ tags, max = 3 }: { tags: string[]; max?: number }) {
  if (tags.length === 0) return null;
  return (
    <Group gap={4} wrap="wrap">
      {tags.slice(0, max).map((tag) => (
        <Badge key={tag} size="sm" variant="outline" color="gray" tt="none">
          {tag}
        </Badge>
      ))}
      {tags.length > max && (
        <Badge size="sm" variant="transparent" color="gray">
          +{tags.length - max}
        </Badge>
      )}
    </Group>
  );
}
