// The customer-facing pages, with no sign-in: the complaint form and the status page with its
// satisfaction rating, the exit survey (/p/exit-survey/<token>) and NPS/CSAT surveys (/p/survey/<token>). The paths match the links notifications send
// (/p/<workspace slug>/complaints/<token>[/satisfaction]). Language: the browser's, or the picker.
import { Box, Container, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { LanguagePicker } from '../../components/LanguagePicker.tsx';
import { PublicComplaintForm } from './PublicComplaintForm.tsx';
import { PublicExitSurvey } from './PublicExitSurvey.tsx';
import { PublicStatusPage } from './PublicStatusPage.tsx';
import { PublicSurvey } from './PublicSurvey.tsx';

export function PublicApp() {
  const { t } = useTranslation();
  return (
    <Box mih="100vh" bg="gray.0">
      <Container size="sm" py="md">
        <Group justify="flex-end" mb="md">
          <LanguagePicker />
        </Group>
        <Routes>
          <Route path="/p/:slug/complaints/new" element={<PublicComplaintForm />} />
          <Route path="/p/:slug/complaints/:token" element={<PublicStatusPage />} />
          <Route path="/p/:slug/complaints/:token/satisfaction" element={<PublicStatusPage rating />} />
          <Route path="/p/exit-survey/:token" element={<PublicExitSurvey />} />
          <Route path="/p/survey/:token" element={<PublicSurvey />} />
          <Route path="*" element={<Text ta="center">{t('public.notFound')}</Text>} />
        </Routes>
        <Text size="xs" c="dimmed" ta="center" mt="xl">
          {t('public.poweredBy')}
        </Text>
      </Container>
    </Box>
  );
}

/** The message for a failed public request: the server's own words for validation, plain ones otherwise. */
export function publicErrorKey(status: number | undefined): string {
  if (status === 404) return 'public.errors.notFound';
  if (status === 429) return 'public.errors.tooMany';
  if (status === 413) return 'public.errors.tooLarge';
  if (status === 409) return 'public.errors.conflict';
  return 'public.errors.generic';
}
