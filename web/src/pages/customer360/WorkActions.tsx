// The everyday actions in the customer 360's header, each shown only to roles that may do it:
// log a contact (interactions:write) and record a sale (transactions:write).
import { Button } from '@mantine/core';
import { IconMessagePlus, IconShoppingCartPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeDto } from '../../api.ts';
import { allowed } from '../../session.ts';
import { LogContactModal } from './LogContactModal.tsx';
import { RecordSaleModal } from './RecordSaleModal.tsx';

export function WorkActions({ me, customerId }: { me: MeDto; customerId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<'contact' | 'sale' | null>(null);
  const close = () => setOpen(null);
  return (
    <>
      {allowed(me, 'interactions:write') && (
        <Button
          variant="light"
          leftSection={<IconMessagePlus size={16} />}
          onClick={() => setOpen('contact')}
          data-testid="log-contact"
        >
          {t('contactForm.open')}
        </Button>
      )}
      {allowed(me, 'transactions:write') && (
        <Button
          variant="light"
          leftSection={<IconShoppingCartPlus size={16} />}
          onClick={() => setOpen('sale')}
          data-testid="record-sale"
        >
          {t('saleForm.open')}
        </Button>
      )}
      {open === 'contact' && <LogContactModal customerId={customerId} onClose={close} />}
      {open === 'sale' && <RecordSaleModal customerId={customerId} onClose={close} />}
    </>
  );
}
