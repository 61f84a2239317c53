import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { VismaCustomer, VismaCustomerInput } from '@mlc/connectors';
import type { SyncRecordEntity } from '../../database/entities';
import { BigCommerceClients } from '../bigcommerce/bigcommerce-clients.service';
import { FlowsService } from '../mapping/flows.service';
import type { RecordContext, RecordHandler, RecordOutcome } from '../sync/record-handler';
import { RecordHandlerRegistry } from '../sync/record-handler.registry';
import { VismaClients } from '../visma/visma-clients.service';
import { CustomerResolver, toVismaCustomerInput } from './customer-resolver.service';
import type { BigCommerceCustomerView } from './posting.types';

function asSalesCustomer(c: BigCommerceCustomerView) {
  const name = `${c.firstName} ${c.lastName}`.trim() || c.email;
  return {
    email: c.email,
    name,
    ...(c.company ? { company: c.company } : {}),
    ...(c.phone ? { phone: c.phone } : {}),
    shopCustomerId: c.id,
    billingAddress: {
      name,
      line1: c.address?.line1 ?? '',
      ...(c.address?.line2 ? { line2: c.address.line2 } : {}),
      postalCode: c.address?.postalCode ?? '',
      city: c.address?.city ?? '',
      ...(c.address?.region ? { region: c.address.region } : {}),
      countryCode: c.address?.countryCode ?? '',
    },
  };
}

/** True when the Visma customer already carries what the shop says (no PUT needed). */
function isAligned(current: VismaCustomer, wanted: VismaCustomerInput): boolean {
  return (
    (current.name ?? undefined) === wanted.name &&
    (current.mainContact?.email ?? undefined) === wanted.mainContact?.email &&
    (current.mainAddress?.addressLine1 ?? undefined) === wanted.mainAddress?.addressLine1 &&
    (current.mainAddress?.city ?? undefined) === wanted.mainAddress?.city &&
    (current.mainAddress?.postalCode ?? undefined) === wanted.mainAddress?.postalCode
  );
}

/**
 * BigCommerce customer created/updated → the Visma customer master (name, e-mail, addresses). Matched by
 * e-mail like order customers; an existing customer is updated with If-Match and, on 409/412, re-read and
 * re-applied a bounded number of times (Visma ETag docs: docs.vismasoftware.no/vismanetapi/how-tos/etag).
 */
@Injectable()
export class BigCommerceCustomerHandler implements RecordHandler, OnModuleInit {
  readonly system = 'bigcommerce';
  readonly entityType = 'customer';

  constructor(
    private readonly registry: RecordHandlerRegistry,
    private readonly flows: FlowsService,
    private readonly bigcommerce: BigCommerceClients,
    private readonly visma: VismaClients,
    private readonly customers: CustomerResolver,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async process(record: SyncRecordEntity, ctx: RecordContext): Promise<RecordOutcome> {
    const { source, target } = await this.flows.resolveForRecord(record);
    const shop = await this.bigcommerce.source(source);
    const customer = await shop.getCustomer(record.externalId);
    if (!customer) return { status: 'skipped', message: `Customer ${record.externalId} no longer exists in BigCommerce` };
    ctx.fetched(customer, `Customer ${record.externalId} fetched from BigCommerce`, 1);
    const visma = await this.visma.forConnection(target);
    const sales = asSalesCustomer(customer);
    const resolved = await this.customers.resolve({ sourceConnectionId: source.id, targetConnectionId: target.id }, sales, visma);
    if (resolved.via === 'created') {
      return { status: 'posted', targetRef: resolved.customerNumber, message: `Created Visma customer ${resolved.customerNumber}` };
    }
    const wanted = toVismaCustomerInput(sales, undefined);
    delete wanted.status;
    const outcome = await visma.customers.updateWithRetry(resolved.customerNumber, (current) => (isAligned(current, wanted) ? undefined : wanted), 3);
    return {
      status: 'posted',
      targetRef: resolved.customerNumber,
      message: outcome.status === 'updated' ? `Updated Visma customer ${resolved.customerNumber}` : `Visma customer ${resolved.customerNumber} already up to date`,
    };
  }
}
