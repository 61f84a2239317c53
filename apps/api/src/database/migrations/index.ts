import { InitialSchema1700000000000 } from './1700000000000-initial-schema';
import { PostingPipeline1700000001000 } from './1700000001000-posting-pipeline';
import { JsonPayloads1700000002000 } from './1700000002000-json-payloads';

/** Every migration, in order. New ones are appended here. */
export const MIGRATIONS = [InitialSchema1700000000000, PostingPipeline1700000001000, JsonPayloads1700000002000];
