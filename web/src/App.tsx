import { Alert, Button, Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Shell } from './components/Shell.tsx';
import { AnalyticsPage } from './pages/analytics/AnalyticsPage.tsx';
import { CampaignsPage } from './pages/campaigns/CampaignsPage.tsx';
import { ChurnPage } from './pages/churn/ChurnPage.tsx';
import { AffinityPage } from './pages/affinity/AffinityPage.tsx';
import { ComplaintPage } from './pages/complaints/ComplaintPage.tsx';
import { ComplaintsPage } from './pages/complaints/ComplaintsPage.tsx';
import { Customer360Page } from './pages/customer360/Customer360Page.tsx';
import { CustomersPage } from './pages/customers/CustomersPage.tsx';
import { HomePage } from './pages/Home.tsx';
import { KpisPage } from './pages/kpis/KpisPage.tsx';
import { LoginPage } from './pages/Login.tsx';
import { LoyaltyPage } from './pages/loyalty/LoyaltyPage.tsx';
import { AcceptInvitationPage } from './pages/public/AcceptInvitation.tsx';
import { PublicApp } from './pages/public/PublicApp.tsx';
import { ResetPasswordPage } from './pages/public/ResetPassword.tsx';
import { SettingsPage } from './pages/Settings.tsx';
import { SurveysPage } from './pages/surveys/SurveysPage.tsx';
import { useMe } from './session.ts';

/** Customer-facing pages (/p/…), invitation links (/invite) and password-reset links need no sign-in and never ask who is signed in. */
export function App() {
  const { pathname } = useLocation();
  if (pathname.startsWith('/p/')) return <PublicApp />;
  if (pathname === '/invite') return <AcceptInvitationPage />;
  if (pathname === '/reset-password') return <ResetPasswordPage />;
  return <WorkspaceApp />;
}

function WorkspaceApp() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (me.isError) {
    return (
      <Center h="100vh">
        <Alert color="red" title={t('app.error')}>
          <Button mt="sm" onClick={() => me.refetch()}>
            {t('app.retry')}
          </Button>
        </Alert>
      </Center>
    );
  }
  if (!me.data) return <LoginPage />;
  return (
    <Shell me={me.data}>
      <Routes>
        <Route path="/" element={<HomePage me={me.data} />} />
        <Route path="/analytics" element={<AnalyticsPage me={me.data} />} />
        <Route path="/churn" element={<ChurnPage me={me.data} />} />
        <Route path="/campaigns" element={<CampaignsPage me={me.data} />} />
        <Route path="/affinity" element={<AffinityPage me={me.data} />} />
        <Route path="/kpis" element={<KpisPage />} />
        <Route path="/customers" element={<CustomersPage me={me.data} />} />
        <Route path="/customers/:id" element={<Customer360Page me={me.data} />} />
        <Route path="/complaints" element={<ComplaintsPage me={me.data} />} />
        <Route path="/complaints/:id" element={<ComplaintPage me={me.data} />} />
        <Route path="/loyalty/*" element={<LoyaltyPage me={me.data} />} />
        <Route path="/surveys" element={<SurveysPage me={me.data} />} />
        <Route path="/settings/*" element={<SettingsPage me={me.data} />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </Shell>
  );
}
