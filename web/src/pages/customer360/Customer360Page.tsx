// The customer 360: who the customer is, what they agreed to, what they bought and signed, and
// everything that happened, on one screen (GET /customers/{id}/overview plus one call per panel).
import { Anchor, Badge, Button, Grid, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowLeft, IconPencil, IconUserQuestion } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError, api, type MeDto } from '../../api.ts';
import { EmptyState, ErrorState } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { allowed } from '../../session.ts';
import { StatusBadge, Tags } from '../../components/CustomerBadges.tsx';
import { EditCustomer } from './EditCustomer.tsx';
import { PrivacyActions } from './PrivacyActions.tsx';
import { WorkActions } from './WorkActions.tsx';
import { type PanelDef, panels } from './panels.tsx';
import { overviewKey } from './types.ts';

const panelsFor = (me: MeDto): PanelDef[] => panels.filter((p) => !p.allowedFor || allowed(me, p.allowedFor));

export function Customer360Page({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { id = '' } = useParams();
  const location = useLocation();
  const back = (location.state as { back?: string } | null)?.back ?? '/customers';
  const [editing, { open, close }] = useDisclosure(false);
  const overview = useQuery({
    queryKey: overviewKey(id),
    queryFn: () => api.GET('/customers/{id}/overview', { params: { path: { id } } }),
  });
  const shown = panelsFor(me);

  const backLink = (
    <Anchor component={Link} to={back} size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('customer360.back')}
      </Group>
    </Anchor>
  );

  if (overview.isPending) {
    return (
      <Stack>
        {backLink}
        <Skeleton h={36} w={280} />
        <Skeleton h={240} />
      </Stack>
    );
  }
  if (overview.isError) {
    const missing = overview.error instanceof ApiError && [404, 422].includes(overview.error.problem.status);
    return (
      <Stack>
        {backLink}
        {missing ? (
          <EmptyState title={t('customer360.notFoundTitle')} icon={<IconUserQuestion size={26} />}>
            {t('customer360.notFound')}
          </EmptyState>
        ) : (
          <ErrorState error={overview.error} onRetry={() => overview.refetch()} />
        )}
      </Stack>
    );
  }

  const data = overview.data;
  const c = data.customer;
  const column = (which: PanelDef['column']) =>
    shown.filter((p) => p.column === which).map((p) => <p.Component key={p.id} me={me} overview={data} />);
  return (
    <Stack>
      {backLink}
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Title order={2} style={{ overflowWrap: 'anywhere' }}>
              {c.name}
            </Title>
            <StatusBadge status={c.status} />
            {c.kind === 'company' && <Badge variant="outline">{t('profile.kinds.company')}</Badge>}
          </Group>
          <Text size="sm" c="dimmed">
            {[
              c.acquiredAt
                ? t('customer360.since', { date: fmt.date(c.acquiredAt) })
                : t('customer360.added', { date: fmt.date(c.createdAt) }),
              data.accountManager ? t('customer360.managedBy', { name: data.accountManager.name }) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
          <Tags tags={c.tags} max={8} />
        </Stack>
        <Group gap="xs">
          <WorkActions me={me} customerId={c.id} />
          {allowed(me, 'privacy:manage') && <PrivacyActions customerId={c.id} name={c.name} />}
          {allowed(me, 'customers:write') && (
            <Button leftSection={<IconPencil size={16} />} variant="light" onClick={open} data-testid="edit-button">
              {t('customer360.edit')}
            </Button>
          )}
        </Group>
      </Group>
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Stack>{column('side')}</Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <Stack>{column('main')}</Stack>
        </Grid.Col>
      </Grid>
      {allowed(me, 'customers:write') && (
        <EditCustomer
          key={`${String(editing)}-${c.updatedAt}`}
          me={me}
          overview={data}
          opened={editing}
          onClose={close}
        />
      )}
    </Stack>
  );
}
