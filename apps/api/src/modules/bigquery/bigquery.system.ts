import { z } from 'zod';
import { settingUrl } from '../systems/host-policy';
import type { HostRule, SystemFacts } from '../systems/system-facts';

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

/** The key's `token_uri` (where the signed assertion goes), when the key text parses; otherwise the key check reports it. */
const tokenUriOfKey: HostRule['urlsOf'] = ({ credentials }) => {
  const text = credentials?.['serviceAccountKey'];
  if (typeof text !== 'string') return [];
  try {
    const uri = (JSON.parse(text) as { token_uri?: unknown }).token_uri;
    return typeof uri === 'string' ? [uri] : [];
  } catch {
    return [];
  }
};

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
  // Google's endpoints (bigquery.v2 discovery doc: rootUrl, mtlsRootUrl and the regional `bigquery.<region>.rep.googleapis.com`
  // endpoints; the key's token_uri is https://oauth2.googleapis.com/token, developers.google.com/identity/protocols/oauth2/service-account).
  hosts: [
    { field: 'settings.apiEndpoint', label: 'The BigQuery API endpoint', kind: 'vendor-fixed', urlsOf: settingUrl('apiEndpoint'), vendorHosts: ['bigquery.googleapis.com', 'bigquery.mtls.googleapis.com', /^bigquery\.[a-z0-9-]+\.rep\.googleapis\.com$/], vendorHostsText: 'bigquery.googleapis.com (or a regional bigquery.<region>.rep.googleapis.com)', vendorDoc: 'BigQuery API v2 discovery document, rootUrl and endpoints' },
    { field: 'credentials.serviceAccountKey', label: 'The key’s token_uri', kind: 'vendor-fixed', urlsOf: tokenUriOfKey, vendorHosts: ['oauth2.googleapis.com'], vendorHostsText: 'oauth2.googleapis.com (Google’s token endpoint)', vendorDoc: 'Google service-account key JSON, token_uri' },
  ],
  entities: [],
  webhooks: null,
};
