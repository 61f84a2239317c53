import { z } from 'zod';
import type { SystemFacts } from '../systems/system-facts';

/** BigQuery dataset ids: letters, digits and underscores, at most 1,024 (discovery doc `DatasetReference.datasetId`). */
export const DATASET_ID = z.string().regex(/^[A-Za-z0-9_]{1,1024}$/, 'is a BigQuery dataset id: letters, digits and underscores');

export const BIGQUERY_SETTINGS = z.object({
  /** The dataset the export tables live in (created on the first run when missing). */
  datasetId: DATASET_ID.default('visma_ledger'),
  /** Where a new dataset and the jobs run (`EU`, `US`, or a region such as `europe-north1`). */
  location: z.string().min(2).max(64).default('EU'),
  /** The BigQuery API origin; Google's unless a proxy (or the demo's simulator on this machine) stands in. */
  apiEndpoint: z.string().url().default('https://bigquery.googleapis.com'),
});
export type BigQuerySettings = z.infer<typeof BIGQUERY_SETTINGS>;

/** The service-account key JSON, as downloaded from the Google Cloud console (IAM → Service accounts → Keys). */
export const BIGQUERY_CREDENTIALS_FORM = z.object({
  serviceAccountKey: z.string().min(2, 'paste the whole key file (JSON)'),
});
export type BigQueryStoredCredentials = z.infer<typeof BIGQUERY_CREDENTIALS_FORM>;

/**
 * Google BigQuery as the warehouse a Visma company's ledger is exported into (issue 17): batch loads of NDJSON with
 * deterministic job ids and a MERGE per batch (shared/specs/README.md "BigQuery facts"). The service-account key is
 * write-only in the vault; its private key signs the RS256 JWT exchanged at Google's token endpoint for an access token
 * of one hour, renewed before it expires.
 */
export const BIGQUERY_SYSTEM: SystemFacts = {
  kind: 'bigquery',
  label: 'Google BigQuery',
  roles: ['export-target'],
  settings: BIGQUERY_SETTINGS,
  credentials: BIGQUERY_CREDENTIALS_FORM,
  fields: {
    settings: [
      { name: 'datasetId', label: 'Dataset', format: 'text', isRequired: false, isSecret: false, placeholder: 'visma_ledger', help: 'Created on the first export when it does not exist. Letters, digits and underscores.' },
      { name: 'location', label: 'Location', format: 'text', isRequired: false, isSecret: false, placeholder: 'EU', help: 'Where a new dataset is created and jobs run: EU, US, or a region such as europe-north1.' },
      { name: 'apiEndpoint', label: 'API endpoint', format: 'url', isRequired: false, isSecret: false, placeholder: 'https://bigquery.googleapis.com' },
    ],
    credentials: [
      {
        name: 'serviceAccountKey',
        label: 'Service-account key (JSON)',
        format: 'secret',
        isRequired: true,
        isSecret: true,
        help: 'Google Cloud console > IAM & Admin > Service accounts > Keys > Add key (JSON). The account needs the roles BigQuery Data Editor and BigQuery Job User.',
      },
    ],
  },
  baseUrl: { field: 'apiEndpoint', default: 'https://bigquery.googleapis.com', isHttpsRequired: true, help: "Google's endpoint; the access token goes only there, the signed key assertion only to Google's token endpoint." },
  entities: [],
  webhooks: null,
};
