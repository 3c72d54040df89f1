// The 360's next-best offers: products the customer does not hold, ranked by the chance of buying
// given what they hold × the product's margin, each with why (GET /customers/{id}/offers); per
// offer, the actions (as a task, into the campaign segment, accepted, declined) the caller's role
// may take, and the offers made so far (OfferEvents.tsx).
import { Alert, Button, Group, Menu, Modal, Select, Stack, Table, Text } from '@mantine/core';
import { IconChevronDown, IconGift } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type OfferDto, useCustomerOffers, useOfferActions } from '../../affinity-api.ts';
import { GeneralError } from '../../components/FieldErrors.tsx';
import { Panel } from '../../components/Panel.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { useMembers } from '../../members.ts';
import { allowed } from '../../session.ts';
import { useAffinityWords } from '../affinity/words.ts';
import { OfferEvents } from './OfferEvents.tsx';
import type { PanelProps } from './types.ts';

export function OffersPanel(props: PanelProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const w = useAffinityWords();
  const customerId = props.overview.customer.id;
  const query = useCustomerOffers(customerId);
  const canOffer = allowed(props.me, 'affinity:offer');
  const canCampaign = allowed(props.me, 'affinity:write');
  const actions = useOfferActions(customerId);
  const [done, setDone] = useState<string | null>(null);
  const [taskFor, setTaskFor] = useState<OfferDto | null>(null);
  const error = actions.outcome.error ?? actions.task.error ?? actions.campaign.error;
  let body;
  if (query.isPending) body = <Loading />;
  else if (query.isError) body = <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  else if (query.data.blocked === 'no_consent')
    body = (
      <Alert color="yellow" data-testid="offers-blocked">
        {t('affinity.offers.noConsent')}
      </Alert>
    );
  else if (query.data.items.length === 0)
    body = (
      <Text size="sm" c="dimmed">
        {query.data.runId ? t('affinity.offers.none') : t('affinity.offers.noRun')}
      </Text>
    );
  else
    body = (
      <Table striped data-testid="offers-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('affinity.offers.product')}</Table.Th>
            <Table.Th ta="right">{t('affinity.offers.probability')}</Table.Th>
            <Table.Th ta="right">{t('affinity.offers.expectedMargin')}</Table.Th>
            <Table.Th>{t('affinity.offers.why')}</Table.Th>
            {(canOffer || canCampaign) && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {query.data.items.map((o) => (
            <Table.Tr key={o.productId}>
              <Table.Td>{o.name}</Table.Td>
              <Table.Td ta="right">{w.percent(o.probability)}</Table.Td>
              <Table.Td ta="right">{fmt.money(o.expectedMarginMinor)}</Table.Td>
              <Table.Td>{w.explain(o.explanation)}</Table.Td>
              {(canOffer || canCampaign) && (
                <Table.Td ta="right">
                  <OfferActions
                    me={props.me.user?.id ?? null}
                    offer={o}
                    can={{ offer: canOffer, campaign: canCampaign }}
                    actions={actions}
                    onDone={setDone}
                    onTask={() => setTaskFor(o)}
                  />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
  const names = new Map((query.data?.items ?? []).map((o) => [o.productId, o.name]));
  return (
    <Panel title={t('panels.offers')} icon={<IconGift size={20} />} testId="offers-panel">
      <Stack gap="md">
        {body}
        <GeneralError error={error} known={[]} />
        {done && !error && (
          <Text size="sm" c="teal" data-testid="offer-action-done">
            {done}
          </Text>
        )}
        <OfferEvents me={props.me} customerId={customerId} names={names} />
      </Stack>
      <Modal opened={taskFor !== null} onClose={() => setTaskFor(null)} title={t('affinity.actions.task')}>
        {taskFor && (
          <OfferTaskForm
            props={props}
            offer={taskFor}
            task={actions.task}
            onDone={(message) => {
              setTaskFor(null);
              setDone(message);
            }}
          />
        )}
      </Modal>
    </Panel>
  );
}

type ActionProps = {
  me: string | null;
  offer: OfferDto;
  can: { offer: boolean; campaign: boolean };
  actions: ReturnType<typeof useOfferActions>;
  onDone: (message: string) => void;
  onTask: () => void;
};

function OfferActions({ me, offer, can, actions, onDone, onTask }: ActionProps) {
  const { t } = useTranslation();
  const { outcome, task, campaign } = actions;
  const productId = offer.productId;
  const reset = () => [outcome, task, campaign].forEach((m) => m.reset());
  const say = (key: string, values: Record<string, string> = {}) => onDone(t(key, { product: offer.name, ...values }));
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size="xs" variant="light" rightSection={<IconChevronDown size={14} />}>
          {t('affinity.actions.menu')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown data-testid={`offer-actions-${offer.sku}`}>
        {can.offer && me && (
          <Menu.Item
            onClick={() => {
              reset();
              onTask();
            }}
          >
            {t('affinity.actions.task')}
          </Menu.Item>
        )}
        {can.campaign && (
          <Menu.Item
            onClick={() => {
              reset();
              campaign.mutate(productId, {
                onSuccess: (r) => say('affinity.actions.addedToSegment', { segment: r.segmentName }),
              });
            }}
          >
            {t('affinity.actions.campaign')}
          </Menu.Item>
        )}
        {can.offer &&
          (['accepted', 'declined'] as const).map((o) => (
            <Menu.Item
              key={o}
              onClick={() => {
                reset();
                outcome.mutate({ productId, outcome: o }, { onSuccess: () => say(`affinity.actions.recorded.${o}`) });
              }}
            >
              {t(`affinity.actions.${o}`)}
            </Menu.Item>
          ))}
      </Menu.Dropdown>
    </Menu>
  );
}

type TaskFormProps = {
  props: PanelProps;
  offer: OfferDto;
  task: ReturnType<typeof useOfferActions>['task'];
  onDone: (message: string) => void;
};

/** Whom the task to offer the product goes to: the caller unless they pick a colleague. */
function OfferTaskForm({ props, offer, task, onDone }: TaskFormProps) {
  const { t } = useTranslation();
  const { members, enabled } = useMembers(props.me);
  const me = props.me.user;
  const [assigneeId, setAssigneeId] = useState<string | null>(me?.id ?? null);
  const people = enabled ? members : me ? [me] : [];
  const submit = () =>
    assigneeId &&
    task.mutate(
      { productId: offer.productId, assigneeId },
      {
        onSuccess: () => {
          const name = people.find((m) => m.id === assigneeId)?.name ?? '';
          onDone(t('affinity.actions.taskMade', { product: offer.name, assignee: name }));
        },
      },
    );
  return (
    <Stack gap="sm" data-testid="offer-task">
      <GeneralError error={task.error} known={[]} />
      <Select
        label={t('affinity.actions.assignee')}
        data={people.map((m) => ({ value: m.id, label: m.name }))}
        value={assigneeId}
        onChange={setAssigneeId}
        searchable
        allowDeselect={false}
      />
      <Group justify="flex-end">
        <Button onClick={submit} loading={task.isPending} disabled={!assigneeId}>
          {t('affinity.actions.makeTask')}
        </Button>
      </Group>
    </Stack>
  );
}
