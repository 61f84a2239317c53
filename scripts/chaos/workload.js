/*
 * The shop activity of `npm run chaos`, all through the BigCommerce sandbox's own API (so every change emits its
 * store/* webhook to the product): N orders of six shapes (25/15/12/0 % VAT, shipping, a manual discount, rounding
 * traps, SEK orders from Sweden), new and returning buyers, refunds of some orders (V3 refund quote + refund), and
 * registered customers renamed with PUT /v3/customers, some twice within one second (the second must win).
 * The product only reads the store (faults are armed on GETs), so these writes are sent once; reads are retried.
 */
const { BIGCOMMERCE_DEMO } = require('../../apps/sandbox/dist');
const { sleep } = require('./processes');

const NO = { street: 'Storgata 1', city: 'Oslo', zip: '0155', country: 'Norway', iso2: 'NO' };
const SE = { street: 'Kungsgatan 2', city: 'Göteborg', zip: '411 19', country: 'Sweden', iso2: 'SE' };

const p = (name, sku, quantity, ex, inc) => ({ name, sku, quantity, price_ex_tax: ex, price_inc_tax: inc });

/** Order shapes: what each one exercises is in its name. Weights sum to 100. */
const SHAPES = [
  { name: 'NOK 25 % + shipping', weight: 25, currency: 'NOK', where: NO, shipping: ['79.20', '99.00'], products: (r) => [p('Ski Wax Kit', 'SKI-WAX', 1 + Math.floor(r() * 3), '399.20', '499.00')] },
  {
    name: 'NOK 25/15/12 % mixed', weight: 15, currency: 'NOK', where: NO, shipping: ['79.20', '99.00'],
    products: () => [p('Ski Wax Kit', 'SKI-WAX', 1, '399.20', '499.00'), p('Brown Cheese 500 g', 'CHEESE-BR', 2, '80.00', '92.00'), p('Ferry Ticket', 'TICKET-12', 1, '50.00', '56.00')],
  },
  {
    name: 'NOK discount', weight: 15, currency: 'NOK', where: NO, shipping: ['79.20', '99.00'], discount: '50.00',
    products: () => [p('Ski Wax Kit', 'SKI-WAX', 2, '399.20', '499.00'), p('Brown Cheese 500 g', 'CHEESE-BR', 1, '80.00', '92.00')],
  },
  {
    name: 'NOK rounding traps (3 × 33.33, 7 × 9.99)', weight: 15, currency: 'NOK', where: NO,
    products: () => [p('Wax Sample', 'SKI-WAX-S', 3, '26.664', '33.33'), p('Scraper', 'SCRAPER', 7, '7.992', '9.99')],
  },
  { name: 'NOK 0 % + shipping', weight: 10, currency: 'NOK', where: NO, shipping: ['79.20', '99.00'], products: () => [p('Trail Guide (book)', 'BOOK-TRAIL', 1, '149.50', '149.50')] },
  {
    name: 'SEK from Sweden (25/12/6 %)', weight: 20, currency: 'SEK', where: SE, shipping: ['49.00', '61.25'],
    products: () => [p('Rain Jacket', 'RJ-BLU-L', 1, '1199.20', '1499.00'), p('Lingonberry Jam', 'JAM-LING', 2, '50.00', '56.00'), p('Outdoor Magazine', 'MAG-OUT', 1, '50.00', '53.00')],
  },
];

function pickShape(r) {
  let x = r() * 100;
  for (const shape of SHAPES) {
    x -= shape.weight;
    if (x < 0) return shape;
  }
  return SHAPES[0];
}

/** Calls the sandbox store as a BigCommerce client does; GETs are retried through injected faults. */
function storeClient(bigcommerce) {
  return async (method, path, body) => {
    for (let attempt = 1; ; attempt += 1) {
      let res;
      try {
        res = await fetch(`${bigcommerce.storeUrl}${path}`, {
          method,
          headers: { 'x-auth-token': BIGCOMMERCE_DEMO.accessToken, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (err) {
        if (method === 'GET' && attempt < 20) {
          await sleep(100 * attempt);
          continue;
        }
        throw new Error(`chaos workload: ${method} ${path} failed: ${err.message}`);
      }
      const text = await res.text();
      if (method === 'GET' && (res.status >= 500 || res.status === 429 || res.status === 401) && attempt < 20) {
        await sleep(100 * attempt);
        continue;
      }
      if (res.status >= 300) throw new Error(`chaos workload: ${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
      return text ? JSON.parse(text) : undefined;
    }
  };
}

function address(who, where, email) {
  return { first_name: who.first, last_name: who.last, company: '', street_1: where.street, street_2: '', city: where.city, state: '', zip: where.zip, country: where.country, country_iso2: where.iso2, phone: '', email };
}

/**
 * Plays the workload over `durationMs`: customers first, orders spread over the first 75 %, refunds 2–8 s after their
 * order, renames at random moments. Returns what was done, for the checks (which re-read everything from the APIs).
 */
async function runWorkload({ bigcommerce, orders: n, durationMs, random, tag, isStopped }) {
  const store = storeClient(bigcommerce);
  const t0 = Date.now();
  const end = t0 + durationMs;
  const done = { orders: [], refunds: [], customers: [], renames: 0, sameSecondPairs: 0, sameSecondMissed: 0, errors: [] };
  const background = [];
  const at = (ms, fn) => background.push((async () => {
    await sleep(Math.max(0, ms - Date.now()));
    try {
      await fn();
    } catch (err) {
      done.errors.push(err.message);
    }
  })());

  // Registered customers (returning buyers): Norwegian ones route to the Norwegian company, Swedish ones to the Swedish.
  const noPool = Math.max(10, Math.round(n / 20));
  const sePool = Math.max(4, Math.round(n / 60));
  const pool = [
    ...Array.from({ length: noPool }, (_, k) => ({ k, email: `chaos.${tag}.no${k}@example.no`, where: NO })),
    ...Array.from({ length: sePool }, (_, k) => ({ k: noPool + k, email: `chaos.${tag}.se${k}@example.se`, where: SE })),
  ];
  for (let i = 0; i < pool.length; i += 10) {
    const batch = pool.slice(i, i + 10).map((c) => ({
      email: c.email, first_name: 'Registered', last_name: `Buyer ${c.k}`,
      addresses: [{ first_name: 'Registered', last_name: `Buyer ${c.k}`, address1: c.where.street, city: c.where.city, postal_code: c.where.zip, country_code: c.where.iso2 }],
    }));
    const created = await store('POST', '/v3/customers', batch);
    for (const c of created.data) done.customers.push({ id: c.id, email: c.email, country: pool.find((x) => x.email === c.email).where.iso2 });
  }
  // Renames: some once, some twice within the same second (the second must win).
  for (const customer of done.customers) {
    const x = random();
    if (x > 0.75) continue;
    const when = t0 + (0.15 + random() * 0.7) * durationMs;
    const isPair = x < 0.35;
    at(when, async () => {
      if (isPair) {
        while (Date.now() % 1000 > 600) await sleep(20);
        const second = Math.floor(Date.now() / 1000);
        await store('PUT', '/v3/customers', [{ id: customer.id, first_name: 'Renamed', last_name: `Once ${customer.id}` }]);
        await store('PUT', '/v3/customers', [{ id: customer.id, first_name: 'Renamed', last_name: `Twice ${customer.id}` }]);
        if (Math.floor(Date.now() / 1000) === second) done.sameSecondPairs += 1;
        else done.sameSecondMissed += 1;
        done.renames += 2;
      } else {
        await store('PUT', '/v3/customers', [{ id: customer.id, first_name: 'Renamed', last_name: `Once ${customer.id}` }]);
        done.renames += 1;
      }
    });
  }

  const noRegistered = done.customers.filter((c) => c.country === 'NO');
  const seRegistered = done.customers.filter((c) => c.country === 'SE');
  const spacing = (0.75 * durationMs) / n;
  for (let i = 0; i < n && !isStopped(); i += 1) {
    await sleep(Math.max(0, t0 + i * spacing - Date.now()));
    const shape = pickShape(random);
    const registered = shape.where === SE ? seRegistered : noRegistered;
    const isReturning = random() < 0.55;
    const email = isReturning ? registered[Math.floor(random() * registered.length)].email : `chaos.${tag}.new${i}@example.${shape.where.iso2.toLowerCase()}`;
    const buyer = address({ first: 'Order', last: `Buyer ${i}` }, shape.where, email);
    const body = {
      status_id: 11, customer_id: 0, default_currency_code: shape.currency, billing_address: buyer, products: shape.products(random),
      shipping_addresses: [{ ...buyer, shipping_method: shape.where === SE ? 'PostNord' : 'Bring' }], payment_method: 'Test Payment Gateway',
      ...(shape.shipping ? { shipping_cost_ex_tax: shape.shipping[0], shipping_cost_inc_tax: shape.shipping[1] } : {}),
      ...(shape.discount ? { discount_amount: shape.discount } : {}),
    };
    const order = await store('POST', '/v2/orders', body);
    done.orders.push({ id: order.id, shape: shape.name, currency: shape.currency, email });
    if (random() < 0.1) {
      const refundAt = Math.min(Date.now() + 2000 + random() * 6000, end - 1000);
      const twice = random() < 0.2;
      at(refundAt, async () => {
        await refund(store, order.id, done);
        if (twice) await refund(store, order.id, done);
      });
    }
  }
  await Promise.all(background);
  return done;
}

/** Refunds one unit of the first product line that has one left: quote first, then the refund paying that amount. */
async function refund(store, orderId, done) {
  const products = await store('GET', `/v2/orders/${orderId}/products`);
  const line = products.find((l) => Number(l.quantity) - Number(l.quantity_refunded ?? 0) > 0);
  if (!line) return;
  const items = [{ item_type: 'PRODUCT', item_id: line.id, quantity: 1, reason: 'chaos refund' }];
  const quote = await store('POST', `/v3/orders/${orderId}/payment_actions/refund_quotes`, { items });
  const amount = quote.data.total_refund_amount;
  const created = await store('POST', `/v3/orders/${orderId}/payment_actions/refunds`, { items, payments: [{ provider_id: 'custom', amount, offline: true }] });
  done.refunds.push({ orderId, refundId: created.data.id, amount });
}

module.exports = { runWorkload, storeClient, SHAPES };
