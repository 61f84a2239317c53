import { createHash } from 'node:crypto';
import type { SandboxHandler, SandboxRouter } from '../core';
import type { VismaErpHandler } from './visma-auth.guard';
import type { VismaCompanyState } from './visma-company.store';
import { subaccountDto } from './visma-customer-document.mapper';
import type { VismaScope } from './visma-demo.constants';
import { COUNTRY_NAMES } from './visma-dto.util';
import { vismaNotFound } from './visma.error';
import { dateTimeCondition, etagOf, pageWithMetadata, readPaging } from './visma-query.util';
import type { VismaAccountSeed, VismaDimensionSeed, VismaVatSeed } from './visma-seed.types';

type Guard = (scope: VismaScope, handler: VismaErpHandler) => SandboxHandler;

/** Deterministic UUID-shaped id (for DtoSegment.internalId/publicId, which the spec types as uuid). */
function uuidOf(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('/')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function accountDto(a: VismaAccountSeed, index: number, company: VismaCompanyState): Record<string, unknown> {
  return {
    accountID: index + 1,
    accountCD: a.accountCD,
    accountClass: a.accountClass,
    type: a.type,
    active: a.active !== false,
    description: a.description,
    useDefaultSub: false,
    postOption: 'Summary',
    ...(a.taxCategory !== undefined ? { taxCategory: a.taxCategory } : {}),
    cashAccount: a.isCashAccount === true,
    ...(a.publicCode1 !== undefined ? { publicCode1: a.publicCode1 } : {}),
    lastModifiedDateTime: company.seed.referenceDataModified,
    ...(a.controlAccountModule !== undefined ? { controlAccountModule: a.controlAccountModule } : {}),
    allowManualEntry: a.controlAccountModule === undefined,
  };
}

function vatCategoryDto(id: string, company: VismaCompanyState): Record<string, unknown> | undefined {
  const c = company.vatCategory(id);
  if (!c) return undefined;
  const vat = company.vat(c.vatId);
  return {
    vatCategoryId: c.vatCategoryId,
    description: c.description,
    active: true,
    excludeListedTaxes: false,
    lastModifiedDateTime: company.seed.referenceDataModified,
    vatCategoryLines: vat
      ? [
          {
            vatId: vat.vatId,
            description: vat.description,
            type: 'Sales',
            calculateOn: 'DocumentAmount',
            cashDiscount: 'ToTaxableAmount',
            vatRates: [{ revisionID: '1', vatRate: vat.rateBasisPoints / 100, startDate: '2020-01-01T00:00:00.000Z' }],
          },
        ]
      : [],
  };
}

function vatDto(v: VismaVatSeed, company: VismaCompanyState): Record<string, unknown> {
  const payable = company.account(v.payableAccount);
  return {
    vatId: v.vatId,
    description: v.description,
    type: 'Sales',
    deductibleVat: false,
    reverseVat: false,
    statisticalVat: false,
    pendingVat: false,
    includeinVatExemptTotal: v.isExempt,
    includeinVatTotal: !v.isExempt,
    enterFromVatInvoice: false,
    calculateOn: 'DocumentAmount',
    cashDiscount: 'ToTaxableAmount',
    vismaXmlVatType: v.vismaXmlVatType,
    lastModifiedDateTime: company.seed.referenceDataModified,
    ...(payable
      ? { glAccounts: { vatPayableAccount: { type: payable.type, number: payable.accountCD, description: payable.description, active: payable.active !== false } } }
      : {}),
    schedules: [{ startDate: '2020-01-01T00:00:00.000Z', vatRate: v.rateBasisPoints / 100, minTaxableAmt: 0, maxTaxableAmt: 0, deductibleVatRate: 0 }],
    categories: company.seed.vatCategories.filter((c) => c.vatId === v.vatId).flatMap((c) => vatCategoryDto(c.vatCategoryId, company) ?? []),
    zones: company.seed.vatZones.map((z) => ({ id: z.id, description: z.description, defaultVatCategory: z.defaultVatCategory })),
  };
}

function dimensionDto(d: VismaDimensionSeed, company: VismaCompanyState, withValues: boolean): Record<string, unknown> {
  const tenant = company.seed.tenantId;
  return {
    id: d.id,
    length: d.segments.reduce((sum, s) => sum + s.length, 0),
    description: d.description,
    segments: d.segments.map((s) => ({
      internalId: uuidOf(tenant, d.id, String(s.segmentId)),
      segmentId: s.segmentId,
      description: s.description,
      length: s.length,
      publicId: uuidOf('public', tenant, d.id, String(s.segmentId)),
      lastModified: company.seed.referenceDataModified,
      validate: s.values.length > 0,
      ...(withValues
        ? {
            segmentValues: s.values.map((v) => ({
              internalId: uuidOf(tenant, d.id, String(s.segmentId), v.valueId),
              segmentId: s.segmentId,
              valueId: v.valueId,
              description: v.description,
              publicId: uuidOf('public', tenant, d.id, String(s.segmentId), v.valueId),
              active: v.active !== false,
              lastModified: company.seed.referenceDataModified,
            })),
          }
        : {}),
      isAutoNumber: false,
    })),
  };
}

const ok = (body: unknown, etagSource?: string): { status: number; headers?: Record<string, string>; body: unknown } => ({
  status: 200,
  ...(etagSource !== undefined ? { headers: { etag: etagOf(BigInt(`0x${createHash('sha1').update(etagSource).digest('hex').slice(0, 15)}`)) } } : {}),
  body,
});

/**
 * Reference data (read-only, seeded): `GET /v1/account[/{accountCd}]` (filters active, publicCode,
 * lastModifiedDateTime(+Condition)), `/v1/vat[/{vatId}]`, `/v1/vatCategory[/{taxCategoryId}]`,
 * `/v1/branch[/{branchNumber}]`, `/v1/dimension` (list of ids), `/v1/dimension/{dimensionId}`
 * (expandSegmentsValues, default true), `/v1/subaccount[/{subAccountNumber}]` (paged, with metadata).
 * These list operations declare no pageNumber/pageSize (except subaccount), so their items carry no metadata.
 * Single GETs return an ETag. Source: visma-net-erp-api.v1_20250424.openapi.json.
 */
export function registerReferenceDataRoutes(router: SandboxRouter, guard: Guard): void {
  const read = (handler: VismaErpHandler): SandboxHandler => guard('vismanet_erp_service_api:read', handler);

  router.add('GET', '/v1/account', read((req, { company }) => {
    const modified = dateTimeCondition(req.query, 'lastModifiedDateTime');
    const active = req.query.get('active');
    const publicCode = req.query.get('publicCode');
    const since = Date.parse(company.seed.referenceDataModified);
    const items = company.seed.accounts
      .map((a, i) => ({ a, dto: accountDto(a, i, company) }))
      .filter(({ a }) => active === null || active === '' || String(a.active !== false) === active.toLowerCase())
      .filter(({ a }) => !publicCode || a.publicCode1 === publicCode)
      .filter(() => !modified || modified(since))
      .map(({ dto }) => dto);
    return ok(items);
  }));
  router.add('GET', '/v1/account/:accountCd', read((req, { company }) => {
    const index = company.seed.accounts.findIndex((a) => a.accountCD === req.params['accountCd']);
    const account = company.seed.accounts[index];
    if (!account) throw vismaNotFound(`Account '${req.params['accountCd'] ?? ''}' was not found.`);
    return ok(accountDto(account, index, company), `${company.seed.tenantId}/account/${account.accountCD}`);
  }));

  // Organization_GetAll (ExtendedOrganizationDto[]): the legal entity with its base currency, as a company has one.
  router.add('GET', '/v1/organization', read((_req, { company }) => {
    const seed = company.seed;
    const main = seed.branches[0];
    return ok([{ organizationCd: main?.number ?? '1', name: seed.name, baseCurrency: seed.baseCurrency, corporateId: main?.corporateId ?? null, vatRegistrationId: main?.vatRegistrationId ?? null }]);
  }));
  router.add('GET', '/v1/vat', read((_req, { company }) => ok(company.seed.vats.map((v) => vatDto(v, company)))));
  router.add('GET', '/v1/vat/:vatId', read((req, { company }) => {
    const vat = company.vat(req.params['vatId'] ?? '');
    if (!vat) throw vismaNotFound(`VAT '${req.params['vatId'] ?? ''}' was not found.`);
    return ok(vatDto(vat, company), `${company.seed.tenantId}/vat/${vat.vatId}`);
  }));

  router.add('GET', '/v1/vatCategory', read((_req, { company }) =>
    ok(company.seed.vatCategories.flatMap((c) => vatCategoryDto(c.vatCategoryId, company) ?? [])),
  ));
  router.add('GET', '/v1/vatCategory/:taxCategoryId', read((req, { company }) => {
    const id = req.params['taxCategoryId'] ?? '';
    const dto = vatCategoryDto(id, company);
    if (!dto) throw vismaNotFound(`VAT category '${id}' was not found.`);
    return ok(dto, `${company.seed.tenantId}/vatCategory/${id}`);
  }));

  const branchDto = (number: string, company: VismaCompanyState, q: URLSearchParams): Record<string, unknown> | undefined => {
    const b = company.branch(number);
    if (!b) return undefined;
    const flag = (name: string): boolean => q.get(name) === 'true';
    const zone = company.vatZone(company.seed.defaults.vatZoneId);
    return {
      branchId: b.branchId,
      number: b.number,
      name: b.name,
      organizationId: 1,
      isMainBranch: b.branchId === 1,
      isActive: true,
      lastModifiedDateTime: company.seed.referenceDataModified,
      corporateId: b.corporateId,
      vatRegistrationId: b.vatRegistrationId,
      ...(flag('expandAddress')
        ? {
            mainAddress: {
              addressId: b.branchId,
              addressLine1: b.addressLine1,
              postalCode: b.postalCode,
              city: b.city,
              country: { id: b.countryId, name: COUNTRY_NAMES[b.countryId] ?? b.countryId },
            },
          }
        : {}),
      ...(flag('expandDefaultCountry') ? { defaultCountry: { id: b.countryId, name: COUNTRY_NAMES[b.countryId] ?? b.countryId } } : {}),
      ...(flag('expandCurrency') ? { currency: { id: company.seed.baseCurrency, description: company.seed.baseCurrency } } : {}),
      ...(flag('expandVatZone') && zone ? { vatZone: { id: zone.id, description: zone.description } } : {}),
    };
  };
  router.add('GET', '/v1/branch', read((req, { company }) =>
    ok(company.seed.branches.flatMap((b) => branchDto(b.number, company, req.query) ?? [])),
  ));
  router.add('GET', '/v1/branch/:branchNumber', read((req, { company }) => {
    const dto = branchDto(req.params['branchNumber'] ?? '', company, req.query);
    if (!dto) throw vismaNotFound(`Branch '${req.params['branchNumber'] ?? ''}' was not found.`);
    return ok(dto, `${company.seed.tenantId}/branch/${req.params['branchNumber'] ?? ''}`);
  }));

  router.add('GET', '/v1/dimension', read((_req, { company }) => ok(company.seed.dimensions.map((d) => d.id))));
  router.add('GET', '/v1/dimension/:dimensionId', read((req, { company }) => {
    const d = company.dimension(req.params['dimensionId'] ?? '');
    if (!d) throw vismaNotFound(`Dimension '${req.params['dimensionId'] ?? ''}' was not found.`);
    return ok(dimensionDto(d, company, req.query.get('expandSegmentsValues') !== 'false'), `${company.seed.tenantId}/dimension/${d.id}`);
  }));

  router.add('GET', '/v1/subaccount', read((req, { company, maxPageSize }) => {
    const paging = readPaging(req.query, maxPageSize);
    const modified = dateTimeCondition(req.query, 'lastModifiedDateTime');
    const since = Date.parse(company.seed.referenceDataModified);
    const items = company.seed.subaccounts
      .filter(() => !modified || modified(since))
      .map((s) => subaccountDto(s.segmentValues, company));
    return ok(pageWithMetadata(items, paging, maxPageSize));
  }));
  router.add('GET', '/v1/subaccount/:subAccountNumber', read((req, { company }) => {
    const number = req.params['subAccountNumber'] ?? '';
    const seeded = company.seed.subaccounts.find((s) => s.segmentValues.join('-') === number);
    if (!seeded) throw vismaNotFound(`Subaccount '${number}' was not found.`);
    return ok(subaccountDto(seeded.segmentValues, company), `${company.seed.tenantId}/subaccount/${number}`);
  }));
}
