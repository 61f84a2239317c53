import type { SandboxHandler, SandboxRouter } from '../core';
import type { VismaErpHandler } from './visma-auth.guard';
import type { VismaCompanyState } from './visma-company.store';
import type { VismaScope } from './visma-demo.constants';
import { COUNTRY_NAMES, isoOf } from './visma-dto.util';
import { ledgerOf } from './visma-ledger.store';
import type { VismaEmployeeRecord } from './visma-ledger.types';
import { dateTimeCondition, deltaOrdered, etagOf, pageMapped, queryText, readPaging } from './visma-query.util';
import { vismaException, vismaNotFound } from './visma.error';

type Guard = (scope: VismaScope, handler: VismaErpHandler) => SandboxHandler;

/** Employee classes of the sandbox (EmployeeDto.employeeClass). */
export const EMPLOYEE_CLASSES: Readonly<Record<string, string>> = { ANSATT: 'Fast ansatt', DELTID: 'Deltid', LEDER: 'Ledelse' };

/**
 * EmployeeDto (response, plain) of an employee record; field names from components.schemas.EmployeeDto of
 * visma-net-erp-api.v1_20250424.openapi.json.
 */
export function employeeToDto(e: VismaEmployeeRecord, company: VismaCompanyState): Record<string, unknown> {
  const branch = company.branch(e.branchNumber);
  const name = `${e.firstName} ${e.lastName}`;
  return {
    ...(e.userId !== undefined ? { employeeUserId: e.userId } : {}),
    employeeId: e.employeeId,
    employeeNumber: e.employeeNumber,
    employeeName: name,
    status: e.status,
    department: e.department,
    contact: {
      firstName: e.firstName,
      lastName: e.lastName,
      contactId: e.employeeId + 100,
      name,
      ...(e.email !== undefined ? { email: e.email } : {}),
      ...(e.phone !== undefined ? { phone1: e.phone } : {}),
    },
    address: {
      addressId: e.employeeId + 100,
      ...(e.addressLine1 !== undefined ? { addressLine1: e.addressLine1 } : {}),
      ...(e.postalCode !== undefined ? { postalCode: e.postalCode } : {}),
      ...(e.city !== undefined ? { city: e.city } : {}),
      country: { id: e.countryId, name: COUNTRY_NAMES[e.countryId] ?? e.countryId },
    },
    lastModifiedDateTime: isoOf(e.lastModifiedMs),
    employeeClass: { id: e.employeeClassId, description: EMPLOYEE_CLASSES[e.employeeClassId] ?? e.employeeClassId },
    branch: { number: e.branchNumber, name: branch?.name ?? '' },
    calendarID: 'NORSK',
    ...(e.email !== undefined && e.userId !== undefined ? { employeeLogin: e.email } : {}),
    workGroupDescription: [],
  };
}

/**
 * Employee reads (operations Employee_GetAllEmployees and Employee_GetByemployeeCd of
 * visma-net-erp-api.v1_20250424.openapi.json):
 * - `GET /v1/employee` — filters linkedToUser (true/false: has a linked user), greaterThanValue (employee number greater
 *   than), lastModifiedDateTime(+Condition); orderBy accepted and ignored (the spec: "has no effect"); paging with
 *   `metadata`; ordered by employee id, or by lastModifiedDateTime for a delta read (deltaOrdered).
 * - `GET /v1/employee/{employeeCd}` — the DTO (by employee number) plus `ETag`; unknown → 404.
 */
export function registerEmployeeRoutes(router: SandboxRouter, guard: Guard): void {
  const read = (handler: VismaErpHandler): SandboxHandler => guard('vismanet_erp_service_api:read', handler);
  router.add('GET', '/v1/employee', read((req, ctx) => {
    const q = req.query;
    const paging = readPaging(q, ctx.maxPageSize);
    const modified = dateTimeCondition(q, 'lastModifiedDateTime');
    const linked = queryText(q, 'linkedToUser');
    if (linked !== undefined && linked !== 'true' && linked !== 'false') throw vismaException(400, 'badFilter', `The value '${linked}' is not valid for linkedToUser.`);
    const greaterThan = queryText(q, 'greaterThanValue');
    const matches = [...ledgerOf(ctx.company).employees.values()]
      .filter((e) => linked === undefined || (e.userId !== undefined) === (linked === 'true'))
      .filter((e) => greaterThan === undefined || e.employeeNumber > greaterThan)
      .filter((e) => !modified || modified(e.lastModifiedMs));
    const ordered = deltaOrdered(matches, q, (a, b) => a.employeeId - b.employeeId);
    return { status: 200, body: pageMapped(ordered, paging, ctx.maxPageSize, (e) => employeeToDto(e, ctx.company)) };
  }));
  router.add('GET', '/v1/employee/:employeeCd', read((req, ctx) => {
    const number = req.params['employeeCd'] ?? '';
    const e = ledgerOf(ctx.company).employees.get(number);
    if (!e) throw vismaNotFound(`Employee '${number}' was not found.`);
    return { status: 200, headers: { etag: etagOf(e.rowVersion) }, body: employeeToDto(e, ctx.company) };
  }));
}
