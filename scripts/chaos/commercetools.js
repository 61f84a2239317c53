/*
 * The commercetools share of `npm run chaos`: a storefront and a payment provider working on the demo project (stores
 * `no` NOK and `se` SEK) through the sandbox's control routes (`/_sandbox/commercetools/...`, the same action handlers,
 * versions and Messages as the HTTP API; never faulted):
 * - orders of five shapes (two VAT rates, shipping, a discount code, a custom line, books at 0 % / 6 %), some without a
 *   store (routed by country);
 * - a credit-card Charge at once (most), or an Authorization charged 1–4 s later (a Pending charge turned Success), or a
 *   gift card paying part and a card the rest;
 * - partial Refunds, Chargebacks, cancellations after the charge, and orders cancelled before any charge.
 * commercetools has no HTTP webhooks: the product's poll is its intake, so the run asks for a catch-up of the project
 * every few seconds during the window (chaos.js), under the same kills and faults.
 * `readCommercetools` reads the orders back through our connector (`GET /{projectKey}/orders?where=id in (…)` with the
 * payments expanded) for the checks, and `commercetoolsVerdicts` judges what Visma holds against them.
 */
const { COMMERCETOOLS_DEMO } = require('../../apps/sandbox/dist');
const { createCommercetoolsClient } = require('../../libs/connectors/dist');
const { commercetoolsCancellationReference, commercetoolsExternalReference, commercetoolsTransactionReference } = require('../../libs/mapping/dist');
const { sleep } = require('./processes');

const PROJECT = COMMERCETOOLS_DEMO.projectKey;
const NO_ADDRESS = { country: 'NO', firstName: 'Kari', lastName: 'Nordmann', streetName: 'Storgata', streetNumber: '1', postalCode: '0155', city: 'Oslo' };
const SE_ADDRESS = { country: 'SE', firstName: 'Sven', lastName: 'Svensson', streetName: 'Drottninggatan', streetNumber: '5', postalCode: '11151', city: 'Stockholm' };

/** Order shapes (weights sum to 100). */
const SHAPES = [
  { name: 'mug + coffee, shipping, discount code', weight: 30, lines: (r) => [{ sku: 'CT-MUG-01', quantity: 1 + Math.floor(r() * 3) }, { sku: 'CT-COFFEE-500', quantity: 1 + Math.floor(r() * 2) }], shipping: true, discount: true },
  { name: 'tee, shipping', weight: 25, lines: (r) => [{ sku: 'CT-TEE-M', quantity: 1 + Math.floor(r() * 2) }], shipping: true },
  { name: 'cookbook (0 % / 6 %) + mug', weight: 15, lines: () => [{ sku: 'CT-BOOK-01', quantity: 1 }, { sku: 'CT-MUG-01', quantity: 1 }] },
  { name: 'coffee only, no store (routed by country)', weight: 15, noStore: true, lines: (r) => [{ sku: 'CT-COFFEE-500', quantity: 1 + Math.floor(r() * 4) }] },
  { name: 'mugs and a gift wrap (custom line)', weight: 15, lines: (r) => [{ sku: 'CT-MUG-01', quantity: 2 + Math.floor(r() * 3) }], customLine: true },
];

function pickShape(r) {
  let x = r() * 100;
  for (const shape of SHAPES) {
    x -= shape.weight;
    if (x < 0) return shape;
  }
  return SHAPES[0];
}

/** One control-route write; throws with the answer unless 2xx. */
async function control(commercetools, method, path, body) {
  const res = await fetch(`${commercetools.url}/_sandbox/commercetools${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}), signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  if (res.status < 200 || res.status >= 300) throw new Error(`chaos commercetools workload: ${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

const gross = (order) => order.taxedPrice.totalGross.centAmount;
const txId = (payment, type) => [...payment.transactions].reverse().find((t) => t.type === type)?.id;

/**
 * Plays the commercetools share over `durationMs`: orders spread over the first 75 % of the window, each order's payment
 * events after it. Returns what was done; the checks re-read everything from the project.
 */
async function runCommercetoolsWorkload({ commercetools, orders: n, durationMs, random, tag, isStopped }) {
  const t0 = Date.now();
  const end = t0 + durationMs;
  const done = { orders: [], charges: 0, lateCharges: 0, giftCards: 0, refunds: 0, chargebacks: 0, cancelledAfterCharge: 0, cancelledBeforeCharge: 0, errors: [] };
  if (n <= 0) return done;
  const background = [];
  const at = (ms, fn) => background.push((async () => {
    await sleep(Math.max(0, Math.min(ms, end - 500) - Date.now()));
    try {
      await fn();
    } catch (err) {
      done.errors.push(err.message);
    }
  })());

  const spacing = (0.75 * durationMs) / n;
  for (let i = 0; i < n && !isStopped(); i += 1) {
    await sleep(Math.max(0, t0 + (i + 0.25) * spacing - Date.now()));
    const shape = pickShape(random);
    const sweden = random() < 0.4;
    const email = random() < 0.3 ? `chaos.${tag}.ctreturning${Math.floor(random() * Math.max(4, n / 15))}@example.${sweden ? 'se' : 'no'}` : `chaos.${tag}.ct${i}@example.${sweden ? 'se' : 'no'}`;
    const draft = {
      ...(shape.noStore ? {} : { storeKey: sweden ? 'se' : 'no' }),
      country: sweden ? 'SE' : 'NO',
      currency: sweden ? 'SEK' : 'NOK',
      orderNumber: `CH-${tag}-${i}`,
      customerEmail: email,
      lines: shape.lines(random),
      shippingAddress: sweden ? SE_ADDRESS : NO_ADDRESS,
      billingAddress: sweden ? SE_ADDRESS : NO_ADDRESS,
      ...(shape.shipping ? { shipping: { name: sweden ? 'PostNord' : 'Posten', centAmount: 4_900 + Math.floor(random() * 5_000), taxRate: 0.25 } } : {}),
      ...(shape.discount ? { discountCode: { code: 'CHAOS', centAmount: 1_000 + Math.floor(random() * 2_000) } } : {}),
      ...(shape.customLine ? { customLines: [{ name: 'Gift wrap', slug: 'gift-wrap', centAmount: 2_500, taxRate: 0.25 }] } : {}),
    };
    let order;
    try {
      order = await control(commercetools, 'POST', '/orders', draft);
    } catch (err) {
      done.errors.push(err.message);
      continue;
    }
    done.orders.push({ id: order.id, number: order.orderNumber, shape: shape.name });
    const x = random();
    const total = gross(order);
    if (x < 0.06) {
      // Cancelled before any charge: an authorization, then the order cancelled.
      at(Date.now() + 300 + random() * 1500, async () => {
        await control(commercetools, 'POST', `/orders/${order.id}/payments`, { method: 'creditCard', transactions: [{ type: 'Authorization', state: 'Success' }] });
        await control(commercetools, 'POST', `/orders/${order.id}/cancel`);
        done.cancelledBeforeCharge += 1;
      });
      continue;
    }
    const followUps = async (paymentId) => {
      const y = random();
      if (y < 0.15) {
        await sleep(1000 + random() * 3000);
        await control(commercetools, 'POST', `/payments/${paymentId}/transactions`, { type: 'Refund', centAmount: Math.max(100, Math.floor(total * (0.2 + random() * 0.5))), state: 'Success' });
        done.refunds += 1;
      } else if (y < 0.2) {
        await sleep(1000 + random() * 3000);
        await control(commercetools, 'POST', `/payments/${paymentId}/transactions`, { type: 'Chargeback', centAmount: total, state: 'Success' });
        done.chargebacks += 1;
      } else if (y < 0.26) {
        await sleep(1000 + random() * 3000);
        await control(commercetools, 'POST', `/orders/${order.id}/cancel`);
        done.cancelledAfterCharge += 1;
      }
    };
    if (x < 0.16) {
      // A gift card pays part, a card the rest.
      const part = Math.min(total - 100, 5_000);
      at(Date.now() + 300 + random() * 1500, async () => {
        await control(commercetools, 'POST', `/orders/${order.id}/payments`, { method: 'giftcard', amountPlannedCentAmount: part, transactions: [{ type: 'Charge', centAmount: part, state: 'Success' }] });
        const { payment } = await control(commercetools, 'POST', `/orders/${order.id}/payments`, { method: 'creditCard', amountPlannedCentAmount: total - part, transactions: [{ type: 'Charge', centAmount: total - part, state: 'Success' }] });
        done.giftCards += 1;
        done.charges += 2;
        await followUps(payment.id);
      });
    } else if (x < 0.3) {
      // Charged later: a Pending charge that turns Success.
      at(Date.now() + 300 + random() * 1500, async () => {
        const { payment } = await control(commercetools, 'POST', `/orders/${order.id}/payments`, { method: 'creditCard', transactions: [{ type: 'Authorization', state: 'Success' }, { type: 'Charge', state: 'Pending' }] });
        await sleep(1000 + random() * 3000);
        await control(commercetools, 'POST', `/payments/${payment.id}/transactions/${txId(payment, 'Charge')}/state`, { state: 'Success' });
        done.lateCharges += 1;
        done.charges += 1;
        await followUps(payment.id);
      });
    } else {
      at(Date.now() + 200 + random() * 1000, async () => {
        const { payment } = await control(commercetools, 'POST', `/orders/${order.id}/payments`, { method: 'creditCard', transactions: [{ type: 'Charge', state: 'Success' }] });
        done.charges += 1;
        await followUps(payment.id);
      });
    }
  }
  await Promise.all(background);
  return done;
}

/** A client of the demo project as an API client reads it (client credentials), through our connector. */
function client(commercetools) {
  return createCommercetoolsClient({ projectKey: PROJECT, clientId: COMMERCETOOLS_DEMO.clientId, clientSecret: COMMERCETOOLS_DEMO.clientSecret, authUrl: commercetools.authUrl, apiUrl: commercetools.apiUrl });
}

/** The run's orders with their payments (expanded), as the project reports them now. */
async function readCommercetools(commercetools, orderIds) {
  const ct = client(commercetools);
  const orders = [];
  for (let i = 0; i < orderIds.length; i += 100) {
    const ids = orderIds.slice(i, i + 100);
    const page = await ct.orders.query({ where: ['id in :ids'], vars: { ids }, limit: 500, expand: ['paymentInfo.payments[*]'] });
    orders.push(...page.results);
  }
  return { orders };
}

const cents = (text) => {
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(String(text ?? '').trim());
  if (!m) return NaN;
  const c = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0').slice(0, 2));
  return m[1] === '-' ? -c : c;
};

/** The company an order's documents belong in: by store, then the order's country (the demo flow's routing). */
const companyOf = (o) => (o.store?.key === 'se' ? 'SE' : o.store?.key === 'no' ? 'NO' : o.country === 'SE' ? 'SE' : 'NO');

/**
 * What Visma must hold for the run's orders, from the project's own state:
 * - an invoice (`ct:<project>:<order>`) of `taxedPrice.totalGross` for each order charged (a successful Charge), none for
 *   one cancelled before any charge;
 * - a credit note per successful Refund and Chargeback (its transaction's reference, its amount), and one `…:x` per
 *   order cancelled after its charge, of what was charged and not refunded or charged back;
 * - a customer payment per successful Charge (`paymentRef` = its reference, its amount), applied to the invoice.
 */
function commercetoolsExpectations(ct) {
  const invoices = [];
  const notes = [];
  const payments = [];
  const notInvoiced = [];
  const emails = [];
  for (const o of ct.orders) {
    const company = companyOf(o);
    const pays = (o.paymentInfo?.payments ?? []).map((ref) => ref.obj).filter(Boolean);
    const ok = (type) => pays.flatMap((p) => p.transactions.filter((t) => t.type === type && t.state === 'Success').map((t) => ({ p, t })));
    const charges = ok('Charge');
    if (!charges.length) {
      notInvoiced.push({ ref: commercetoolsExternalReference(PROJECT, o.id), company });
      continue;
    }
    const invoiceRef = commercetoolsExternalReference(PROJECT, o.id);
    invoices.push({ ref: invoiceRef, company, amount: gross(o), currency: o.totalPrice.currencyCode });
    emails.push(`${company}|${String(o.customerEmail).toLowerCase()}`);
    let credited = 0;
    for (const { p, t } of [...ok('Refund'), ...ok('Chargeback')]) {
      notes.push({ ref: commercetoolsTransactionReference(PROJECT, p.id, t), company, amount: t.amount.centAmount });
      credited += t.amount.centAmount;
    }
    const charged = charges.reduce((a, { t }) => a + t.amount.centAmount, 0);
    if (o.orderState === 'Cancelled' && charged - credited > 0) notes.push({ ref: commercetoolsCancellationReference(PROJECT, o.id), company, amount: charged - credited });
    for (const { p, t } of charges) payments.push({ ref: commercetoolsTransactionReference(PROJECT, p.id, t), company, amount: t.amount.centAmount, invoiceRef });
  }
  return { invoices, notes, payments, notInvoiced, emails };
}

/** Exactly one Visma document per expected one, in its company, of its amount (row halves for (1)–(3)). */
function documentHalves(expected, visma) {
  const judge = (list, kind) => {
    const problems = [];
    const found = new Map();
    for (const e of list) {
      const here = visma[e.company][kind].filter((d) => d.externalReference === e.ref);
      const elsewhere = Object.entries(visma).filter(([c]) => c !== e.company).flatMap(([, v]) => v[kind].filter((d) => d.externalReference === e.ref));
      if (here.length !== 1 || elsewhere.length) problems.push(`${e.ref}: ${here.length} in ${e.company}${elsewhere.length ? `, ${elsewhere.length} elsewhere` : ''}`);
      else found.set(e.ref, { doc: here[0], e });
    }
    return { problems, found };
  };
  const inv = judge(expected.invoices, 'invoices');
  const stray = expected.notInvoiced.filter((e) => Object.values(visma).some((v) => v.invoices.some((d) => d.externalReference === e.ref)));
  const notes = judge(expected.notes, 'creditNotes');
  const wrong = [];
  for (const { doc, e } of [...inv.found.values(), ...notes.found.values()]) {
    if (cents(doc.amountInCurrency) !== e.amount) wrong.push(`${e.ref} ${e.amount} → ${doc.amountInCurrency}`);
  }
  const half = (problems, n, what) => ({ value: problems.length ? `${problems.length} of ${n} wrong${problems.length ? ` e.g. ${problems.slice(0, 2).join(', ')}` : ''}` : `${n}/${n} exactly once${what}`, pass: problems.length === 0 && n > 0 });
  return {
    invoices: half([...inv.problems, ...stray.map((e) => `${e.ref} invoiced though never charged`)], expected.invoices.length, `; ${expected.notInvoiced.length} never charged: none`),
    notes: half(notes.problems, expected.notes.length, ''),
    totals: { value: wrong.length ? `${wrong.length} of ${inv.found.size + notes.found.size} differ e.g. ${wrong.slice(0, 2).join(', ')}` : `${inv.found.size + notes.found.size}/${inv.found.size + notes.found.size} equal`, pass: wrong.length === 0 && inv.found.size > 0 },
    invoiceDocs: inv.found,
  };
}

/** (10) One applied customer payment per successful Charge, of its amount, in its invoice's company. */
function commercetoolsPaymentVerdict(expected, visma, invoiceDocs) {
  const problems = [];
  for (const e of expected.payments) {
    const found = visma[e.company].payments.filter((p) => p.paymentRef === e.ref);
    if (found.length !== 1) {
      problems.push(`${e.ref}: ${found.length} payments`);
      continue;
    }
    const invoice = invoiceDocs.get(e.invoiceRef)?.doc;
    const line = found[0].paymentLines?.find((l) => l.refNbr === invoice?.referenceNumber);
    if (!line) problems.push(`payment ${found[0].refNbr} (${e.ref}) not applied to ${invoice?.referenceNumber ?? 'its invoice'}`);
    else if (cents(found[0].paymentAmount) !== e.amount) problems.push(`payment ${found[0].refNbr} ${found[0].paymentAmount} ≠ ${e.amount}`);
  }
  return {
    check: '(10) one customer payment per successful commercetools charge',
    value: problems.length ? `${problems.length} of ${expected.payments.length} wrong e.g. ${problems.slice(0, 3).join(', ')}` : `${expected.payments.length}/${expected.payments.length} charges: 1 applied payment each`,
    target: 'each Charge (Success): 1 payment, its amount, applied to the invoice',
    pass: problems.length === 0 && expected.payments.length > 0,
  };
}

module.exports = { runCommercetoolsWorkload, readCommercetools, commercetoolsExpectations, documentHalves, commercetoolsPaymentVerdict };
