/**
 * Project settings, stores and messages (shared/specs/commercetools/openapi.yaml):
 * - `GET /{projectKey}` (Project, incl. `messages: MessagesConfiguration`) — view_project_settings
 * - `GET /{projectKey}/stores`, `/stores/key={key}`, `/stores/{ID}` — view_stores
 * - `GET /{projectKey}/messages`, `/messages/{ID}` — view_messages; answers only while
 *   `Project.messages.enabled` (messages are deleted `deleteDaysAfterCreation` days after creation)
 */
import { CT_MESSAGE, CT_MESSAGE_PAGE, CT_PROJECT, CT_STORE, CT_STORE_PAGE, type CommercetoolsMessage, type CommercetoolsProject, type CommercetoolsStore } from '../schemas/project.schema';
import { COMMERCETOOLS_MAX_LIMIT } from '../commercetools-query';
import { ctSegment, type CommercetoolsHttp } from './commercetools-http';
import { CommercetoolsQueryableClient, type CommercetoolsReadOptions } from './commercetools-resource';

/** The project itself. */
export class CommercetoolsProjectClient {
  constructor(private readonly http: CommercetoolsHttp) {}

  /** `GET /{projectKey}`. @throws ConnectorNotFoundError when the project key does not exist */
  async get(): Promise<CommercetoolsProject> {
    return this.http.call({ method: 'GET', path: '', schema: CT_PROJECT });
  }
}

/** Stores. */
export class CommercetoolsStoreClient extends CommercetoolsQueryableClient<CommercetoolsStore> {
  constructor(http: CommercetoolsHttp) {
    super(http, { segment: '/stores', entity: 'store', record: CT_STORE, page: CT_STORE_PAGE, isStoreScoped: false }, []);
  }

  /** `GET /{projectKey}/stores/key={key}`. @throws ConnectorNotFoundError */
  async getByKey(key: string, options: CommercetoolsReadOptions = {}): Promise<CommercetoolsStore> {
    return this.getAt(`/stores/key=${ctSegment(key)}`, options);
  }

  /** The first 500 stores by key (one page: projects have few stores). */
  async list(): Promise<CommercetoolsStore[]> {
    return (await this.query({ sort: ['key asc'], limit: COMMERCETOOLS_MAX_LIMIT })).results;
  }
}

/** Messages (the change feed of the Messages query endpoint). */
export class CommercetoolsMessageClient extends CommercetoolsQueryableClient<CommercetoolsMessage> {
  constructor(http: CommercetoolsHttp) {
    super(http, { segment: '/messages', entity: 'message', record: CT_MESSAGE, page: CT_MESSAGE_PAGE, isStoreScoped: false }, []);
  }
}
