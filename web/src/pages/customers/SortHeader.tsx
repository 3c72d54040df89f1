// A column header that sorts the list by its column: a first click sorts the column's natural way
// (values highest first, names A–Z), the next one reverses; aria-sort says which way it is.
import { Group, Table, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import type { ReactNode } from 'react';

type Props = {
  column: string;
  sort: string;
  onSort: (sort: string) => void;
  firstDirection: 'asc' | 'desc';
  children: ReactNode;
};

export function SortHeader({ column, sort, onSort, firstDirection, children }: Props) {
  const direction = sort === column ? 'asc' : sort === `-${column}` ? 'desc' : undefined;
  const next = direction
    ? direction === 'asc'
      ? `-${column}`
      : column
    : firstDirection === 'asc'
      ? column
      : `-${column}`;
  const Icon = direction === 'asc' ? IconArrowUp : direction === 'desc' ? IconArrowDown : IconArrowsSort;
  return (
    <Table.Th aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}>
      <UnstyledButton
        onClick={() => onSort(next)}
        data-sort={column}
        style={{ font: 'inherit', fontWeight: 'inherit' }}
      >
        <Group gap={4} wrap="nowrap">
          <span>{children}</span>
          <Icon size={14} aria-hidden opacity={direction ? 1 : 0.4} />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}
