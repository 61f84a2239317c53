/**
 * Orders, payments and customers (shared/specs/commercetools/openapi.yaml):
 * - orders: `GET /{projectKey}/orders/{ID}`, `/orders/order-number={orderNumber}`, `GET /{projectKey}/orders` —
 *   view_orders; store-limited: `/{projectKey}/in-store/key={storeKey}/orders…` — view_orders:{projectKey}:{storeKey}
 * - payments: `GET /{projectKey}/payments/{ID}`, `/payments/key={key}`, `GET /{projectKey}/payments` — view_payments
 * - customers: `GET /{projectKey}/customers/{ID}`, `GET /{projectKey}/customers` — view_customers; store-limited:
 *   `/{projectKey}/in-store/key={storeKey}/customers…`
 * Money stays `TypedMoney` (integer `centAmount`, `fractionDigits`); conversion happens in libs/mapping.
 */
import { CT_CUSTOMER, CT_CUSTOMER_PAGE, CT_ORDER, CT_ORDER_PAGE, CT_PAYMENT, CT_PAYMENT_PAGE, type CommercetoolsCustomer, type CommercetoolsOrder, type CommercetoolsPayment } from '../schemas/sales.schema';
import { ctSegment, type CommercetoolsHttp } from './commercetools-http';
import { CommercetoolsQueryableClient, type CommercetoolsReadOptions, type CommercetoolsStoreReadOptions } from './commercetools-resource';

/** Expansion that embeds the order's payments (`paymentInfo.payments[*].obj`). */
export const COMMERCETOOLS_EXPAND_PAYMENTS = 'paymentInfo.payments[*]';

/** Orders (store-scoped). */
export class CommercetoolsOrderClient extends CommercetoolsQueryableClient<CommercetoolsOrder, CommercetoolsStoreReadOptions> {
  constructor(http: CommercetoolsHttp, storeKeys: readonly string[]) {
    super(http, { segment: '/orders', entity: 'order', record: CT_ORDER, page: CT_ORDER_PAGE, isStoreScoped: true }, storeKeys);
  }

  /**
   * `GET …/orders/order-number={orderNumber}`.
   * @throws ConnectorNotFoundError when no (configured) store has an order with this number
   */
  async getByOrderNumber(orderNumber: string, options: CommercetoolsStoreReadOptions = {}): Promise<CommercetoolsOrder> {
    return this.getAt(`/orders/order-number=${ctSegment(orderNumber)}`, options);
  }
}

/** Payments (project-level). */
export class CommercetoolsPaymentClient extends CommercetoolsQueryableClient<CommercetoolsPayment> {
  constructor(http: CommercetoolsHttp) {
    super(http, { segment: '/payments', entity: 'payment', record: CT_PAYMENT, page: CT_PAYMENT_PAGE, isStoreScoped: false }, []);
  }

  /** `GET /{projectKey}/payments/key={key}`. @throws ConnectorNotFoundError */
  async getByKey(key: string, options: CommercetoolsReadOptions = {}): Promise<CommercetoolsPayment> {
    return this.getAt(`/payments/key=${ctSegment(key)}`, options);
  }
}

/** Customers (store-scoped); the `password` hash is dropped by the schema. */
export class CommercetoolsCustomerClient extends CommercetoolsQueryableClient<CommercetoolsCustomer, CommercetoolsStoreReadOptions> {
  constructor(http: CommercetoolsHttp, storeKeys: readonly string[]) {
    super(http, { segment: '/customers', entity: 'customer', record: CT_CUSTOMER, page: CT_CUSTOMER_PAGE, isStoreScoped: true }, storeKeys);
  }
}
