/**
 * Errors as Magento's webapi renders them (Magento\Framework\Webapi\ErrorProcessor::maskException() and
 * Magento\Framework\Webapi\Rest\Response::setException(), magento/magento2 2.4-develop): the body is
 * `{message, parameters?, errors?}` where `message` is the RAW phrase with its `%1` / `%name` placeholders and
 * `parameters` the values (a list for positional placeholders, an object for named ones). Status by exception class:
 * NoSuchEntityException 404, AuthenticationException / AuthorizationException 401, other LocalizedException 400,
 * anything else 500 "Internal Error. Details are available in Magento log file. Report ID: webapi-…".
 * Source of the phrases: each caller names the Magento class that throws it.
 */
import { SandboxHttpError, type FaultBodyHook } from '../core';

export type MagentoParameters = ReadonlyArray<string | number> | Readonly<Record<string, string | number>>;

/** The Magento error body. */
export function magentoErrorBody(message: string, parameters?: MagentoParameters, errors?: ReadonlyArray<{ message: string; parameters?: MagentoParameters }>): Record<string, unknown> {
  return { message, ...(parameters !== undefined ? { parameters } : {}), ...(errors && errors.length > 0 ? { errors } : {}) };
}

/** A Magento error to throw from a handler. */
export function magentoError(status: number, message: string, parameters?: MagentoParameters): SandboxHttpError {
  return new SandboxHttpError(status, magentoErrorBody(message, parameters));
}

/** 404 of Magento\Webapi\Controller\Rest\Router::match(): no webapi.xml route for this method and path. */
export function noRoute(): SandboxHttpError {
  return magentoError(404, 'Request does not match any route.');
}

/** 401 of Magento\Webapi\Controller\Rest\RequestValidator::checkPermissions(). */
export function notAuthorized(resources: readonly string[]): SandboxHttpError {
  return magentoError(401, "The consumer isn't authorized to access %resources.", { resources: resources.join(', ') });
}

/** 400 of a missing body argument (Magento\Framework\Webapi\ServiceInputProcessor::processInputError()). */
export function requiredField(fieldName: string): SandboxHttpError {
  return magentoError(400, '"%fieldName" is required. Enter and try again.', { fieldName });
}

/** 404 of the sales repositories (Magento\Sales\Model\OrderRepository::get() and the invoice/creditmemo ones). */
export function entityNotFound(): SandboxHttpError {
  return magentoError(404, "The entity that was requested doesn't exist. Verify the entity and try again.");
}

/** 500 as the webapi masks any non-Magento exception (production mode). */
export function internalError(reportId: string): SandboxHttpError {
  return magentoError(500, `Internal Error. Details are available in Magento log file. Report ID: webapi-${reportId}`);
}

/**
 * Bodies of injected status faults (core `FaultBodyHook`): what Magento itself would answer comes as its error body
 * (401 as the ACL refusal, 400 as a missing field, 500 as the masked internal error); 429, 502, 503 and the 504 of
 * `timeout` come from the layer in front of Magento (Fastly / nginx on Adobe Commerce on cloud) as `{message}`.
 */
export const adobeCommerceFaultBody: FaultBodyHook = (kind, status, { rule }) => {
  switch (kind) {
    case 'http-401':
      return magentoErrorBody("The consumer isn't authorized to access %resources.", { resources: 'Magento_Sales::actions_view' });
    case 'validation-error':
      return magentoErrorBody('"%fieldName" is required. Enter and try again.', { fieldName: rule.field ?? 'entity' });
    case 'http-500':
      return magentoErrorBody('Internal Error. Details are available in Magento log file. Report ID: webapi-injected0000000');
    case 'http-409':
      return magentoErrorBody('Something went wrong while saving the entity (injected conflict).');
    case 'http-412':
      return magentoErrorBody('The precondition given in the request evaluated to false (injected).');
    default:
      return { message: status === 429 ? 'Too Many Requests' : status === 504 ? 'Gateway Timeout' : status === 503 ? 'Service Unavailable' : status === 502 ? 'Bad Gateway' : 'Not Implemented' };
  }
};
