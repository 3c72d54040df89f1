// The customer 360's privacy actions (owners and admins): download everything Tenure keeps about
// the customer (JSON, or a zip of CSVs), and erase their personal data after typing their name.
import { Alert, Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconDownload, IconEraser } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GeneralError } from '../../components/FieldErrors.tsx';
import { exportUrl, useEraseCustomer } from '../../privacy-api.ts';

export function PrivacyActions({ customerId, name }: { customerId: string; name: string }) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <Group gap="xs">
      <Menu position="bottom-end">
        <Menu.Target>
          <Button variant="default" leftSection={<IconDownload size={16} />} data-testid="export-data">
            {t('privacy.customer.export')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item component="a" href={exportUrl(customerId, 'json')} download>
            {t('privacy.customer.exportJson')}
          </Menu.Item>
          <Menu.Item component="a" href={exportUrl(customerId, 'csv')} download>
            {t('privacy.customer.exportCsv')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Button
        color="red"
        variant="light"
        leftSection={<IconEraser size={16} />}
        onClick={open}
        data-testid="erase-data"
      >
        {t('privacy.customer.erase')}
      </Button>
      {opened && <EraseModal customerId={customerId} name={name} onClose={close} />}
    </Group>
  );
}

function EraseModal({ customerId, name, onClose }: { customerId: string; name: string; onClose: () => void }) {
  const { t } = useTranslation();
  const erase = useEraseCustomer(customerId);
  const [typed, setTyped] = useState('');
  const matches = typed.trim() === name.trim();
  return (
    <Modal opened onClose={onClose} title={t('privacy.customer.eraseTitle')}>
      <Stack>
        <Alert color="red">{t('privacy.customer.eraseWarning')}</Alert>
        <Text size="sm">{t('privacy.customer.eraseKept')}</Text>
        <TextInput
          label={t('privacy.customer.typeName', { name })}
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          data-testid="erase-confirm"
        />
        <GeneralError error={erase.error} known={[]} />
        {erase.isSuccess && <Alert color="teal">{t('privacy.customer.erased')}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('privacy.close.cancel')}
          </Button>
          <Button
            color="red"
            disabled={!matches || erase.isSuccess}
            loading={erase.isPending}
            onClick={() => erase.mutate()}
            data-testid="erase-submit"
          >
            {t('privacy.customer.eraseSubmit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
