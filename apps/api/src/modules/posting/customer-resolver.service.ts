import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { VismaClient, VismaCustomerInput, WriteFence } from '@mlc/connectors';
import type { PostalAddress, SalesCustomer } from '@mlc/mapping';
import type { Redis } from 'ioredis';
import type { Repository } from 'typeorm';
import { REDIS } from '../../common/redis.module';
import { CustomerLinkEntity } from '../../database/pipeline.entities';
import { RetryLaterError } from '../sync/record-handler';

const LOCK_MS = 30_000;
/** Takes the lock over only while it still holds the dead holder's value (compare-and-set). */
const TAKE_OVER_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end return 0`;

/** The attempt creating a customer: its record and lease owner token (RecordContext), so a waiter can tell it died. */
export type LockHolder = { recordId: string; owner: string };
/** Remembered matches kept in memory per process (the table is the source of truth; this saves its round trip). */
const MEMORY_LIMIT = 50_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Visma `CustomerUpdateDto` fields from a shop customer (name, e-mail, main/invoice/delivery address and contact). */
export function toVismaCustomerInput(customer: SalesCustomer, currency: string | undefined): VismaCustomerInput {
  const contact = { name: customer.name, ...(customer.email ? { email: customer.email } : {}), ...(customer.phone ? { phone1: customer.phone } : {}) };
  const input: VismaCustomerInput = {
    name: (customer.company || customer.name || customer.email).slice(0, 255),
    status: 'Active',
    mainAddress: address(customer.billingAddress),
    invoiceAddress: address(customer.billingAddress),
    mainContact: contact,
    invoiceContact: contact,
    ...(customer.shippingAddress ? { deliveryAddress: address(customer.shippingAddress) } : {}),
    ...(customer.vatNumber ? { vatRegistrationId: customer.vatNumber } : {}),
    ...(currency ? { currencyId: currency } : {}),
  };
  return input;
}

function address(a: PostalAddress): NonNullable<VismaCustomerInput['mainAddress']> {
  return {
    ...(a.line1 ? { addressLine1: a.line1 } : {}),
    ...(a.line2 ? { addressLine2: a.line2 } : {}),
    ...(a.postalCode ? { postalCode: a.postalCode } : {}),
    ...(a.city ? { city: a.city } : {}),
    ...(a.countryCode.length === 2 ? { countryId: a.countryCode } : {}),
    ...(a.region ? { county: a.region } : {}),
  };
}

/**
 * Finds the Visma customer for a shop customer, by e-mail: first the remembered match (no Visma call for
 * a returning customer), then `GET /v1/customer?email=` (Visma's documented filter), else creates one.
 * A Redis lock per company and e-mail keeps two parallel orders of a new customer from creating two.
 */
@Injectable()
export class CustomerResolver {
  private readonly memory = new Map<string, string>();

  constructor(
    @InjectRepository(CustomerLinkEntity) private readonly links: Repository<CustomerLinkEntity>,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /**
   * @param options.fence checked right before the customer's POST is sent (the attempt's lease, see
   *   RecordContext.ensureLease and WriteFence); what it throws stops the creation
   * @param options.holder the attempt asking; its lease makes the creation lock it takes over-takeable once it dies
   *   (a killed worker's lock would otherwise hold every order of that buyer for LOCK_MS)
   * @returns the Visma customer number and how it was found.
   * @throws RetryLaterError while another live attempt is creating the same customer.
   */
  async resolve(
    ends: { sourceConnectionId: string; targetConnectionId: string },
    customer: SalesCustomer,
    visma: VismaClient,
    currency?: string,
    options: { fence?: WriteFence; holder?: LockHolder } = {},
  ): Promise<{ customerNumber: string; via: 'remembered' | 'matched' | 'created' }> {
    const key = customer.email.trim().toLowerCase() || `shop-customer:${customer.shopCustomerId}`;
    const memoryKey = `${ends.sourceConnectionId}|${ends.targetConnectionId}|${key}`;
    const inMemory = this.memory.get(memoryKey);
    if (inMemory) return { customerNumber: inMemory, via: 'remembered' };
    const remembered = await this.links.findOneBy({ sourceConnectionId: ends.sourceConnectionId, sourceKey: key, targetConnectionId: ends.targetConnectionId });
    if (remembered) {
      this.remember(memoryKey, remembered.targetCustomerNumber);
      return { customerNumber: remembered.targetCustomerNumber, via: 'remembered' };
    }

    const lockKey = `lock:customer:${ends.targetConnectionId}:${key}`;
    const token = options.holder ? `${options.holder.recordId}:${options.holder.owner}:${randomUUID()}` : randomUUID();
    if ((await this.redis.set(lockKey, token, 'PX', LOCK_MS, 'NX')) !== 'OK' && !(await this.takeOverFromDeadHolder(lockKey, token))) {
      throw new RetryLaterError(500, `Another worker is creating Visma customer ${key}`);
    }
    try {
      let via: 'matched' | 'created' = 'matched';
      let customerNumber = customer.email ? (await visma.customers.findByEmail(customer.email))[0]?.number ?? undefined : undefined;
      if (!customerNumber) {
        customerNumber = (await visma.customers.create(toVismaCustomerInput(customer, currency), { fence: options.fence })).id;
        via = 'created';
      }
      await this.links.upsert(
        { sourceConnectionId: ends.sourceConnectionId, sourceKey: key, targetConnectionId: ends.targetConnectionId, targetCustomerNumber: customerNumber },
        ['sourceConnectionId', 'sourceKey', 'targetConnectionId'],
      );
      this.remember(memoryKey, customerNumber);
      return { customerNumber, via };
    } finally {
      if ((await this.redis.get(lockKey)) === token) await this.redis.del(lockKey);
    }
  }

  private remember(key: string, customerNumber: string): void {
    if (this.memory.size >= MEMORY_LIMIT) this.memory.delete(this.memory.keys().next().value as string);
    this.memory.set(key, customerNumber);
  }

  /**
   * Takes the creation lock over when the attempt holding it is dead: its record's lease expired or has another owner
   * now (the worker was killed mid-creation). Its POST may have reached Visma; the e-mail look-up that follows under the
   * lock finds that customer, so none is created twice. @returns whether the lock is this attempt's now.
   */
  private async takeOverFromDeadHolder(lockKey: string, token: string): Promise<boolean> {
    const current = await this.redis.get(lockKey);
    if (current === null) return (await this.redis.set(lockKey, token, 'PX', LOCK_MS, 'NX')) === 'OK';
    const [recordId, owner] = current.split(':');
    if (!recordId || !owner || !UUID.test(recordId) || !UUID.test(owner)) return false;
    const alive: unknown[] = await this.links.manager.query(`SELECT 1 FROM sync_record WHERE id = $1 AND lease_owner = $2 AND lease_until > now()`, [recordId, owner]);
    if (alive.length) return false;
    return (await this.redis.eval(TAKE_OVER_LUA, 1, lockKey, current, token, String(LOCK_MS))) === 1;
  }

  /** Forgets a remembered match (when Visma says the customer no longer exists). */
  async forget(ends: { sourceConnectionId: string; targetConnectionId: string }, email: string): Promise<void> {
    this.memory.delete(`${ends.sourceConnectionId}|${ends.targetConnectionId}|${email.trim().toLowerCase()}`);
    await this.links.delete({ sourceConnectionId: ends.sourceConnectionId, sourceKey: email.trim().toLowerCase(), targetConnectionId: ends.targetConnectionId });
  }
}
