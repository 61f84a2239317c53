import { InitialSchema1700000000000 } from './1700000000000-initial-schema';
import { PostingPipeline1700000001000 } from './1700000001000-posting-pipeline';

/** Every migration, in order. New ones are appended here. */
export const MIGRATIONS = [InitialSchema1700000000000, PostingPipeline1700000001000];
