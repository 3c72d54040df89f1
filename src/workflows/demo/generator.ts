// A realistic, seeded services business for demos and benchmarks. Customers buy at their own
// rate and may drop out after any purchase (the buy-till-you-die story of BG/NBD): rate
// λ ~ Gamma(r, α) per day, drop-out p ~ Beta(a, b). Rows are produced lazily, so a million
// customers stream without being held in memory. Pure: no database, no clock.
import { beta, exponential, gamma, intBetween, pick, poisson, type Rng, seededRng } from '../../lib/random.ts';

export type DemoOptions = { customers: number; seed: number; start: Date; end: Date };

export const demoProcess = { r: 0.9, alphaDays: 45, a: 0.8, b: 4 } as const;

const firstNames = [
  'Ana',
  'Bruno',
  'Carla',
  'Diego',
  'Elena',
  'Felipe',
  'Gabriela',
  'Hugo',
  'Isabel',
  'João',
  'Karina',
  'Lucas',
  'Mariana',
  'Nuno',
  'Olivia',
  'Pedro',
  'Queila',
  'Rafael',
  'Sofia',
  'Tomás',
  'Valeria',
  'William',
  'Ximena',
  'Yara',
  'Zoe',
  'Emma',
  'Liam',
  'Noah',
  'Mia',
  'Lucía',
];
const lastNames = [
  'Souza',
  'Silva',
  'Oliveira',
  'Santos',
  'Pereira',
  'García',
  'Martínez',
  'López',
  'Fernández',
  'Rodríguez',
  'Smith',
  'Johnson',
  'Brown',
  'Costa',
  'Almeida',
  'Ramos',
  'Torres',
  'Castro',
  'Lima',
  'Gomes',
];
const channels = ['store', 'web', 'app', 'phone'] as const;
const acquisition = ['referral', 'search', 'social', 'store', 'partner', 'campaign'] as const;
const locations = ['Centro', 'Norte', 'Sul', 'Online'] as const;
const interactionChannels = ['phone', 'email', 'whatsapp', 'web', 'store_visit', 'sms'] as const;
const interactionTypes = ['support', 'sales', 'complaint', 'service', 'billing'] as const;
const tags = ['newsletter', 'b2b', 'student', 'senior', 'family', 'vip-candidate'] as const;
const categories = [
  ['Coffee', 180, 0.55],
  ['Tea', 120, 0.6],
  ['Bakery', 80, 0.65],
  ['Equipment', 2400, 0.35],
  ['Subscriptions', 900, 0.7],
  ['Gifts', 450, 0.5],
  ['Accessories', 300, 0.45],
  ['Services', 1500, 0.8],
] as const;

export type DemoProduct = {
  sku: string;
  name: string;
  category: string;
  listPriceMinor: number;
  unitCostMinor: number;
};
export type DemoCustomer = {
  externalId: string;
  name: string;
  email: string;
  phone: string;
  acquiredAt: Date;
  acquisitionChannel: string;
  tags: string[];
  locale: string;
  declaredWalletMinor: number | null;
};
export type DemoLine = {
  sku: string;
  quantity: number;
  unitPriceMinor: number;
  unitCostMinor: number;
  discountMinor: number;
};
export type DemoTransaction = {
  externalId: string;
  customerExternalId: string;
  occurredAt: Date;
  channel: string;
  location: string;
  lines: DemoLine[];
  returnOf?: string;
};
export type DemoInteraction = {
  externalId: string;
  customerExternalId: string;
  occurredAt: Date;
  channel: string;
  direction: 'inbound' | 'outbound';
  type: string;
  durationSeconds: number;
};
export type DemoContract = {
  externalId: string;
  customerExternalId: string;
  plan: string;
  startedAt: Date;
  monthlyValueMinor: number;
  termMonths: number;
  paymentMethod: 'card' | 'direct_debit' | 'invoice';
  cancelledAt: Date | null;
  reason: string | null;
  /** Dated changes of the monthly value (upgrades and downgrades) while the contract runs. */
  changes: { effectiveAt: Date; monthlyValueMinor: number }[];
};
export type DemoCustomerBundle = {
  customer: DemoCustomer;
  transactions: DemoTransaction[];
  interactions: DemoInteraction[];
  contract: DemoContract | null;
};

export function demoProducts(): DemoProduct[] {
  const out: DemoProduct[] = [];
  categories.forEach(([category, base, margin], ci) => {
    for (let i = 1; i <= 5; i++) {
      const price = Math.round(base * (0.6 + i * 0.25)) * 10;
      out.push({
        sku: `${category.slice(0, 3).toUpperCase()}-${ci}${i}`,
        name: `${category} ${['Classic', 'Select', 'Premium', 'Reserve', 'Signature'][i - 1]}`,
        category,
        listPriceMinor: price,
        unitCostMinor: Math.round(price * (1 - margin)),
      });
    }
  });
  return out;
}

/** Bundles of the demo: a product of the first category is often bought with the same tier of the second. */
const companions: Record<string, string> = {
  Coffee: 'Bakery',
  Equipment: 'Coffee',
  Tea: 'Accessories',
  Gifts: 'Accessories',
};

function companionOf(product: DemoProduct, products: DemoProduct[]): DemoProduct | undefined {
  const other = companions[product.category];
  if (!other) return undefined;
  const tier = product.sku.slice(-1);
  return products.find((p) => p.category === other && p.sku.endsWith(tier));
}

const DAY = 86_400_000;

/** One customer and everything that happened with them, from a per-customer seed. */
export function demoCustomer(index: number, options: DemoOptions, products: DemoProduct[]): DemoCustomerBundle {
  const rng: Rng = seededRng((options.seed * 2_654_435_761 + index * 40_503) >>> 0);
  const span = options.end.getTime() - options.start.getTime();
  const acquiredAt = new Date(options.start.getTime() + Math.floor(rng() * (span - 7 * DAY)));
  const first = pick(rng, firstNames);
  const last = pick(rng, lastNames);
  const externalId = `C${String(index + 1).padStart(7, '0')}`;
  const customer: DemoCustomer = {
    externalId,
    name: `${first} ${last}`,
    email: `${first}.${last}.${index + 1}@example.com`
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase(),
    phone: `+55119${String(10_000_000 + ((index * 7919) % 89_999_999)).padStart(8, '0')}`,
    acquiredAt,
    acquisitionChannel: pick(rng, acquisition),
    tags: rng() < 0.3 ? [pick(rng, tags)] : [],
    locale: pick(rng, ['pt-BR', 'pt-BR', 'es', 'en']),
    declaredWalletMinor: rng() < 0.2 ? intBetween(rng, 50, 600) * 1000 : null,
  };

  const lambda = gamma(rng, demoProcess.r, 1 / demoProcess.alphaDays);
  const p = beta(rng, demoProcess.a, demoProcess.b);
  const favourite = pick(rng, categories)[0];
  const transactions: DemoTransaction[] = [];
  let t = acquiredAt.getTime();
  for (let n = 0; t < options.end.getTime() && n < 400; n++) {
    const lineCount = intBetween(rng, 1, 4);
    const lines: DemoLine[] = [];
    for (let l = 0; l < lineCount; l++) {
      const product =
        rng() < 0.6
          ? pick(
              rng,
              products.filter((x) => x.category === favourite),
            )
          : pick(rng, products);
      const quantity = intBetween(rng, 1, 3);
      const discountMinor = rng() < 0.15 ? Math.round(product.listPriceMinor * quantity * 0.1) : 0;
      lines.push({
        sku: product.sku,
        quantity,
        unitPriceMinor: product.listPriceMinor,
        unitCostMinor: product.unitCostMinor,
        discountMinor,
      });
      // Products bought together (what the affinity explorer and next-best offers find).
      const companion = companionOf(product, products);
      if (companion && rng() < 0.4 && !lines.some((x) => x.sku === companion.sku))
        lines.push({
          sku: companion.sku,
          quantity: 1,
          unitPriceMinor: companion.listPriceMinor,
          unitCostMinor: companion.unitCostMinor,
          discountMinor: 0,
        });
    }
    const txId = `${externalId}-T${n + 1}`;
    transactions.push({
      externalId: txId,
      customerExternalId: externalId,
      occurredAt: new Date(t),
      channel: pick(rng, channels),
      location: pick(rng, locations),
      lines,
    });
    if (rng() < 0.05 && t + 3 * DAY < options.end.getTime()) {
      transactions.push({
        externalId: `${txId}-R`,
        customerExternalId: externalId,
        occurredAt: new Date(t + 3 * DAY),
        channel: 'store',
        location: 'Centro',
        lines: [lines[0]],
        returnOf: txId,
      });
    }
    if (rng() < p) break; // dropped out after this purchase
    t += Math.max(DAY, exponential(rng, lambda) * DAY);
  }

  const interactions: DemoInteraction[] = [];
  const contacts = poisson(rng, 1.5 + transactions.length * 0.2);
  for (let i = 0; i < contacts; i++) {
    const at = acquiredAt.getTime() + rng() * (options.end.getTime() - acquiredAt.getTime());
    const channel = pick(rng, interactionChannels);
    interactions.push({
      externalId: `${externalId}-I${i + 1}`,
      customerExternalId: externalId,
      occurredAt: new Date(at),
      channel,
      direction: rng() < 0.7 ? 'inbound' : 'outbound',
      type: pick(rng, interactionTypes),
      durationSeconds: channel === 'phone' || channel === 'store_visit' ? intBetween(rng, 60, 1500) : 0,
    });
  }

  let contract: DemoContract | null = null;
  if (rng() < 0.1) {
    const paymentMethod = pick(rng, ['card', 'card', 'direct_debit', 'invoice'] as const);
    const termMonths = pick(rng, [1, 1, 12, 24]);
    const startedAt = new Date(acquiredAt.getTime() + DAY);
    // A constant monthly hazard (so tenure alone predicts little): invoice payers and month-to-month
    // contracts leave faster, which the churn model finds and the churn page shows.
    const monthlyHazard = 0.015 * (paymentMethod === 'invoice' ? 2.3 : 1) * (termMonths === 1 ? 1.8 : 0.5);
    const leavesAt = startedAt.getTime() + exponential(rng, monthlyHazard) * 30 * DAY;
    const cancelled = leavesAt < options.end.getTime();
    const cancelledAt = cancelled ? new Date(leavesAt) : null;
    contract = {
      externalId: `${externalId}-K1`,
      customerExternalId: externalId,
      plan: pick(rng, ['Coffee Club', 'Office Plan', 'Family Box']),
      startedAt,
      monthlyValueMinor: pick(rng, [2990, 4990, 8990]),
      termMonths,
      paymentMethod,
      cancelledAt,
      reason: cancelled ? pick(rng, ['price', 'moved', 'service', 'competitor', 'no longer needed']) : null,
      changes: [],
    };
    contract.changes = valueChanges(contract, options.end);
  }
  return { customer, transactions, interactions, contract };
}

const PLAN_VALUES = [2990, 4990, 8990];

/**
 * Up to two upgrades or downgrades between the start and the end (or cancellation), for revenue
 * movements on the KPI home. From their own random stream (seeded by the contract's id), so the
 * rest of the demo is the same with or without them.
 */
function valueChanges(k: DemoContract, end: Date): DemoContract['changes'] {
  let seed = 0;
  for (const ch of k.externalId) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0;
  const rng = seededRng(seed);
  const until = (k.cancelledAt ?? end).getTime();
  const changes: DemoContract['changes'] = [];
  let value = k.monthlyValueMinor;
  let from = k.startedAt.getTime();
  for (let i = 0; i < 2 && rng() < 0.45; i++) {
    const at = from + (0.2 + 0.6 * rng()) * (until - from);
    if (at - from < 20 * DAY) break;
    const others = PLAN_VALUES.filter((v) => v !== value);
    value = rng() < 0.25 ? Math.round(value * 1.1) : pick(rng, others);
    changes.push({ effectiveAt: new Date(Math.floor(at / 1000) * 1000), monthlyValueMinor: value });
    from = at;
  }
  return changes;
}

export function* generateDemo(options: DemoOptions): Generator<DemoCustomerBundle> {
  const products = demoProducts();
  for (let i = 0; i < options.customers; i++) yield demoCustomer(i, options, products);
}
