'use client';

import { type FormEvent, useState } from 'react';
import { ApiError } from '@/api/api-error';
import { useSetFlowPosting } from '@/api/flows/mutations';
import type { CustomerAs, Flow, FlowPosting, OrderDocument } from '@/api/flows/types';
import { SelectField } from '@/ui/fields';
import { describeError } from '@/ui/states';

const ORDER_OPTIONS: { value: OrderDocument; label: string }[] = [
  { value: 'customer-invoice', label: 'Customer invoices' },
  { value: 'sales-order', label: 'Sales orders' },
];
const CUSTOMER_OPTIONS: { value: CustomerAs; label: string }[] = [
  { value: 'customer', label: 'Visma customers' },
  { value: 'supplier', label: 'Suppliers' },
];

/** Line types of a sales order that have no SKU of their own and need a Visma inventory item each. */
const NON_PRODUCT_LINES = ['shipping', 'discount', 'fee', 'rounding'] as const;

/**
 * What the flow's posting settings still lack for the chosen documents (the builders would fail every record on it):
 * inventory items of the non-product sales order lines, the supplier class of new suppliers.
 */
export function postingGaps(posting: FlowPosting, chosen: { orderDocument: OrderDocument; customerAs: CustomerAs }, flow: Pick<Flow, 'entities'>): string[] {
  const gaps: string[] = [];
  if (chosen.orderDocument === 'sales-order' && flow.entities.includes('order')) {
    const mapped = posting.salesOrder?.inventory?.byLineType ?? {};
    const missing = NON_PRODUCT_LINES.filter((type) => !mapped[type]);
    if (missing.length)
      gaps.push(
        `Visma needs an inventory item on every sales order line: products use their SKU, but ${missing.join(', ')} lines have none set in this flow’s sales order settings (posting.salesOrder.inventory.byLineType), so orders with such lines fail until they are set.`,
      );
  }
  if (chosen.customerAs === 'supplier' && flow.entities.includes('customer') && !posting.supplier?.supplierClassId)
    gaps.push('New suppliers need a Visma supplier class (posting.supplier.supplierClassId); none is set, so customer records fail until it is.');
  return gaps;
}

/** True when the flow moves something the posting choices are about (orders or customer records). */
export function hasPostingChoices(flow: Pick<Flow, 'entities'>): boolean {
  return flow.entities.includes('order') || flow.entities.includes('customer');
}

/**
 * Edits what a flow posts (admin): orders as customer invoices or sales orders, the customer records it moves as Visma
 * customers or suppliers; `PATCH /api/flows/:id { posting }`. Only the choices of entities the flow moves are offered.
 */
export function PostingForm({ flow, onDone }: { flow: Flow; onDone: (saved: Pick<FlowPosting, 'orderDocument' | 'customerAs'> | null) => void }) {
  const update = useSetFlowPosting();
  const [orderDocument, setOrderDocument] = useState<OrderDocument>(flow.posting.orderDocument);
  const [customerAs, setCustomerAs] = useState<CustomerAs>(flow.posting.customerAs);
  const apiError = update.error instanceof ApiError ? update.error : undefined;
  const movesOrders = flow.entities.includes('order');
  const movesRefunds = flow.entities.includes('refund');
  const movesCustomers = flow.entities.includes('customer');
  const gaps = postingGaps(flow.posting, { orderDocument, customerAs }, flow);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ flow, orderDocument, customerAs }, { onSuccess: () => onDone({ orderDocument, customerAs }) });
  };
  const change = <T,>(set: (value: T) => void) => (value: string) => {
    set(value as T);
    if (update.isError) update.reset();
  };

  return (
    <form className="stack" onSubmit={submit} aria-label={`Posting of ${flow.name}`}>
      <div className="grid-2" style={{ alignItems: 'start' }}>
        {movesOrders ? (
          <SelectField
            label="Orders become"
            value={orderDocument}
            onChange={change(setOrderDocument)}
            options={ORDER_OPTIONS}
            error={apiError?.fieldMessage('posting.orderDocument')}
            help={
              <>
                Customer invoices go to <code>/v2/customerinvoice</code>. Sales orders go to Visma’s <code>/v1/salesorder</code> (SalesOrder v1), for
                companies that ship and invoice from Visma; Visma marks SalesOrder v1 end-of-life in favour of a v3 service whose contract is not
                published yet.{' '}
                {movesRefunds ? 'Refunds always become credit notes (unapplied while the sales order has no invoice).' : 'Refunds always become credit notes.'}
              </>
            }
          />
        ) : null}
        {movesCustomers ? (
          <SelectField
            label="Customers become"
            value={customerAs}
            onChange={change(setCustomerAs)}
            options={CUSTOMER_OPTIONS}
            error={apiError?.fieldMessage('posting.customerAs')}
            help={
              <>
                Only the customer records this flow moves: suppliers suit e.g. a marketplace whose “customers” are vendors it pays. The customer on an
                order is always a Visma customer: an invoice is made out to a customer.
              </>
            }
          />
        ) : null}
      </div>
      {gaps.length ? (
        <div className="notice notice-warn stack" style={{ gap: 4 }}>
          {gaps.map((gap) => (
            <span key={gap}>{gap}</span>
          ))}
          <span>These settings are not editable in the dashboard yet; an admin sets them through the API.</span>
        </div>
      ) : null}
      <div className="row">
        <button type="submit" className="button button-small" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save posting'}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={() => onDone(null)} disabled={update.isPending}>
          Cancel
        </button>
      </div>
      {update.isError ? (
        <div className="state state-error" role="alert">
          <strong>The posting choices were not saved.</strong>
          {apiError?.fields.length ? (
            <ul style={{ margin: 0 }}>
              {apiError.fields.map((f) => (
                <li key={f.field}>
                  <code>{f.field}</code>: {f.message}
                </li>
              ))}
            </ul>
          ) : (
            <span>{describeError(update.error)}</span>
          )}
        </div>
      ) : null}
    </form>
  );
}
