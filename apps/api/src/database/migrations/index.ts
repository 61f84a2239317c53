import { InitialSchema1700000000000 } from './1700000000000-initial-schema';
import { PostingPipeline1700000001000 } from './1700000001000-posting-pipeline';
import { JsonPayloads1700000002000 } from './1700000002000-json-payloads';
import { WebhookIdIndex1700000003000 } from './1700000003000-webhook-id-index';
import { Lz4Payloads1700000004000 } from './1700000004000-lz4-payloads';
import { FetchedPayloadHash1700000005000 } from './1700000005000-fetched-payload-hash';
import { OnePipeline1700000006000 } from './1700000006000-one-pipeline';
import { FencedLeases1700000007000 } from './1700000007000-fenced-leases';
import { SourceVersions1700000008000 } from './1700000008000-source-versions';
import { BigQueryExport1700000009000 } from './1700000009000-bigquery-export';
import { UserManagement1700000010000 } from './1700000010000-user-management';
import { AdminAuditLog1700000011000 } from './1700000011000-admin-audit-log';

/** Every migration, in order. New ones are appended here. */
export const MIGRATIONS = [InitialSchema1700000000000, PostingPipeline1700000001000, JsonPayloads1700000002000, WebhookIdIndex1700000003000, Lz4Payloads1700000004000, FetchedPayloadHash1700000005000, OnePipeline1700000006000, FencedLeases1700000007000, SourceVersions1700000008000, BigQueryExport1700000009000, UserManagement1700000010000, AdminAuditLog1700000011000];
