// A campaign's actions per treatment arm as a table, with the form that adds one; used by the
// builder (before the campaign exists) and by a draft's detail panel (saved as they change).
import { ActionIcon, Stack, Table, Text } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CampaignActionDto } from '../../campaigns-api.ts';
import { useFormat } from '../../format.ts';
import { ActionForm } from './ActionForm.tsx';

export function ActionsEditor(props: {
  arms: { key: string; name: string; control: boolean }[];
  actions: CampaignActionDto[];
  onChange?: (actions: CampaignActionDto[]) => void;
  busy?: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const armName = (key: string) => props.arms.find((a) => a.key === key)?.name ?? key;
  const treatment = props.arms.filter((a) => !a.control);
  const { onChange } = props;
  return (
    <Stack gap="sm" data-testid="campaign-actions">
      {props.actions.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('campaigns.actions.none')}
        </Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('campaigns.actions.arm')}</Table.Th>
              <Table.Th>{t('campaigns.actions.type')}</Table.Th>
              <Table.Th>{t('campaigns.actions.name')}</Table.Th>
              <Table.Th ta="right">{t('campaigns.actions.cost')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.actions.map((a) => (
              <Table.Tr key={a.key}>
                <Table.Td>{armName(a.arm)}</Table.Td>
                <Table.Td>{t(`campaigns.actions.kind.${a.type}`)}</Table.Td>
                <Table.Td>{a.name}</Table.Td>
                <Table.Td ta="right">{fmt.money(a.costMinor ?? 0)}</Table.Td>
                <Table.Td>
                  {onChange && (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('campaigns.actions.remove', { name: a.name })}
                      onClick={() => onChange(props.actions.filter((x) => x.key !== a.key))}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {onChange && (
        <ActionForm
          arms={treatment}
          taken={props.actions.map((a) => a.key)}
          onAdd={(a) => onChange([...props.actions, a])}
          busy={props.busy}
        />
      )}
    </Stack>
  );
}
