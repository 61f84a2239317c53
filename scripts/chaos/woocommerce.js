/*
 * The WooCommerce share of `npm run chaos`, all through the WooCommerce sandbox's REST API (wp-json/wc/v3, one-legged
 * OAuth 1.0a over plain HTTP with the demo's read/write key, apps/demo/dist/woocommerce-shop.js), so every change
 * emits its signed `order.created` / `order.updated` webhook to the product:
 * - N paid NOK orders with Norwegian addresses (the WooCommerce flow routes them to the Norwegian company), of six
 *   shapes: products 504 (25 %) and 502 (15 %, reduced-rate) together and alone, coupon `spring10`, a gift-wrap fee,
 *   coupon + fee, shipping or none; new and returning buyers (guest orders, their own e-mails, not shared with the
 *   BigCommerce buyers);
 * - refunds of some of them 2–8 s after the order (`api_refund: false`; the pipeline waits for the order's invoice):
 *   an unitemised amount, sometimes a second one, or one unit of the first line itemised with its tax;
 * - faults (chaos/faults.js wooCommerceRules) only hit GETs, and this workload only POSTs, so every fault fired in the
 *   WooCommerce request log hit the product.
 * `readWooCommerce` reads the run's orders and their refunds back through the same API for the checks (chaos/checks.js).
 */
const { wooCommerceShop, norwegianWooCommerceOrder } = require('../../apps/demo/dist/woocommerce-shop');
const { sleep } = require('./processes');

/** Order shapes: what each one exercises is in its name. Weights sum to 100. */
const SHAPES = [
  { name: '25 % + 15 % + shipping', weight: 25, options: {} },
  { name: 'coupon spring10', weight: 15, options: { coupon: 'spring10' } },
  { name: 'gift-wrap fee', weight: 15, options: { withFee: true } },
  { name: 'coupon + fee', weight: 15, options: { coupon: 'spring10', withFee: true } },
  { name: '15 % only (reduced rate)', weight: 15, options: {}, lines: (r) => [{ product_id: 502, quantity: 1 + Math.floor(r() * 4) }] },
  { name: '25 % only, no shipping', weight: 15, options: {}, lines: (r) => [{ product_id: 504, quantity: 1 + Math.floor(r() * 3) }], noShipping: true },
];

function pickShape(r) {
  let x = r() * 100;
  for (const shape of SHAPES) {
    x -= shape.weight;
    if (x < 0) return shape;
  }
  return SHAPES[0];
}

/** One shop call; writes are sent once (faults only hit GETs), reads retried through faults. */
function shopClient(woocommerce) {
  const shop = wooCommerceShop(woocommerce);
  return async (method, path, body, expected = [200, 201]) => {
    for (let attempt = 1; ; attempt += 1) {
      let res;
      try {
        res = await shop(method, path, body);
      } catch (err) {
        if (method === 'GET' && attempt < 20) {
          await sleep(100 * attempt);
          continue;
        }
        throw new Error(`chaos WooCommerce workload: ${method} ${path} failed: ${err.message}`);
      }
      if (method === 'GET' && (res.status >= 500 || res.status === 429 || res.status === 401) && attempt < 20) {
        await sleep(100 * attempt);
        continue;
      }
      if (!expected.includes(res.status)) throw new Error(`chaos WooCommerce workload: ${method} ${path} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      return res.body;
    }
  };
}

/** "12.34" of integer cents (no float arithmetic on amounts). */
const amountOf = (c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
const centsOf = (text) => {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?/.exec(String(text));
  if (!m) return NaN;
  const c = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -c : c;
};

/**
 * Plays the WooCommerce share over `durationMs` (orders spread over the first 75 %, interleaved with the BigCommerce
 * workload, refunds 2–8 s after their order). Returns what was done; the checks re-read everything from the shop.
 */
async function runWooCommerceWorkload({ woocommerce, orders: n, durationMs, random, tag, isStopped }) {
  const shop = shopClient(woocommerce);
  const t0 = Date.now();
  const end = t0 + durationMs;
  const done = { orders: [], refunds: [], errors: [] };
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
  const returning = Array.from({ length: Math.max(5, Math.round(n / 15)) }, (_, k) => `chaos.${tag}.wc${k}@example.no`);
  const spacing = (0.75 * durationMs) / n;
  for (let i = 0; i < n && !isStopped(); i += 1) {
    await sleep(Math.max(0, t0 + (i + 0.5) * spacing - Date.now()));
    const shape = pickShape(random);
    const email = random() < 0.5 ? returning[Math.floor(random() * returning.length)] : `chaos.${tag}.wcnew${i}@example.no`;
    const body = norwegianWooCommerceOrder(email, shape.options);
    body.billing = { ...body.billing, first_name: 'Woo', last_name: `Buyer ${i}` };
    body.shipping = { ...body.shipping, first_name: 'Woo', last_name: `Buyer ${i}` };
    if (shape.lines) body.line_items = shape.lines(random);
    if (shape.noShipping) delete body.shipping_lines;
    let order;
    try {
      order = await shop('POST', '/orders', body, [201]);
    } catch (err) {
      done.errors.push(err.message);
      continue;
    }
    done.orders.push({ id: order.id, shape: shape.name, total: order.total, email });
    const x = random();
    if (x < 0.2) {
      const refundAt = Math.min(Date.now() + 2000 + random() * 6000, end - 1000);
      const kind = x < 0.06 ? 'itemised' : x < 0.1 ? 'twice' : 'amount';
      at(refundAt, () => refund(shop, order, kind, done));
    }
  }
  await Promise.all(background);
  return done;
}

/** One refund (or two) of `order` as created: an unitemised amount, or one unit of its first line with its tax. */
async function refund(shop, order, kind, done) {
  const total = centsOf(order.total);
  const post = async (body) => {
    const created = await shop('POST', `/orders/${order.id}/refunds`, { reason: 'chaos refund', api_refund: false, api_restock: false, ...body }, [201]);
    done.refunds.push({ orderId: order.id, refundId: created.id, amount: created.amount });
  };
  if (kind === 'itemised') {
    const line = order.line_items[0];
    const unit = (text) => amountOf(Math.round(centsOf(text) / line.quantity));
    const taxes = (line.taxes ?? []).filter((t) => centsOf(t.total) > 0).map((t) => ({ id: t.id, refund_total: unit(t.total) }));
    await post({ line_items: [{ id: line.id, quantity: 1, refund_total: unit(line.total), refund_tax: taxes }] });
    return;
  }
  // 10–40 % of the order, whole cents; the second refund (`twice`) takes another 10–30 % of what is left.
  const first = Math.max(100, Math.round(total * (0.1 + ((order.id * 7) % 31) / 100)));
  await post({ amount: amountOf(first) });
  if (kind === 'twice') await post({ amount: amountOf(Math.max(100, Math.round((total - first) * 0.2))) });
}

/** The run's orders and their refunds as the shop reports them now (GET /orders?include=, /orders/{id}/refunds). */
async function readWooCommerce(woocommerce, orderIds) {
  const shop = shopClient(woocommerce);
  const orders = [];
  for (let i = 0; i < orderIds.length; i += 100) {
    const ids = orderIds.slice(i, i + 100);
    orders.push(...(await shop('GET', `/orders?include=${ids.join(',')}&per_page=100`)));
  }
  const refunds = [];
  for (const order of orders) {
    if (!order.refunds?.length) continue;
    for (const r of await shop('GET', `/orders/${order.id}/refunds?per_page=100`)) refunds.push({ ...r, order_id: order.id });
  }
  return { orders, refunds };
}

module.exports = { runWooCommerceWorkload, readWooCommerce, SHAPES };
