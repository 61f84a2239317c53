/*
 * The Adobe Commerce share of `npm run chaos`, played at the Adobe Commerce sandbox (PaaS, the demo integration's
 * OAuth 1.0a keys) so every change runs the store's synchronous webhooks (`observer.sales_order_save_after`,
 * `…_invoice_save_after`, `…_creditmemo_save_after`, `observer.customer_save_after`; hooks are optional, never retried):
 * - registered customers created with `POST /V1/customers`, some renamed with `PUT /V1/customers/{id}`, some twice
 *   within one second (Magento's `updated_at` has whole seconds: the second rename must still win);
 * - N orders in NOK from Norway (the Adobe Commerce flow posts into the Norwegian company), of six shapes: the
 *   configurable tee (parent and child item) with a mug, a hoodie at 10 % off, coffee at the 15 % food rate with the
 *   ski wax whose SKU holds a slash, a virtual product without shipping, several mugs, and a registered buyer's order.
 *   Orders are placed through the sandbox's control route (`POST /_sandbox/adobe-commerce/orders`, the same code and
 *   webhooks as the REST API: a real store takes orders through carts and checkout, which the product never calls);
 * - each order invoiced 0.3–3 s later with `POST /V1/order/{id}/invoice`: most with `capture: true` (a paid Commerce
 *   invoice → a Visma customer payment), some without (an open invoice, no payment), half of those captured 2–6 s
 *   later with `POST /V1/invoices/{id}/capture`;
 * - credit memos of some paid orders 2–8 s after the invoice (`POST /V1/order/{id}/refund`): everything, everything
 *   but shipping, or one unit of the first item;
 * - faults (chaos/faults.js adobeCommerceRules) only hit GETs, and this workload never GETs during the window, so every
 *   fault fired in the Adobe Commerce request log hit the product.
 * `readAdobeCommerce` reads the run's orders, invoices, credit memos and customers back through the REST API
 * (searchCriteria) for the checks (chaos/checks.js).
 */
const { z } = require('zod');
const { ADOBE_COMMERCE_DEMO } = require('../../apps/sandbox/dist');
const { createAdobeCommerceClient } = require('../../libs/connectors/dist');
const { sleep } = require('./processes');

const ADDRESS = { street: ['Storgata 1'], city: 'Oslo', postcode: '0155', country_id: 'NO', telephone: '+4722000000' };

/** Order shapes: what each one exercises is in its name. Weights sum to 100. */
const SHAPES = [
  { name: 'configurable tee + mug', weight: 25, lines: (r) => [{ sku: 'WS12-M-Orange', qty: 1 + Math.floor(r() * 3) }, { sku: 'NL-MUG-01', qty: 1 }] },
  { name: 'hoodie 10 % off + tee', weight: 15, lines: () => [{ sku: 'MH01-S-Gray', qty: 1, discountPercent: 10 }, { sku: 'WS12-M-Orange', qty: 2 }] },
  { name: 'coffee 15 % + wax (SKU with a slash)', weight: 15, lines: (r) => [{ sku: 'NL-COFFEE-500', qty: 1 + Math.floor(r() * 4) }, { sku: 'NL-WAX/50', qty: 1 }] },
  { name: 'virtual only, no shipping', weight: 10, lines: () => [{ sku: '240-LV08', qty: 1 }] },
  { name: 'mugs, odd shipping', weight: 15, lines: (r) => [{ sku: 'NL-MUG-01', qty: 1 + Math.floor(r() * 5) }], shippingAmount: 39.2 },
  { name: 'registered buyer', weight: 20, registered: true, lines: (r) => [{ sku: 'MH01-S-Gray', qty: 1 }, { sku: 'NL-COFFEE-500', qty: 1 + Math.floor(r() * 2) }] },
];

function pickShape(r) {
  let x = r() * 100;
  for (const shape of SHAPES) {
    x -= shape.weight;
    if (x < 0) return shape;
  }
  return SHAPES[0];
}

/** A REST client of the demo store as an integration calls it (OAuth 1.0a, HMAC-SHA256), through our connector's transport. */
function adobeClient(adobeCommerce) {
  return createAdobeCommerceClient(
    { auth: 'oauth1', consumerKey: ADOBE_COMMERCE_DEMO.consumerKey, consumerSecret: ADOBE_COMMERCE_DEMO.consumerSecret, accessToken: ADOBE_COMMERCE_DEMO.accessToken, accessTokenSecret: ADOBE_COMMERCE_DEMO.accessTokenSecret },
    { flavour: 'paas', baseUrl: adobeCommerce.paasBaseUrl ?? adobeCommerce.baseUrl, storeCode: ADOBE_COMMERCE_DEMO.storeCode },
  );
}

/** One REST write in the store view's scope; the answer as the store sent it. */
function restWriter(client) {
  return async (method, path, body) => {
    try {
      return await client.http.call('store', { method, path, schema: z.unknown(), body });
    } catch (err) {
      throw new Error(`chaos Adobe Commerce workload: ${method} ${path} failed: ${err.message}${err.cause ? ` (${err.cause.code ?? ''} ${err.cause.message ?? err.cause})` : ''}`);
    }
  };
}

/** One control-route write (never faulted); throws with the answer unless 201. */
async function control(adobeCommerce, path, body) {
  const res = await fetch(`${adobeCommerce.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`chaos Adobe Commerce workload: POST ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/**
 * Plays the Adobe Commerce share over `durationMs`: customers first, orders spread over the first 75 % (interleaved with
 * the other shops' workloads), invoices, late captures and credit memos after their order, renames at random moments.
 * Returns what was done; the checks re-read everything from the store.
 */
async function runAdobeCommerceWorkload({ adobeCommerce, orders: n, durationMs, random, tag, isStopped }) {
  const client = adobeClient(adobeCommerce);
  const rest = restWriter(client);
  const t0 = Date.now();
  const end = t0 + durationMs;
  const done = { orders: [], invoices: [], captures: 0, creditMemos: [], customers: [], renames: 0, sameSecondPairs: 0, errors: [] };
  if (n <= 0) return done;
  const background = [];
  const at = (ms, fn) => background.push((async () => {
    await sleep(Math.max(0, ms - Date.now()));
    try {
      await fn();
    } catch (err) {
      done.errors.push(err.message);
    }
  })());

  // Registered customers (returning buyers), each with a Norwegian default address.
  const poolSize = Math.max(4, Math.round(n / 20));
  for (let k = 0; k < poolSize; k += 1) {
    const email = `chaos.${tag}.ac${k}@example.no`;
    const customer = await rest('POST', '/V1/customers', {
      customer: {
        email, firstname: 'Registered', lastname: `Commerce ${k}`, website_id: 1,
        addresses: [{ firstname: 'Registered', lastname: `Commerce ${k}`, street: ADDRESS.street, city: ADDRESS.city, postcode: ADDRESS.postcode, country_id: 'NO', telephone: ADDRESS.telephone, default_billing: true, default_shipping: true }],
      },
    });
    done.customers.push({ id: customer.id, email });
  }
  const rename = (customer, lastname) => rest('PUT', `/V1/customers/${customer.id}`, { customer: { id: customer.id, email: customer.email, firstname: 'Renamed', lastname, website_id: 1 } });
  for (const customer of done.customers) {
    const x = random();
    if (x > 0.75) continue;
    const isPair = x < 0.35;
    at(t0 + (0.15 + random() * 0.7) * durationMs, async () => {
      if (isPair) {
        while (Date.now() % 1000 > 600) await sleep(20);
        const second = Math.floor(Date.now() / 1000);
        await rename(customer, `Once ${customer.id}`);
        await rename(customer, `Twice ${customer.id}`);
        if (Math.floor(Date.now() / 1000) === second) done.sameSecondPairs += 1;
        done.renames += 2;
      } else {
        await rename(customer, `Once ${customer.id}`);
        done.renames += 1;
      }
    });
  }

  const spacing = (0.75 * durationMs) / n;
  for (let i = 0; i < n && !isStopped(); i += 1) {
    await sleep(Math.max(0, t0 + (i + 0.25) * spacing - Date.now()));
    const shape = pickShape(random);
    const buyer = shape.registered ? done.customers[Math.floor(random() * done.customers.length)] : undefined;
    const email = buyer?.email ?? (random() < 0.4 ? `chaos.${tag}.acguest${Math.floor(random() * Math.max(5, n / 15))}@example.no` : `chaos.${tag}.acnew${i}@example.no`);
    const input = {
      ...(buyer ? { customerId: buyer.id } : { email, firstname: 'Commerce', lastname: `Buyer ${i}`, address: ADDRESS }),
      currency: 'NOK',
      lines: shape.lines(random),
      ...(shape.shippingAmount !== undefined ? { shippingAmount: shape.shippingAmount } : {}),
    };
    let order;
    try {
      order = await control(adobeCommerce, '/_sandbox/adobe-commerce/orders', input);
    } catch (err) {
      done.errors.push(err.message);
      continue;
    }
    done.orders.push({ id: order.entity_id, shape: shape.name, email });
    const paid = random() < 0.85;
    const invoiceAt = Date.now() + 300 + random() * 2700;
    const lateCapture = !paid && random() < 0.5;
    const memo = paid && random() < 0.2 ? random() : undefined;
    const captureDelay = 2000 + random() * 4000;
    const memoDelay = 2000 + random() * 6000;
    at(invoiceAt, async () => {
      const invoiceId = await rest('POST', `/V1/order/${order.entity_id}/invoice`, { capture: paid });
      done.invoices.push({ orderId: order.entity_id, invoiceId, paid });
      if (lateCapture) {
        await sleep(Math.max(0, Math.min(captureDelay, end - 1000 - Date.now())));
        await rest('POST', `/V1/invoices/${invoiceId}/capture`);
        done.captures += 1;
      }
      if (memo !== undefined) {
        await sleep(Math.max(0, Math.min(memoDelay, end - 1000 - Date.now())));
        const item = order.items.find((it) => !it.parent_item_id);
        const body = memo < 0.3 ? {} : memo < 0.7 ? { arguments: { shipping_amount: 0 } } : { items: [{ order_item_id: item.item_id, qty: 1 }], arguments: { shipping_amount: 0 } };
        const memoId = await rest('POST', `/V1/order/${order.entity_id}/refund`, body);
        done.creditMemos.push({ orderId: order.entity_id, creditMemoId: memoId });
      }
    });
  }
  await Promise.all(background);
  return done;
}

/** All items of one searchCriteria listing (`in` on `field`), page by page (stop at currentPage × pageSize ≥ total_count). */
async function searchIn(entity, field, values) {
  const items = [];
  for (let i = 0; i < values.length; i += 100) {
    const filterGroups = [[{ field, value: values.slice(i, i + 100).join(','), conditionType: 'in' }]];
    for (let page = 1; ; page += 1) {
      const result = await entity.search({ filterGroups, pageSize: 100, currentPage: page });
      items.push(...result.items);
      if (page * 100 >= result.total_count) break;
    }
  }
  return items;
}

/** The run's orders, their invoices and credit memos, and the registered customers, as the store reports them now. */
async function readAdobeCommerce(adobeCommerce, orderIds, customerIds) {
  const client = adobeClient(adobeCommerce);
  const ids = orderIds.map(String);
  return {
    orders: await searchIn(client.orders, 'entity_id', ids),
    invoices: await searchIn(client.invoices, 'order_id', ids),
    creditMemos: await searchIn(client.creditMemos, 'order_id', ids),
    customers: await searchIn(client.customers, 'entity_id', customerIds.map(String)),
  };
}

module.exports = { runAdobeCommerceWorkload, readAdobeCommerce, SHAPES };
