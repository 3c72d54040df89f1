import { Alert, Button, Center, Loader } from '@mantine/core';
import { type ComponentType, lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Shell } from './components/Shell.tsx';
import { LoginPage } from './pages/Login.tsx';
import { useMe } from './session.ts';

/**
 * Each page is its own chunk, fetched on first visit, so the first load carries only the shell
 * (the budget is checked by test/web-bundle.test.ts).
 */
function page<M, K extends keyof M>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType<PageProps<M[K]>> }));
}
type PageProps<C> = C extends ComponentType<infer P> ? P : never;
const AnalyticsPage = page(() => import('./pages/analytics/AnalyticsPage.tsx'), 'AnalyticsPage');
const CampaignsPage = page(() => import('./pages/campaigns/CampaignsPage.tsx'), 'CampaignsPage');
const CampaignBuilder = page(() => import('./pages/campaigns/builder/CampaignBuilder.tsx'), 'CampaignBuilder');
const AffinityPage = page(() => import('./pages/affinity/AffinityPage.tsx'), 'AffinityPage');
const KpisPage = page(() => import('./pages/kpis/KpisPage.tsx'), 'KpisPage');
const MyTasksPage = page(() => import('./pages/books/MyTasksPage.tsx'), 'MyTasksPage');
const MyBookPage = page(() => import('./pages/books/MyBookPage.tsx'), 'MyBookPage');
const ScoreboardPage = page(() => import('./pages/books/ScoreboardPage.tsx'), 'ScoreboardPage');
const RecognitionPage = page(() => import('./pages/books/RecognitionPage.tsx'), 'RecognitionPage');
const SurveysPage = page(() => import('./pages/surveys/SurveysPage.tsx'), 'SurveysPage');
const ImportsPage = page(() => import('./pages/imports/ImportsPage.tsx'), 'ImportsPage');
const ProductsPage = page(() => import('./pages/products/ProductsPage.tsx'), 'ProductsPage');
const ResetPasswordPage = page(() => import('./pages/public/ResetPassword.tsx'), 'ResetPasswordPage');
const ChurnPage = page(() => import('./pages/churn/ChurnPage.tsx'), 'ChurnPage');
const ComplaintPage = page(() => import('./pages/complaints/ComplaintPage.tsx'), 'ComplaintPage');
const ComplaintsPage = page(() => import('./pages/complaints/ComplaintsPage.tsx'), 'ComplaintsPage');
const Customer360Page = page(() => import('./pages/customer360/Customer360Page.tsx'), 'Customer360Page');
const CustomersPage = page(() => import('./pages/customers/CustomersPage.tsx'), 'CustomersPage');
const DuplicatesPage = page(() => import('./pages/customers/DuplicatesPage.tsx'), 'DuplicatesPage');
const HomePage = page(() => import('./pages/Home.tsx'), 'HomePage');
const LoyaltyPage = page(() => import('./pages/loyalty/LoyaltyPage.tsx'), 'LoyaltyPage');
const AcceptInvitationPage = page(() => import('./pages/public/AcceptInvitation.tsx'), 'AcceptInvitationPage');
const PublicApp = page(() => import('./pages/public/PublicApp.tsx'), 'PublicApp');
const PrivacyPage = page(() => import('./pages/privacy/PrivacyPage.tsx'), 'PrivacyPage');
const SettingsPage = page(() => import('./pages/Settings.tsx'), 'SettingsPage');

function Loading() {
  const { t } = useTranslation();
  return (
    <Center h="50vh">
      <Loader aria-label={t('app.loading')} />
    </Center>
  );
}

/** Customer-facing pages (/p/…), invitation links (/invite) and password-reset links need no sign-in and never ask who is signed in. */
export function App() {
  const { pathname } = useLocation();
  return (
    <Suspense fallback={<Loading />}>
      {pathname.startsWith('/p/') ? (
        <PublicApp />
      ) : pathname === '/invite' ? (
        <AcceptInvitationPage />
      ) : pathname === '/reset-password' ? (
        <ResetPasswordPage />
      ) : (
        <WorkspaceApp />
      )}
    </Suspense>
  );
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
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<HomePage me={me.data} />} />
          <Route path="/analytics" element={<AnalyticsPage me={me.data} />} />
          <Route path="/churn" element={<ChurnPage me={me.data} />} />
          <Route path="/campaigns" element={<CampaignsPage me={me.data} />} />
          <Route path="/campaigns/new" element={<CampaignBuilder me={me.data} />} />
          <Route path="/affinity" element={<AffinityPage me={me.data} />} />
          <Route path="/kpis" element={<KpisPage />} />
          <Route path="/customers" element={<CustomersPage me={me.data} />} />
          <Route path="/customers/duplicates" element={<DuplicatesPage me={me.data} />} />
          <Route path="/customers/:id" element={<Customer360Page me={me.data} />} />
          <Route path="/complaints" element={<ComplaintsPage me={me.data} />} />
          <Route path="/complaints/:id" element={<ComplaintPage me={me.data} />} />
          <Route path="/loyalty/*" element={<LoyaltyPage me={me.data} />} />
          <Route path="/surveys" element={<SurveysPage me={me.data} />} />
          <Route path="/products" element={<ProductsPage me={me.data} />} />
          <Route path="/imports" element={<ImportsPage me={me.data} />} />
          <Route path="/my/tasks" element={<MyTasksPage />} />
          <Route path="/my/book" element={<MyBookPage />} />
          <Route path="/people/scoreboard" element={<ScoreboardPage />} />
          <Route path="/people/recognition" element={<RecognitionPage me={me.data} />} />
          <Route path="/privacy" element={<PrivacyPage />} />
          <Route path="/settings/*" element={<SettingsPage me={me.data} />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Suspense>
    </Shell>
  );
}
