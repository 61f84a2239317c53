import type { SandboxRouter } from '../core';
import type { VismaCompanyState } from './visma-company.store';
import { isObject, type VismaJsonObject } from './visma-dto.util';
import { inventorySummaryDtos, inventoryToDto } from './visma-inventory.mapper';
import { createInventoryItem, setWarehouseQuantity, updateInventoryItem } from './visma-inventory.service';
import type { VismaInventorySeed } from './visma-inventory.types';
import { vismaValidationError } from './visma.error';

const STRING_FIELDS = ['inventoryNumber', 'description', 'type', 'status', 'baseUnit', 'salesUnit', 'purchaseUnit', 'defaultPrice', 'vatCategoryId', 'itemClassId', 'postingClassId', 'defaultWarehouse', 'note'] as const;
/** Fields that may arrive as JSON numbers; they are read through their decimal text. */
const DECIMAL_FIELDS: ReadonlySet<string> = new Set(['defaultPrice', 'onHand', 'soBooked']);

/**
 * Sandbox control routes for inventory (someone edits an item or counts stock in Visma's UI), so tests can create items
 * and cause changes for delta runs. Bodies are plain JSON; decimals as text (numbers are accepted too), checked as the
 * ERP would check them (buildInventoryItem / setWarehouseQuantity: 400 with the Visma Exception body naming the field).
 * - `POST /_sandbox/visma/companies/:companyId/inventory` — creates an item from VismaInventorySeed
 *   (`{"inventoryNumber": "CT-CAP-01", "description": "Caps", "defaultPrice": "99.00"}`; type default FinishedGoodItem,
 *   status Active, units the company's default, VAT the domestic default, item class by type, default warehouse the first
 *   one); a taken number is 400 `duplicate`. 201 with the InventoryDto. (The ERP route POST /v1/inventory takes the
 *   value-wrapped InventoryUpdateDto instead; visma-inventory.controller.ts.)
 * - `PATCH /_sandbox/visma/companies/:companyId/inventory/:inventoryNumber` — merges the given fields (not
 *   inventoryNumber) and stores the item with a new row version and `lastModifiedDateTime` = the sandbox clock; `{}`
 *   only touches it. A new `type` without `itemClassId` moves the item to the class of that type. 200 with the
 *   InventoryDto; 404 when unknown.
 * - `PUT /_sandbox/visma/companies/:companyId/inventory/:inventoryNumber/warehouses/:warehouseId` — sets the item's
 *   quantities in that warehouse, `{"onHand": "57", "soBooked": "2"}` (soBooked optional, kept when absent; available =
 *   onHand − soBooked); stamps the warehouse detail's `lastModifiedDateTime` (what `availabilityLastModifiedDateTime`
 *   filters on), not the item's. 200 with `{ item: InventoryDto, summary: InventorySummaryDto[] }`; 404 when unknown.
 * `:companyId` is the tenant id or the legacy company id; unknown → 404 `{message}`.
 */
export function registerInventoryControlRoutes(routes: SandboxRouter, companyOf: (id: string) => VismaCompanyState | undefined): void {
  const base = '/_sandbox/visma/companies/:companyId/inventory';
  routes.add('POST', base, (req) => {
    const company = companyOf(req.params['companyId'] ?? '');
    if (!company) return { status: 404, body: { message: `unknown company ${req.params['companyId'] ?? ''}` } };
    const record = createInventoryItem(readSeed(req.body, true) as VismaInventorySeed, company);
    return { status: 201, body: inventoryToDto(record, company, { expandWarehouseDetail: true }) };
  });
  routes.add('PATCH', `${base}/:inventoryNumber`, (req) => {
    const company = companyOf(req.params['companyId'] ?? '');
    if (!company) return { status: 404, body: { message: `unknown company ${req.params['companyId'] ?? ''}` } };
    const number = req.params['inventoryNumber'] ?? '';
    const current = company.inventory.get(number);
    if (!current) return { status: 404, body: { message: `unknown inventory item ${number}` } };
    const record = updateInventoryItem(current, readSeed(req.body ?? {}, false), company, { isClassFollowingType: true });
    return { status: 200, body: inventoryToDto(record, company, { expandWarehouseDetail: true }) };
  });
  routes.add('PUT', `${base}/:inventoryNumber/warehouses/:warehouseId`, (req) => {
    const company = companyOf(req.params['companyId'] ?? '');
    if (!company) return { status: 404, body: { message: `unknown company ${req.params['companyId'] ?? ''}` } };
    const number = req.params['inventoryNumber'] ?? '';
    const current = company.inventory.get(number);
    if (!current) return { status: 404, body: { message: `unknown inventory item ${number}` } };
    if (!isObject(req.body)) throw vismaValidationError('The request body must be a JSON object.');
    const body: Record<string, unknown> = {};
    for (const field of ['onHand', 'soBooked'] as const) copyString(req.body, field, body);
    if (typeof body['onHand'] !== 'string') throw vismaValidationError("Error: 'onHand' cannot be empty.", 'Mandatory field: onHand');
    const soBooked = typeof body['soBooked'] === 'string' ? body['soBooked'] : undefined;
    const record = setWarehouseQuantity(current, company, req.params['warehouseId'] ?? '', { onHand: body['onHand'], soBooked }, company.now());
    company.inventory.set(number, record);
    return { status: 200, body: { item: inventoryToDto(record, company, { expandWarehouseDetail: true }), summary: inventorySummaryDtos(record, company, {}) } };
  });
}

/** Reads the plain seed shape; with `isComplete`, inventoryNumber, description and defaultPrice are required. */
function readSeed(body: unknown, isComplete: boolean): Partial<VismaInventorySeed> {
  if (!isObject(body)) throw vismaValidationError('The request body must be a JSON object.');
  const out: Record<string, unknown> = {};
  for (const field of STRING_FIELDS) copyString(body, field, out);
  if (isComplete) {
    for (const field of ['inventoryNumber', 'description', 'defaultPrice'] as const) {
      if (out[field] === undefined) throw vismaValidationError(`Error: '${field}' cannot be empty.`, `Mandatory field: ${field}`);
    }
  }
  return out;
}

function copyString(from: VismaJsonObject, field: string, to: Record<string, unknown>): void {
  const v = from[field];
  if (v === undefined || v === null) return;
  if (typeof v === 'number' && DECIMAL_FIELDS.has(field)) {
    to[field] = String(v);
    return;
  }
  if (typeof v !== 'string') throw vismaValidationError(`The value of '${field}' must be a string.`);
  to[field] = v;
}
