import { SandboxRouter, startSandboxServer, type FaultInjector, type RequestLog, type RunningSandbox } from '../core';
import { createErpGuard } from './visma-auth.guard';
import { VismaCompanyState } from './visma-company.store';
import { registerCustomerDocumentRoutes } from './visma-customer-document.controller';
import { registerCustomerPaymentRoutes } from './visma-customer-payment.controller';
import { paymentToDto } from './visma-customer-payment.mapper';
import { documentToDto } from './visma-customer-document.mapper';
import { registerCustomerRoutes } from './visma-customer.controller';
import { customerToDto } from './visma-customer.mapper';
import { VISMA_DEMO, VISMA_SCOPES } from './visma-demo.constants';
import { vismaFaultBody } from './visma-fault-body';
import { VismaTokenSigner } from './visma-jwt.util';
import { registerInventoryControlRoutes } from './visma-inventory.control';
import { registerInventoryRoutes } from './visma-inventory.controller';
import { seedInventory } from './visma-inventory.service';
import { VismaRateLimiter, type VismaRateLimitOptions } from './visma-rate-limiter.service';
import { registerReferenceDataRoutes } from './visma-reference-data.controller';
import { registerSalesOrderRoutes } from './visma-sales-order.controller';
import { salesOrderToDto } from './visma-sales-order.mapper';
import { registerSupplierRoutes } from './visma-supplier.controller';
import { supplierToDto } from './visma-supplier.mapper';
import { registerSupplierInvoiceControlRoutes } from './visma-supplier-invoice.control';
import { registerSupplierInvoiceRoutes } from './visma-supplier-invoice.controller';
import { supplierInvoiceToDto } from './visma-supplier-invoice.mapper';
import { seedProcurement } from './visma-supplier-invoice.service';
import { NORWAY_COMPANY_SEED } from './visma-seed-norway.data';
import { SWEDEN_COMPANY_SEED } from './visma-seed-sweden.data';
import type { VismaClientSeed, VismaCompanySeed } from './visma-seed.types';
import { createTokenHandler } from './visma-token.controller';
import { registerEmployeeRoutes } from './visma-employee.controller';
import { registerJournalTransactionRoutes } from './visma-journal-transaction.controller';
import { attachSyntheticJournal, VismaSyntheticJournal, type VismaSyntheticJournalOptions } from './visma-journal-synthetic';
import { generateLedgerHistory, type VismaLedgerHistoryOptions } from './visma-ledger-history';
import { registerLedgerControlRoutes } from './visma-ledger.control';
import { seedLedger } from './visma-ledger.store';
import { registerPurchaseRoutes } from './visma-purchase.controller';
import { registerSupplierPaymentRoutes } from './visma-supplier-payment.controller';

export type VismaSandboxOptions = {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  /** Access token lifetime in whole seconds (default 3600). */
  tokenTtlSeconds?: number;
  /** Fixed-window quota per company + client, positive integers (default 500 per 3 600 000 ms, the test-client quota). */
  rateLimit?: VismaRateLimitOptions;
  /** ERP companies (default: the Norwegian and Swedish demo companies). */
  companies?: VismaCompanySeed[];
  /** Visma Connect clients (default: VISMA_DEMO's two clients). */
  clients?: VismaClientSeed[];
  /** Visma Connect tenants that are not ERP companies (default: VISMA_DEMO.customerTenantId). */
  customerTenants?: string[];
  /** MetadataDto.maxPageSize of paged lists (default 1000; the spec does not state the real value). */
  maxPageSize?: number;
  /**
   * A deterministic history of ledger activity (default off, so tests that count documents see only the seed):
   * `true` or `{months?: 12, scale?: 1, seed?: 4102, tenantIds?: [Norway]}` fills the Norwegian demo company with
   * ~12 months ending at the clock's value at start (about 2 500 records, 4 100 journal lines per 12 months × `scale`;
   * scale 25 ≈ 100 000 journal lines). See visma-ledger-history.ts.
   */
  ledgerHistory?: boolean | VismaLedgerHistoryOptions;
  /**
   * A generated journal of any size for benchmarks (default off): `GET /v2/journaltransaction` of the company
   * (`tenantId`, default the Norwegian demo company) serves `transactions` balanced batches of `linesPerTransaction`
   * (default 3) lines, changed over the year before the clock's value at start, each computed from its index per page
   * (never all held); see visma-journal-synthetic.ts.
   */
  syntheticJournal?: VismaSyntheticJournalOptions;
  /** Epoch-millisecond clock (default Date.now); tests pass a controllable one for expiry and rate windows. */
  clock?: () => number;
  faults?: FaultInjector;
  log?: RequestLog;
};

export type RunningVismaSandbox = RunningSandbox & {
  /** Companies by Visma Connect tenant id. */
  readonly state: { readonly companies: ReadonlyMap<string, VismaCompanyState> };
  /** The state of one company, by tenant id or legacy company id. Throws when unknown. */
  store(companyId: string): VismaCompanyState;
  /** Restores every company's seed and clears rate windows (the same as `POST /_sandbox/reset` minus faults/log). */
  reset(): void;
};

export const DEFAULT_VISMA_TOKEN_TTL_SECONDS = 3600;
export const DEFAULT_VISMA_RATE_LIMIT: VismaRateLimitOptions = { limit: 500, windowMs: 3_600_000 };
export const DEFAULT_VISMA_MAX_PAGE_SIZE = 1000;

/** The demo clients: one approved for both companies (all scopes), one approved for the Norwegian company only. */
export const DEFAULT_VISMA_CLIENTS: readonly VismaClientSeed[] = [
  {
    clientId: VISMA_DEMO.clientId,
    clientSecret: VISMA_DEMO.clientSecret,
    approvedTenants: [VISMA_DEMO.companies.norway.tenantId, VISMA_DEMO.companies.sweden.tenantId, VISMA_DEMO.customerTenantId],
    allowedScopes: [...VISMA_SCOPES],
  },
  {
    clientId: VISMA_DEMO.limitedClientId,
    clientSecret: VISMA_DEMO.limitedClientSecret,
    approvedTenants: [VISMA_DEMO.companies.norway.tenantId],
    allowedScopes: [...VISMA_SCOPES],
  },
];

const toJsonSafe = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as unknown;

/**
 * Starts the Visma.net ERP sandbox: Visma Connect's `POST /connect/token` and the ERP API under the paths of
 * https://api.finance.visma.net (customers, customer invoices, customer credit notes, customer payments, sales
 * orders, suppliers, supplier invoices, inventory items and summaries, reference data, and the ledger-export reads:
 * purchase orders, purchase receipts, supplier payments, v2 journal transactions, employees), plus the core control API,
 * `GET /_sandbox/visma/companies/:companyId/state` (counts and DTOs, for debugging) and the supplier invoice control
 * and inventory control routes (visma-supplier-invoice.control.ts, visma-inventory.control.ts) and the ledger control
 * routes (visma-ledger.control.ts). `ledgerHistory` opts in to a generated year of the demo company's ledger.
 * Injected status faults answer in Visma's error shapes (visma-fault-body.ts).
 * Contract: /work/shared/specs/visma-net/visma-net-erp-api.v1_20250424.openapi.json and README §1.
 */
export async function startVismaSandbox(options: VismaSandboxOptions = {}): Promise<RunningVismaSandbox> {
  const clock = options.clock ?? Date.now;
  const ttl = options.tokenTtlSeconds ?? DEFAULT_VISMA_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1) throw new RangeError('tokenTtlSeconds must be a positive integer');
  const maxPageSize = options.maxPageSize ?? DEFAULT_VISMA_MAX_PAGE_SIZE;
  const seeds = options.companies ?? [NORWAY_COMPANY_SEED, SWEDEN_COMPANY_SEED];
  const companies = new Map(seeds.map((seed) => [seed.tenantId, new VismaCompanyState(seed, clock)] as const));
  companies.forEach((c) => c.addResetHook(seedProcurement));
  companies.forEach((c) => c.addResetHook(seedInventory));
  companies.forEach((c) => c.addResetHook(seedLedger));
  const history = options.ledgerHistory === true ? {} : options.ledgerHistory === false ? undefined : options.ledgerHistory;
  if (history) {
    const anchorMs = clock();
    const tenants = new Set(history.tenantIds ?? [VISMA_DEMO.companies.norway.tenantId]);
    companies.forEach((c) => {
      if (tenants.has(c.seed.tenantId)) c.addResetHook((company) => generateLedgerHistory(company, history, anchorMs));
    });
  }
  if (options.syntheticJournal) {
    const tenantId = options.syntheticJournal.tenantId ?? VISMA_DEMO.companies.norway.tenantId;
    const company = companies.get(tenantId);
    if (!company) throw new RangeError(`syntheticJournal.tenantId ${tenantId} is not one of the sandbox's companies`);
    attachSyntheticJournal(company, new VismaSyntheticJournal(options.syntheticJournal, company, clock()));
  }
  const customerTenants = options.customerTenants ?? [VISMA_DEMO.customerTenantId];
  const signer = new VismaTokenSigner(clock);
  const rateLimit = options.rateLimit ?? DEFAULT_VISMA_RATE_LIMIT;
  if (!Number.isInteger(rateLimit.limit) || rateLimit.limit < 1) throw new RangeError('rateLimit.limit must be a positive integer');
  if (!Number.isInteger(rateLimit.windowMs) || rateLimit.windowMs < 1) throw new RangeError('rateLimit.windowMs must be a positive integer (milliseconds)');
  const limiter = new VismaRateLimiter(rateLimit, clock);

  const router = new SandboxRouter();
  router.add(
    'POST',
    '/connect/token',
    createTokenHandler({
      signer,
      clients: options.clients ?? DEFAULT_VISMA_CLIENTS,
      knownTenants: new Set([...companies.keys(), ...customerTenants]),
      tokenTtlSeconds: ttl,
    }),
  );
  const guard = createErpGuard({ signer, companies, limiter, maxPageSize });
  registerCustomerRoutes(router, guard);
  registerCustomerDocumentRoutes(router, guard);
  registerReferenceDataRoutes(router, guard);
  registerSalesOrderRoutes(router, guard);
  registerSupplierRoutes(router, guard);
  registerCustomerPaymentRoutes(router, guard);
  registerSupplierInvoiceRoutes(router, guard);
  registerInventoryRoutes(router, guard);
  registerPurchaseRoutes(router, guard);
  registerSupplierPaymentRoutes(router, guard);
  registerJournalTransactionRoutes(router, guard);
  registerEmployeeRoutes(router, guard);

  const store = (companyId: string): VismaCompanyState => {
    const found = companies.get(companyId) ?? [...companies.values()].find((c) => c.seed.companyId === companyId);
    if (!found) throw new Error(`unknown Visma sandbox company ${companyId}`);
    return found;
  };
  const controlRoutes = new SandboxRouter();
  controlRoutes.add('GET', '/_sandbox/visma/companies/:companyId/state', (req) => {
    const id = req.params['companyId'] ?? '';
    const company = companies.get(id) ?? [...companies.values()].find((c) => c.seed.companyId === id);
    if (!company) return { status: 404, body: { message: `unknown company ${id}` } };
    const snap = company.snapshot();
    return {
      status: 200,
      body: toJsonSafe({
        tenantId: snap.tenantId,
        companyId: snap.companyId,
        name: snap.name,
        counts: snap.counts,
        customers: snap.customers.map((c) => customerToDto(c, company)),
        invoices: snap.invoices.map((d) => documentToDto(d, company)),
        creditNotes: snap.creditNotes.map((d) => documentToDto(d, company)),
        salesOrders: snap.salesOrders.map((o) => salesOrderToDto(o, company)),
        suppliers: snap.suppliers.map((s) => supplierToDto(s, company)),
        customerPayments: snap.customerPayments.map((p) => paymentToDto(p, company)),
        supplierInvoices: snap.supplierInvoices.map((r) => supplierInvoiceToDto(r, company)),
      }),
    };
  });
  registerSupplierInvoiceControlRoutes(controlRoutes, (id) => companies.get(id) ?? [...companies.values()].find((c) => c.seed.companyId === id));
  registerInventoryControlRoutes(controlRoutes, (id) => companies.get(id) ?? [...companies.values()].find((c) => c.seed.companyId === id));
  registerLedgerControlRoutes(controlRoutes, (id) => companies.get(id) ?? [...companies.values()].find((c) => c.seed.companyId === id));

  const reset = (): void => {
    companies.forEach((c) => c.reset());
    limiter.clear();
  };
  const running = await startSandboxServer({
    name: 'visma',
    router,
    controlRoutes,
    faultBody: vismaFaultBody,
    onReset: reset,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  return { ...running, state: { companies }, store, reset };
}
