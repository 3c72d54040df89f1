// Shared by the customers domain's use cases: the context they run in, who acts, and the row → DTO mapping.
import { isoOrNull } from '../../lib/dates.ts';
import type { CustomerDto } from './customers.dto.ts';
import type { CustomerRow } from './customers.repository.ts';

export type { Ctx } from '../../deps.ts';
export type Actor = { userId: string | null; tokenId: string | null };

export function toCustomerDto(r: CustomerRow): CustomerDto {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    email: r.email,
    phone: r.phone,
    otherEmails: r.otherEmails,
    otherPhones: r.otherPhones,
    address: r.address ?? null,
    locale: r.locale,
    birthDate: r.birthDate,
    externalId: r.externalId,
    acquiredAt: isoOrNull(r.acquiredAt),
    acquisitionChannel: r.acquisitionChannel,
    status: r.status,
    defectedAt: isoOrNull(r.defectedAt),
    defectionReason: r.defectionReason,
    accountManagerId: r.accountManagerId,
    tags: r.tags,
    customFields: r.customFields,
    preferredChannels: r.preferredChannels,
    declaredWalletMinor: r.declaredWalletMinor,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export const actorLabel = (a: Actor) => (a.userId ? `user:${a.userId}` : a.tokenId ? `token:${a.tokenId}` : 'system');
