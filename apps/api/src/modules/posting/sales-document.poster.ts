import { Injectable } from '@nestjs/common';
import { ConnectorValidationError, type VismaClient, type VismaWrappedDocument, type WriteFence } from '@mlc/connectors';
import type { SalesDocument } from '@mlc/mapping';
import { buildVismaDocument, problemsOf } from '../mapping/documents';
import { FlowsService } from '../mapping/flows.service';
import { PermanentRecordError, type RecordOutcome } from '../sync/record-handler';
import { CustomerResolver } from './customer-resolver.service';
import type { PostingStep } from './document-handler';

/** The Visma resource a sales document is posted to: look-up by external reference, and create. */
export type SalesDocumentResource = {
  /** `customer invoice` / `credit note`, for messages. */
  noun: string;
  findByExternalReference(visma: VismaClient, externalReference: string): Promise<string | undefined>;
  /** `fence` is checked right before the POST is sent (see WriteFence). */
  create(visma: VismaClient, document: VismaWrappedDocument, fence: WriteFence): Promise<{ id: string }>;
};

function mappingProblems(problems: { message: string }[]): string {
  return `${problems.length} mapping problem(s): ${problems.map((p) => p.message).join(' ')}`;
}

/**
 * The shared tail of posting a sales document (customer invoice or credit note) into Visma, exactly once:
 * 1. validate against the company's mapping rules, before any customer is looked up or created;
 * 2. when an earlier attempt may have reached Visma (it died or lost the answer after the POST), look the document
 *    up by its external reference (`GET /v1/customerinvoice?externalReference=`, `/v1/customercreditnote?…`) and
 *    adopt it if found, so a crash after Visma's 201 never books a second document;
 * 3. resolve the Visma customer (remembered, matched by e-mail, or created);
 * 4. build the document (balanced to the cent, rounding line) and POST it, right after checking the attempt still
 *    holds its lease (a fenced lease: RecordContext.ensureLease).
 */
@Injectable()
export class SalesDocumentPoster {
  constructor(
    private readonly flows: FlowsService,
    private readonly customers: CustomerResolver,
  ) {}

  /** @throws PermanentRecordError `mapping_problems`; connector errors (retryable or not) from Visma. */
  async post(step: PostingStep<SalesDocument>, resource: SalesDocumentResource): Promise<RecordOutcome> {
    const doc = step.read;
    const rules = await this.flows.rulesFor(step.target.id);
    const problems = problemsOf(doc, rules);
    if (problems.length) throw new PermanentRecordError(mappingProblems(problems), 'mapping_problems', { problems });

    if (step.isRepeat) {
      const existing = await resource.findByExternalReference(step.visma, doc.source.externalReference);
      if (existing) {
        return { status: 'posted', targetRef: existing, message: `${capitalised(resource.noun)} ${existing} already existed in Visma for ${doc.source.externalReference} (earlier attempt); adopted, not posted again` };
      }
    }

    const ends = { sourceConnectionId: step.source.id, targetConnectionId: step.target.id };
    const customer = await this.customers.resolve(ends, doc.customer, step.visma, doc.currency, { fence: () => step.ctx.ensureLease(), holder: { recordId: step.record.id, owner: step.ctx.leaseOwner } });
    const built = buildVismaDocument(doc, rules, customer.customerNumber, step.parent?.targetRef);
    if (!built.ok) throw new PermanentRecordError(mappingProblems(built.problems), 'mapping_problems', { problems: built.problems });
    const against = step.parent ? ` against invoice ${step.parent.targetRef}` : '';
    step.ctx.audit('record.mapped', `Mapped to a ${resource.noun}${against} for Visma customer ${customer.customerNumber} (${customer.via}) in ${step.target.name}`, {
      document: built.document,
      postingSummary: built.postingSummary,
    });
    // The lease fences the POST: checked right before it is sent, and a POST still queued for a connection when the
    // proof runs out is never written. An attempt that froze past its lease (and was overtaken by one that looked the
    // external reference up and found nothing yet) must not post a second document.
    const created = await resource.create(step.visma, built.document, () => step.ctx.ensureLease()).catch(async (err: unknown) => {
      // A remembered customer Visma no longer knows (deleted or merged): forget the match and let the retry look the
      // customer up again, instead of failing every document of that buyer.
      if (err instanceof ConnectorValidationError && /customer/i.test(`${err.providerMessage ?? ''} ${err.message}`) && customer.via === 'remembered') {
        await this.customers.forget(ends, doc.customer.email);
        throw new Error(`Visma no longer knows customer ${customer.customerNumber}; it will be matched again`, { cause: err });
      }
      throw err;
    });
    return {
      status: 'posted',
      targetRef: created.id,
      message: `Posted as Visma ${resource.noun} ${created.id}${against}`,
      data: { response: { status: 201, documentNumber: created.id }, customerNumber: customer.customerNumber, company: step.target.name },
    };
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
