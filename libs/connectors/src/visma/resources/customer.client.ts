/**
 * Customers: GET/POST /v1/customer, GET/PUT /v1/customer/{customerCd} (visma-net-erp-api.v1_20250424.openapi.json).
 * The customer's id is its `number` (customerCd).
 */
import { ConnectorNotFoundError, updateWithEtagRetry, type EtagRetryResult, type PageIterator, type WriteFence } from '../../core';
import { wrap } from '../schemas/common.schema';
import { VISMA_CUSTOMER, VISMA_CUSTOMER_INPUT, VISMA_CUSTOMER_LIST, type VismaCustomer, type VismaCustomerInput } from '../schemas/customer.schema';
import { seg, VismaResource, type VismaCreated, type VismaDeltaCursor, type VismaDeltaStart, type VismaRecord } from './visma-resource';

/** Customer operations of one Visma company. */
export class VismaCustomerClient extends VismaResource {
  /**
   * GET /v1/customer/{customerCd}.
   * @throws ConnectorNotFoundError when the customer does not exist
   */
  async get(customerNumber: string): Promise<VismaRecord<VismaCustomer>> {
    return this.getOne(`/v1/customer/${seg(customerNumber)}`, VISMA_CUSTOMER);
  }

  /** Customers whose email equals `email` (query `email`, "Equals Email for customer"). */
  async findByEmail(email: string): Promise<VismaCustomer[]> {
    return this.findAll('/v1/customer', VISMA_CUSTOMER_LIST, { email });
  }

  /** Customers whose Corporate ID equals `corporateId` (query `corporateId`). */
  async findByCorporateId(corporateId: string): Promise<VismaCustomer[]> {
    return this.findAll('/v1/customer', VISMA_CUSTOMER_LIST, { corporateId });
  }

  /** Pages of customers modified since `from.since` (or resumed from a saved cursor); see VismaResource.deltaPages. */
  listModifiedSince(from: VismaDeltaStart | VismaDeltaCursor): PageIterator<VismaCustomer, VismaDeltaCursor> {
    return this.deltaPages('/v1/customer', VISMA_CUSTOMER_LIST, from);
  }

  /**
   * POST /v1/customer with the value-wrapped `CustomerUpdateDto`; returns the new number from `Location`.
   * Not retried (Visma has no idempotency key): look the customer up (email/corporateId) before re-posting.
   * @throws ZodError when `input` is invalid; ConnectorValidationError when Visma rejects it
   */
  async create(input: VismaCustomerInput, options: { fence?: WriteFence | undefined } = {}): Promise<VismaCreated> {
    return this.createAt('/v1/customer', toWire(input), 'customer', options.fence);
  }

  /**
   * PUT /v1/customer/{customerCd} with `If-Match: etag` when given.
   * @throws ConnectorConflictError on 409/412 (the record changed since `etag` was read)
   */
  async update(customerNumber: string, input: VismaCustomerInput, etag: string | undefined): Promise<{ etag: string | undefined }> {
    return this.putWithEtag(`/v1/customer/${seg(customerNumber)}`, toWire(input), etag);
  }

  /**
   * Service-level helper: re-reads the customer, re-applies `applyChange` to the fresh copy and PUTs with its ETag,
   * retrying on conflicts up to `maxAttempts` (never resends a stale or server-supplied copy).
   * `applyChange` returns the fields to change, or undefined when the customer is already as wanted.
   * @throws ConnectorConflictError after `maxAttempts` conflicts; ConnectorNotFoundError when the customer is gone
   */
  async updateWithRetry(
    customerNumber: string,
    applyChange: (current: VismaCustomer) => VismaCustomerInput | undefined,
    maxAttempts = 3,
  ): Promise<EtagRetryResult<{ etag: string | undefined }>> {
    return updateWithEtagRetry({
      read: () => this.get(customerNumber),
      applyChange,
      write: (change, etag) => this.update(customerNumber, change, etag),
      maxAttempts,
    });
  }

  /** Like `get` but undefined instead of ConnectorNotFoundError. */
  async tryGet(customerNumber: string): Promise<VismaRecord<VismaCustomer> | undefined> {
    try {
      return await this.get(customerNumber);
    } catch (e: unknown) {
      if (e instanceof ConnectorNotFoundError) return undefined;
      throw e;
    }
  }
}

function toWire(input: VismaCustomerInput): unknown {
  return wrap(VISMA_CUSTOMER_INPUT.parse(input));
}
