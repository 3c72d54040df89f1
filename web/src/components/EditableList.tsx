// The list screens of settings and loyalty (custom fields, webhooks, promotions, rewards, people,
// tokens) share one shape: a striped table of rows under a header, in a horizontal scroller; and,
// around it, a hint, an alert for a failed row action, an Add button, an empty state that offers
// Add, and the add (or edit) dialog. Each screen declares only its columns, texts and dialog.
import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { UseQueryResult } from '@tanstack/react-query';
import { type CSSProperties, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryBody } from './FormParts.tsx';
import { EmptyState, ErrorState } from './States.tsx';

export type Column<T> = {
  /** Left out: the column has an empty header cell (e.g. for row buttons). */
  header?: string;
  /** `edit` opens the list's dialog on this row (see EditableList's `add`). */
  cell: (row: T, edit: () => void) => ReactNode;
  align?: 'right';
  /** The body cell's style. */
  style?: CSSProperties;
};

/** `false` stands for a column the caller may not see (e.g. `editable && {...}`). */
export type Columns<T> = (Column<T> | false)[];

type DataTableProps<T> = {
  rows: T[];
  columns: Columns<T>;
  minWidth: number;
  testId?: string;
  rowTestId?: string;
  highlightOnHover?: boolean;
  onEdit?: (row: T) => void;
};

/** A striped table, one row per item; without any column header there is no header row. */
export function DataTable<T extends { id: string }>({
  rows,
  columns,
  minWidth,
  testId,
  rowTestId,
  highlightOnHover,
  onEdit,
}: DataTableProps<T>) {
  const shown = columns.filter((c): c is Column<T> => c !== false);
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped highlightOnHover={highlightOnHover} data-testid={testId}>
        {shown.some((c) => c.header !== undefined) && (
          <Table.Thead>
            <Table.Tr>
              {shown.map((c, i) => (
                <Table.Th key={i} ta={c.align}>
                  {c.header}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
        )}
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id} data-testid={rowTestId}>
              {shown.map((c, i) => (
                <Table.Td key={i} ta={c.align} style={c.style}>
                  {c.cell(row, () => onEdit?.(row))}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A row's Remove button; it asks `confirm` first. */
export function RemoveButton({ confirm, onRemove }: { confirm: string; onRemove: () => void }) {
  const { t } = useTranslation();
  return (
    <Button size="xs" variant="subtle" color="red" onClick={() => window.confirm(confirm) && onRemove()}>
      {t('people.remove')}
    </Button>
  );
}

export type DialogState<T> = {
  opened: boolean;
  /** The row being edited; null when adding. */ item: T | null;
  close: () => void;
};

type EditableListProps<T> = Omit<DataTableProps<T>, 'rows' | 'onEdit'> & {
  /** The list itself, or a page of it (`{ items }`). */
  query: UseQueryResult<T[] | { items: T[] }>;
  /** With a title the list is a titled section whose Add button is always in its header. */
  title?: string;
  hint?: string;
  /** A row action that failed (remove, switch off...). */
  error?: Error | null;
  /** An empty state (offering Add), or a plain line. */
  empty: { title: string; body: string } | { text: string };
  /** Left out for roles that may not add. The dialog is always rendered; it decides what to show when closed. */
  add?: { label: string; dialog: (state: DialogState<T>) => ReactNode };
  /** Shown under the hint: e.g. a form that adds inline. */
  children?: ReactNode;
};

const itemsOf = <T,>(data: T[] | { items: T[] }): T[] => (Array.isArray(data) ? data : data.items);

export function EditableList<T extends { id: string }>({
  query,
  title,
  hint,
  error,
  empty,
  add,
  children,
  ...table
}: EditableListProps<T>) {
  const [opened, { open, close }] = useDisclosure(false);
  const [item, setItem] = useState<T | null>(null);
  const edit = (row: T | null) => {
    setItem(row);
    open();
  };
  const count = query.data ? itemsOf(query.data).length : 0;
  const addButton = (props: { size?: 'xs'; variant?: 'light' }) =>
    add && (
      <Button {...props} onClick={() => edit(null)}>
        {add.label}
      </Button>
    );
  const body = (
    <QueryBody
      query={query}
      isEmpty={(d) => itemsOf(d).length === 0}
      empty={
        'text' in empty ? (
          <Text c="dimmed">{empty.text}</Text>
        ) : (
          <EmptyState title={empty.title} action={addButton({})}>
            {empty.body}
          </EmptyState>
        )
      }
    >
      {(d) => <DataTable rows={itemsOf(d)} onEdit={edit} {...table} />}
    </QueryBody>
  );
  return (
    <Stack gap={title ? 'xs' : undefined} component={title ? 'section' : 'div'} aria-label={title}>
      {title && (
        <Group justify="space-between">
          <Title order={4}>{title}</Title>
          {addButton({ size: 'xs', variant: 'light' })}
        </Group>
      )}
      {hint && (
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
      )}
      {children}
      {error && <ErrorState error={error} />}
      {!title && add && count > 0 && <Group>{addButton({})}</Group>}
      {body}
      {add?.dialog({ opened, item, close })}
    </Stack>
  );
}
