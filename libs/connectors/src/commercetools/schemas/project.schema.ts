/**
 * Project, stores and messages (shared/specs/commercetools/openapi.yaml `Project`, `MessagesConfiguration`, `Store`,
 * `Message`; examples `store.example.json`, `message(s).example.json`, `Message/*`).
 */
import { z } from 'zod';
import { CT_BASE_RESOURCE, CT_LOCALIZED_STRING, CT_REFERENCE, ctPaged } from './common.schema';

/** `MessagesConfiguration`: the Messages query endpoint works only when `enabled`; kept `deleteDaysAfterCreation` days. */
export const CT_MESSAGES_CONFIGURATION = z.object({ enabled: z.boolean(), deleteDaysAfterCreation: z.number().int().optional() }).passthrough();

/** `Project` (GET /{projectKey}). */
export const CT_PROJECT = z
  .object({
    key: z.string(),
    name: z.string(),
    version: z.number().int(),
    countries: z.array(z.string()),
    currencies: z.array(z.string()),
    languages: z.array(z.string()),
    createdAt: z.string(),
    trialUntil: z.string().optional(),
    messages: CT_MESSAGES_CONFIGURATION,
  })
  .passthrough();
export type CommercetoolsProject = z.infer<typeof CT_PROJECT>;

/** `Store`. */
export const CT_STORE = z
  .object({
    ...CT_BASE_RESOURCE,
    key: z.string(),
    name: CT_LOCALIZED_STRING.optional(),
    languages: z.array(z.string()).optional(),
    countries: z.array(z.object({ code: z.string() }).passthrough()).optional(),
    distributionChannels: z.array(CT_REFERENCE).optional(),
    supplyChannels: z.array(CT_REFERENCE).optional(),
  })
  .passthrough();
export type CommercetoolsStore = z.infer<typeof CT_STORE>;
export const CT_STORE_PAGE = ctPaged(CT_STORE);

/** `Message` (any of its ~300 `type`s): the resource it is about, that resource's version, and a project sequence. */
export const CT_MESSAGE = z
  .object({
    ...CT_BASE_RESOURCE,
    sequenceNumber: z.number().int(),
    resource: CT_REFERENCE,
    resourceVersion: z.number().int(),
    type: z.string(),
    resourceUserProvidedIdentifiers: z.object({ key: z.string().optional(), orderNumber: z.string().optional(), customerNumber: z.string().optional(), sku: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();
export type CommercetoolsMessage = z.infer<typeof CT_MESSAGE>;
export const CT_MESSAGE_PAGE = ctPaged(CT_MESSAGE);
