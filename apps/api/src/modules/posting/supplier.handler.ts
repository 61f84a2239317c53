import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ConnectorNotFoundError } from '@mlc/connectors';
import { parseVismaSupplierSettings, type SalesCustomer, toVismaSupplier, toVismaSupplierUpdate } from '@mlc/mapping';
import type { Repository } from 'typeorm';
import type { FlowPosting } from '../../database/flow-settings';
import { CustomerLinkEntity } from '../../database/pipeline.entities';
import { PermanentRecordError, type RecordOutcome } from '../sync/record-handler';
import type { DocumentHandler, PostingStep } from './document-handler';
import type { PostableRead } from '../systems/capabilities';

/** Remembered supplier matches share the customer-link table under their own key space. */
const SUPPLIER_KEY_PREFIX = 'supplier:';

/**
 * Shop customers → Visma suppliers (`POST /v1/supplier`, `PUT /v1/supplier/{supplierCd}` with If-Match), for flows whose
 * posting choice is `supplier` (e.g. a marketplace whose registered "customers" are vendors it pays):
 * 1. the remembered match (updated at once: its re-read is the only GET), else a match by e-mail through the filters GET /v1/supplier has (VAT number, then
 *    name; VismaSupplierClient.findByEmail), which also finds a supplier an earlier attempt created before its reply was
 *    lost;
 * 2. an existing supplier is updated with If-Match (re-read and re-applied on 409/412, a bounded number of times; the
 *    spec declares If-Match on Supplier_PutBysupplierCd), only when something differs;
 * 3. else a new supplier is created (supplier class and terms from the flow's supplier settings) under the lease's
 *    write fence.
 */
@Injectable()
export class SupplierHandler implements DocumentHandler<SalesCustomer> {
  readonly documentKind = 'supplier';
  readonly entityType = 'customer';
  readonly isFinalOncePosted = false;

  constructor(@InjectRepository(CustomerLinkEntity) private readonly links: Repository<CustomerLinkEntity>) {}

  isChosenBy(posting: FlowPosting): boolean {
    return posting.customerAs === 'supplier';
  }

  accept(read: PostableRead): { ok: true; value: SalesCustomer } | { ok: false; reason: string } {
    return read.kind === 'customer' ? { ok: true, value: read.customer } : { ok: false, reason: `The customer was read as a ${read.kind}` };
  }

  /** @throws PermanentRecordError `mapping_problems` (e.g. no supplier class configured); connector errors from Visma. */
  async post(step: PostingStep<SalesCustomer>): Promise<RecordOutcome> {
    const customer = step.read;
    const sourceKey = `${SUPPLIER_KEY_PREFIX}${customer.email.trim().toLowerCase() || `shop-customer:${customer.shopCustomerId}`}`;
    const where = { sourceConnectionId: step.source.id, sourceKey, targetConnectionId: step.target.id };
    const remembered = (await this.links.findOneBy(where))?.targetCustomerNumber;
    const update = async (supplierNumber: string) => {
      await step.ctx.ensureLease();
      return step.visma.suppliers.updateWithRetry(supplierNumber, (current) => toVismaSupplierUpdate(customer, current), 3);
    };
    // A remembered supplier is updated straight away (its re-read is the only GET); one Visma no longer knows is
    // forgotten and matched again by e-mail.
    let outcome = remembered
      ? await update(remembered).catch((err: unknown) => {
          if (err instanceof ConnectorNotFoundError) return undefined;
          throw err;
        })
      : undefined;
    let supplierNumber = outcome ? remembered : undefined;
    if (!supplierNumber && customer.email) {
      const found = await step.visma.suppliers.findByEmail(customer.email, { vatRegistrationId: customer.vatNumber, name: customer.company || customer.name });
      supplierNumber = found.matches[0]?.record.number ?? undefined;
      if (supplierNumber) outcome = await update(supplierNumber);
    }
    if (supplierNumber && outcome) {
      if (supplierNumber !== remembered) await this.links.upsert({ ...where, targetCustomerNumber: supplierNumber }, ['sourceConnectionId', 'sourceKey', 'targetConnectionId']);
      return {
        status: 'posted',
        targetRef: supplierNumber,
        message: outcome.status === 'updated' ? `Updated Visma supplier ${supplierNumber} in ${step.target.name}` : `Visma supplier ${supplierNumber} already up to date`,
      };
    }
    const built = toVismaSupplier(customer, parseVismaSupplierSettings(step.flow.posting?.supplier ?? {}));
    if (!built.ok) {
      throw new PermanentRecordError(`${built.problems.length} mapping problem(s): ${built.problems.map((p) => p.message).join(' ')}`, 'mapping_problems', { problems: built.problems });
    }
    step.ctx.audit('record.mapped', `Mapped to a new Visma supplier in ${step.target.name}`, { document: built.document });
    const created = await step.visma.suppliers.create(built.document, { fence: () => step.ctx.ensureLease() });
    await this.links.upsert({ ...where, targetCustomerNumber: created.id }, ['sourceConnectionId', 'sourceKey', 'targetConnectionId']);
    return { status: 'posted', targetRef: created.id, message: `Created Visma supplier ${created.id} in ${step.target.name}` };
  }
}
