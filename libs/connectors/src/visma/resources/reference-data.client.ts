/**
 * Reference data of one Visma company (ledger accounts, dimensions and subaccounts, VAT codes and categories,
 * branches). Paths and query parameters: visma-net-erp-api.v1_20250424.openapi.json. Only /v1/subaccount declares
 * pageNumber/pageSize; the others return the whole list (README §1 "What the spec does not state").
 * These lists change rarely: callers cache them and invalidate on the error that proves the cache wrong.
 */
import { z } from 'zod';
import type { PageIterator } from '../../core';
import {
  VISMA_ACCOUNT,
  VISMA_BRANCH,
  VISMA_DIMENSION,
  VISMA_ORGANIZATION,
  VISMA_SUBACCOUNT,
  VISMA_VAT_CATEGORY,
  VISMA_VAT_CODE,
  type VismaAccount,
  type VismaBranch,
  type VismaDimension,
  type VismaOrganization,
  type VismaSubaccount,
  type VismaVatCategory,
  type VismaVatCode,
} from '../schemas/reference-data.schema';
import { seg, VismaResource, type VismaDeltaCursor, type VismaDeltaStart } from './visma-resource';

/** General ledger accounts (GET /v1/account). */
export class VismaLedgerAccountClient extends VismaResource {
  /** All accounts, or only active/inactive ones (query `active`). */
  async list(options: { active?: boolean } = {}): Promise<VismaAccount[]> {
    const { body } = await this.http.request({ method: 'GET', path: '/v1/account', query: { active: options.active }, schema: z.array(VISMA_ACCOUNT) });
    return body;
  }
}

/** Dimensions (GET /v1/dimension, /v1/dimension/{dimensionId}) and subaccounts (GET /v1/subaccount). */
export class VismaDimensionClient extends VismaResource {
  /** Dimension ids (GET /v1/dimension returns strings). */
  async listIds(): Promise<string[]> {
    const { body } = await this.http.request({ method: 'GET', path: '/v1/dimension', schema: z.array(z.string()) });
    return body;
  }

  /**
   * One dimension with its segments and (with `expandSegmentsValues`, default true) their values.
   * @throws ConnectorNotFoundError for an unknown dimension id
   */
  async get(dimensionId: string, options: { expandSegmentsValues?: boolean } = {}): Promise<VismaDimension> {
    const { body } = await this.http.request({
      method: 'GET',
      path: `/v1/dimension/${seg(dimensionId)}`,
      query: { expandSegmentsValues: options.expandSegmentsValues ?? true },
      schema: VISMA_DIMENSION,
    });
    return body;
  }

  /** All dimensions with segments and values (one call per dimension id). */
  async list(): Promise<VismaDimension[]> {
    const ids = await this.listIds();
    const out: VismaDimension[] = [];
    for (const id of ids) out.push(await this.get(id));
    return out;
  }

  /** Pages of subaccounts (paged endpoint; `since` filters on lastModifiedDateTime). */
  listSubaccounts(from: VismaDeltaStart | VismaDeltaCursor = {}): PageIterator<VismaSubaccount, VismaDeltaCursor> {
    return this.deltaPages('/v1/subaccount', z.array(VISMA_SUBACCOUNT), from);
  }
}

/** VAT codes (GET /v1/vat, `VatInformationDto`) and VAT categories (GET /v1/vatCategory). */
export class VismaVatClient extends VismaResource {
  async listCodes(): Promise<VismaVatCode[]> {
    const { body } = await this.http.request({ method: 'GET', path: '/v1/vat', schema: z.array(VISMA_VAT_CODE) });
    return body;
  }

  async listCategories(): Promise<VismaVatCategory[]> {
    const { body } = await this.http.request({ method: 'GET', path: '/v1/vatCategory', schema: z.array(VISMA_VAT_CATEGORY) });
    return body;
  }
}

/** Branches (GET /v1/branch) and organisations (GET /v1/organization). */
export class VismaBranchClient extends VismaResource {
  async list(): Promise<VismaBranch[]> {
    const { body } = await this.http.request({ method: 'GET', path: '/v1/branch', schema: z.array(VISMA_BRANCH) });
    return body;
  }

  async listOrganizations(): Promise<VismaOrganization[]> {
    const { body } = await this.http.request({ method: 'GET', path: '/v1/organization', schema: z.array(VISMA_ORGANIZATION) });
    return body;
  }
}
