import { Injectable } from '@nestjs/common';
import type { VismaCustomer, VismaCustomerInput } from '@mlc/connectors';
import type { SalesCustomer } from '@mlc/mapping';
import type { FlowPosting } from '../../database/flow-settings';
import type { RecordOutcome } from '../sync/record-handler';
import { CustomerResolver, toVismaCustomerInput } from './customer-resolver.service';
import type { DocumentHandler, PostingStep } from './document-handler';
import type { PostableRead } from '../systems/capabilities';

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
 * Shop customers created/updated → the Visma customer master (name, e-mail, addresses) of the company the customer is
 * routed to (by billing country and store). Matched by e-mail like order customers; an existing customer is updated
 * with If-Match and, on 409/412, re-read and re-applied a bounded number of times (Visma ETag docs:
 * docs.vismasoftware.no/vismanetapi/how-tos/etag).
 */
@Injectable()
export class CustomerMasterHandler implements DocumentHandler<SalesCustomer> {
  readonly documentKind = 'customer';
  readonly entityType = 'customer';
  readonly isFinalOncePosted = false;

  constructor(private readonly customers: CustomerResolver) {}

  isChosenBy(posting: FlowPosting): boolean {
    return posting.customerAs === 'customer';
  }

  accept(read: PostableRead): { ok: true; value: SalesCustomer } | { ok: false; reason: string } {
    return read.kind === 'customer' ? { ok: true, value: read.customer } : { ok: false, reason: `The customer was read as a ${read.kind}` };
  }

  async post(step: PostingStep<SalesCustomer>): Promise<RecordOutcome> {
    const ends = { sourceConnectionId: step.source.id, targetConnectionId: step.target.id };
    const resolved = await this.customers.resolve(ends, step.read, step.visma, undefined, { fence: () => step.ctx.ensureLease(), holder: { recordId: step.record.id, owner: step.ctx.leaseOwner } });
    if (resolved.via === 'created') {
      return { status: 'posted', targetRef: resolved.customerNumber, message: `Created Visma customer ${resolved.customerNumber} in ${step.target.name}` };
    }
    const wanted = toVismaCustomerInput(step.read, undefined);
    delete wanted.status;
    await step.ctx.ensureLease();
    const outcome = await step.visma.customers.updateWithRetry(resolved.customerNumber, (current) => (isAligned(current, wanted) ? undefined : wanted), 3);
    return {
      status: 'posted',
      targetRef: resolved.customerNumber,
      message: outcome.status === 'updated' ? `Updated Visma customer ${resolved.customerNumber} in ${step.target.name}` : `Visma customer ${resolved.customerNumber} already up to date`,
    };
  }
}
