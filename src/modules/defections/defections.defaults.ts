// Owns the default reason taxonomy a workspace starts with (seeded once, on first use), with its
// wording in every language Tenure speaks, so the exit survey reads right to any customer.
import type { ReasonLabels } from './defections.schema.ts';

export const defaultReasons: { code: string; controllable: boolean; labels: Required<ReasonLabels> }[] = [
  { code: 'price', controllable: true, labels: { en: 'Price', 'pt-BR': 'Preço', es: 'Precio' } },
  {
    code: 'product_quality',
    controllable: true,
    labels: { en: 'Product or quality', 'pt-BR': 'Produto ou qualidade', es: 'Producto o calidad' },
  },
  {
    code: 'service_failure',
    controllable: true,
    labels: { en: 'Service failure', 'pt-BR': 'Falha no atendimento', es: 'Fallo en el servicio' },
  },
  {
    code: 'unresolved_complaint',
    controllable: true,
    labels: { en: 'Unresolved complaint', 'pt-BR': 'Reclamação não resolvida', es: 'Reclamo no resuelto' },
  },
  {
    code: 'competitor_offer',
    controllable: true,
    labels: { en: 'Competitor offer', 'pt-BR': 'Oferta da concorrência', es: 'Oferta de la competencia' },
  },
  {
    code: 'moved_or_no_need',
    controllable: false,
    labels: {
      en: 'Moved or no longer needs it',
      'pt-BR': 'Mudou-se ou não precisa mais',
      es: 'Se mudó o ya no lo necesita',
    },
  },
  {
    code: 'involuntary_payment',
    controllable: false,
    labels: {
      en: 'Payment failed (involuntary)',
      'pt-BR': 'Falha no pagamento (involuntário)',
      es: 'Pago fallido (involuntario)',
    },
  },
  {
    code: 'access_convenience',
    controllable: true,
    labels: { en: 'Access or convenience', 'pt-BR': 'Acesso ou conveniência', es: 'Acceso o comodidad' },
  },
  { code: 'other', controllable: false, labels: { en: 'Other', 'pt-BR': 'Outro', es: 'Otro' } },
];

export const DEFAULT_LAPSE_THRESHOLD = 0.3;
export const DEFAULT_SURVEY_TTL_DAYS = 30;
