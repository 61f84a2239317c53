/**
 * The Visma.net ERP client of one company: OAuth2 client credentials against Visma Connect (with `tenant_id`),
 * the shared transport, and one class per resource. Defaults: API https://api.finance.visma.net (spec `servers`,
 * docs …/setting-up-your-integration/end-of-life-notices/change-base-url) and token endpoint
 * https://connect.visma.com/connect/token (spec securitySchemes.serviceapi; https://docs.vismasoftware.no/vismanetapi/authentication).
 * Clients never read env vars: credentials and options come from the caller (the registry's factory).
 */
import type { Dispatcher } from 'undici';
import {
  HttpTransport,
  OAuth2ClientCredentialsProvider,
  SYSTEM_CLOCK,
  type Clock,
  type ConnectorLogger,
  type Pingable,
  type PingReport,
  type RateBudget,
  type RetryPolicy,
} from '../core';
import { VismaCustomerCreditNoteClient } from './resources/customer-credit-note.client';
import { VismaCustomerInvoiceClient } from './resources/customer-invoice.client';
import { VismaCustomerPaymentClient } from './resources/customer-payment.client';
import { VismaExportReader } from './resources/export-reader.client';
import { VismaCustomerClient } from './resources/customer.client';
import { VismaInventoryClient } from './resources/inventory.client';
import { VismaBranchClient, VismaDimensionClient, VismaLedgerAccountClient, VismaVatClient } from './resources/reference-data.client';
import { VismaSalesOrderClient } from './resources/sales-order.client';
import { VismaSupplierInvoiceClient } from './resources/supplier-invoice.client';
import { VismaSupplierClient } from './resources/supplier.client';
import { vismaErrorMapper, VISMA_SYSTEM } from './visma-errors';
import { readVismaRateLimitHeaders } from './visma-http';
import { pingVisma } from './visma-ping';

export const VISMA_DEFAULT_API_BASE_URL = 'https://api.finance.visma.net';
export const VISMA_DEFAULT_TOKEN_URL = 'https://connect.visma.com/connect/token';
/** Scopes the connector needs (README §1 "Scopes"; confirm in the Developer Portal for the app). */
export const VISMA_DEFAULT_SCOPES = ['vismanet_erp_service_api:read', 'vismanet_erp_service_api:create', 'vismanet_erp_service_api:update'] as const;

/** Decrypted credentials of one Visma company connection. */
export type VismaCredentials = {
  clientId: string;
  clientSecret: string;
  /** Visma Connect tenant id of the ERP company (must have approved the client). */
  tenantId: string;
  scopes?: readonly string[] | undefined;
};

export type VismaClientOptions = {
  /** ERP company id, sent as `ipp-company-id` on every ERP call and part of the rate-budget key. */
  companyId: string;
  apiBaseUrl?: string | undefined;
  tokenUrl?: string | undefined;
  /** Shared budget (e.g. RedisFixedWindowBudget sized per company); key `visma:<clientId>:<companyId>`. */
  rateBudget?: RateBudget | undefined;
  dispatcher?: Dispatcher | undefined;
  logger?: ConnectorLogger | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** Per-attempt timeout (default 30 000 ms). */
  timeoutMs?: number | undefined;
  clock?: Clock | undefined;
  random?: (() => number) | undefined;
  /** Renew tokens this long before expiry (default 60 000 ms). */
  tokenClockSkewMs?: number | undefined;
};

/** Everything the connector does with one Visma company. */
export class VismaClient implements Pingable {
  readonly customers: VismaCustomerClient;
  readonly customerInvoices: VismaCustomerInvoiceClient;
  readonly customerCreditNotes: VismaCustomerCreditNoteClient;
  /** Any list read as raw DTOs by change-time window, for the ledger export (VismaExportReader). */
  readonly exports: VismaExportReader;
  /** Customer payments (POST/GET /v1/customerPayment, release); exactly-once by `paymentRef`, see VismaCustomerPaymentClient. */
  readonly customerPayments: VismaCustomerPaymentClient;
  /** Sales orders (POST/GET /v1/salesorder); exactly-once by our own order number, see VismaSalesOrderClient. */
  readonly salesOrders: VismaSalesOrderClient;
  /** Suppliers (GET/POST/PUT /v1/supplier with If-Match); matched by e-mail as VismaSupplierClient describes. */
  readonly suppliers: VismaSupplierClient;
  /** Supplier invoices (GET /v1/supplierInvoice delta listing and reads); see VismaSupplierInvoiceClient. */
  readonly supplierInvoices: VismaSupplierInvoiceClient;
  /** Inventory items and warehouse quantities (GET /v1/inventory delta listing and reads, POST/PUT /v1/inventory, /v1/inventorysummary); see VismaInventoryClient. */
  readonly inventory: VismaInventoryClient;
  readonly ledgerAccounts: VismaLedgerAccountClient;
  readonly dimensions: VismaDimensionClient;
  readonly vat: VismaVatClient;
  readonly branches: VismaBranchClient;

  constructor(
    readonly transport: HttpTransport,
    readonly auth: OAuth2ClientCredentialsProvider,
    private readonly settings: { companyId: string; requiredScopes: readonly string[]; clock: Clock },
  ) {
    const { clock } = settings;
    this.customers = new VismaCustomerClient(transport, clock);
    this.customerInvoices = new VismaCustomerInvoiceClient(transport, clock);
    this.customerCreditNotes = new VismaCustomerCreditNoteClient(transport, clock);
    this.customerPayments = new VismaCustomerPaymentClient(transport, clock);
    this.salesOrders = new VismaSalesOrderClient(transport, clock);
    this.suppliers = new VismaSupplierClient(transport, clock);
    this.supplierInvoices = new VismaSupplierInvoiceClient(transport, clock);
    this.inventory = new VismaInventoryClient(transport, clock);
    this.ledgerAccounts = new VismaLedgerAccountClient(transport, clock);
    this.dimensions = new VismaDimensionClient(transport, clock);
    this.vat = new VismaVatClient(transport, clock);
    this.branches = new VismaBranchClient(transport, clock);
    this.exports = new VismaExportReader(transport, clock);
  }

  /** Diagnoses the connection step by step (see visma-ping.ts). Never throws. */
  async ping(): Promise<PingReport> {
    return pingVisma({ auth: this.auth, transport: this.transport, companyId: this.settings.companyId, requiredScopes: this.settings.requiredScopes });
  }
}

/**
 * Builds a VismaClient. No I/O happens until the first call.
 * @param credentials client id/secret, tenant id and optional scopes (default VISMA_DEFAULT_SCOPES)
 */
/**
 * The rate-budget key of one Visma company and client: the `4-fixed-window` policy counts "requests per hour for
 * each company and client combination" (docs.vismasoftware.no/vismanetapi/api-reference/rate-limits/).
 */
export function vismaRateBudgetKey(clientId: string, companyId: string): string {
  return `${VISMA_SYSTEM}:${clientId}:${companyId}`;
}

export function createVismaClient(credentials: VismaCredentials, options: VismaClientOptions): VismaClient {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const scopes = credentials.scopes ?? VISMA_DEFAULT_SCOPES;
  const auth = new OAuth2ClientCredentialsProvider({
    system: VISMA_SYSTEM,
    tokenUrl: options.tokenUrl ?? VISMA_DEFAULT_TOKEN_URL,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    scope: scopes.join(' '),
    extraParams: { tenant_id: credentials.tenantId },
    clockSkewMs: options.tokenClockSkewMs,
    dispatcher: options.dispatcher,
    logger: options.logger,
    now: () => clock.now(),
  });
  const transport = new HttpTransport({
    system: VISMA_SYSTEM,
    baseUrl: options.apiBaseUrl ?? VISMA_DEFAULT_API_BASE_URL,
    auth,
    retry: options.retry,
    rateBudget: options.rateBudget,
    rateBudgetKey: vismaRateBudgetKey(credentials.clientId, options.companyId),
    rateLimitReader: readVismaRateLimitHeaders,
    errorMapper: vismaErrorMapper,
    defaultHeaders: { 'ipp-company-id': options.companyId },
    timeoutMs: options.timeoutMs,
    dispatcher: options.dispatcher,
    logger: options.logger,
    clock,
    random: options.random,
  });
  return new VismaClient(transport, auth, { companyId: options.companyId, requiredScopes: scopes, clock });
}
