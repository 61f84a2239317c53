/*
 * The verdicts of `npm run chaos` that read the outcome through the systems' official APIs only: Visma
 * GET /v1/customerinvoice, /v1/customerCreditNote and /v1/customer (pageNumber/pageSize paging, one token per company
 * from Visma Connect), BigCommerce GET /v2/orders, /v3/orders/payment_actions/refunds and /v3/customers, and
 * WooCommerce GET /wp-json/wc/v3/orders and /orders/{id}/refunds (read by chaos/woocommerce.js readWooCommerce), and
 * Adobe Commerce GET /V1/orders, /V1/invoices, /V1/creditmemos and /V1/customers/search (chaos/adobe-commerce.js
 * readAdobeCommerce); Visma GET /v1/customerPayment for the Adobe Commerce invoices' payments.
 * Each check returns { check, value, target, pass }.
 */
const { ADOBE_COMMERCE_DEMO, BIGCOMMERCE_DEMO, VISMA_DEMO } = require('../../apps/sandbox/dist');
const { adobeCommerceExternalReference, externalReference, wooCommerceExternalReference } = require('../../libs/mapping/dist');
const { sleep } = require('./processes');
const { commercetoolsExpectations, commercetoolsPaymentVerdict, documentHalves } = require('./commercetools');

const COMPANIES = { NO: VISMA_DEMO.companies.norway, SE: VISMA_DEMO.companies.sweden };

/** Integer cents of a decimal string or number ("99.0000", 12.5), half away from zero, without float arithmetic. */
function cents(value) {
  const text = typeof value === 'number' ? value.toFixed(6) : String(value).trim();
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (!m) return NaN;
  const fraction = (m[3] ?? '').padEnd(3, '0');
  let c = Number(m[2]) * 100 + Number(fraction.slice(0, 2));
  if (Number(fraction[2]) >= 5) c += 1;
  return m[1] === '-' ? -c : c;
}

async function getJson(url, headers) {
  for (let attempt = 1; ; attempt += 1) {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(15_000) }).catch((err) => ({ status: 0, text: async () => err.message }));
    const text = await res.text();
    if (res.status >= 200 && res.status < 300) return text ? JSON.parse(text) : undefined;
    if (attempt >= 5) throw new Error(`chaos checks: GET ${url} answered ${res.status}: ${text.slice(0, 200)}`);
    await sleep(300 * attempt);
  }
}

/** Everything in both Visma companies, as any Visma client reads it. */
async function readVisma(visma) {
  const out = {};
  for (const [key, company] of Object.entries(COMPANIES)) {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: VISMA_DEMO.clientId, client_secret: VISMA_DEMO.clientSecret, tenant_id: company.tenantId, scope: 'vismanet_erp_service_api:read' });
    const token = (await (await fetch(`${visma.url}/connect/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form })).json()).access_token;
    const list = async (path) => {
      const items = [];
      for (let page = 1; ; page += 1) {
        const batch = await getJson(`${visma.url}${path}?pageNumber=${page}&pageSize=1000`, { authorization: `Bearer ${token}` });
        items.push(...batch);
        if (batch.length < 1000) return items;
      }
    };
    out[key] = { invoices: await list('/v1/customerinvoice'), creditNotes: await list('/v1/customerCreditNote'), customers: await list('/v1/customer'), payments: await list('/v1/customerPayment') };
  }
  return out;
}

/** The run's orders, their refunds and the registered customers, as the store reports them now. */
async function readStore(bigcommerce, orderIds, customerIds) {
  const headers = { 'x-auth-token': BIGCOMMERCE_DEMO.accessToken, accept: 'application/json' };
  const wanted = new Set(orderIds);
  const orders = [];
  if (orderIds.length) {
    const min = Math.min(...orderIds);
    const max = Math.max(...orderIds);
    for (let page = 1; ; page += 1) {
      const batch = await getJson(`${bigcommerce.storeUrl}/v2/orders?min_id=${min}&max_id=${max}&limit=250&page=${page}`, headers);
      if (!batch?.length) break;
      orders.push(...batch.filter((o) => wanted.has(o.id)));
    }
  }
  const refunds = [];
  const customers = [];
  for (let i = 0; i < orderIds.length; i += 50) {
    const body = await getJson(`${bigcommerce.storeUrl}/v3/orders/payment_actions/refunds?order_id:in=${orderIds.slice(i, i + 50).join(',')}&limit=250`, headers);
    refunds.push(...body.data);
  }
  for (let i = 0; i < customerIds.length; i += 50) {
    const body = await getJson(`${bigcommerce.storeUrl}/v3/customers?id:in=${customerIds.slice(i, i + 50).join(',')}&limit=250&include=addresses`, headers);
    customers.push(...body.data);
  }
  return { orders, refunds, customers };
}

const orderRef = (id) => externalReference({ system: 'bigcommerce', storeId: BIGCOMMERCE_DEMO.storeHash, id: String(id) });
const refundRef = (orderId, refundId) => externalReference({ system: 'bigcommerce', storeId: BIGCOMMERCE_DEMO.storeHash, id: String(orderId), kind: 'refund', subId: String(refundId) });
/** The demo flow's routing: SEK orders and Swedish addresses to the Swedish company, the rest to the Norwegian. */
const companyOfOrder = (o) => (o.currency_code === 'SEK' || o.billing_address?.country_iso2 === 'SE' ? 'SE' : 'NO');

function byKey(items, key) {
  const map = new Map();
  for (const item of items) {
    const k = key(item);
    if (k === undefined || k === null) continue;
    map.set(k, [...(map.get(k) ?? []), item]);
  }
  return map;
}

const sample = (list) => (list.length ? ` e.g. ${list.slice(0, 3).join(', ')}` : '');

/** One document per source item in the right company; `problems` names the items that are not. */
function exactlyOnce(items, refOf, companyOf, docsByCompany) {
  const index = Object.fromEntries(Object.entries(docsByCompany).map(([c, docs]) => [c, byKey(docs, (d) => d.externalReference)]));
  const found = new Map();
  const missing = [];
  const duplicated = [];
  const misplaced = [];
  for (const item of items) {
    const ref = refOf(item);
    const company = companyOf(item);
    const here = index[company].get(ref) ?? [];
    const elsewhere = Object.entries(index).filter(([c]) => c !== company).flatMap(([, m]) => m.get(ref) ?? []);
    if (elsewhere.length) misplaced.push(ref);
    if (here.length === 0) missing.push(ref);
    else if (here.length > 1) duplicated.push(ref);
    else found.set(ref, here[0]);
  }
  const bad = missing.length + duplicated.length + misplaced.length;
  const value = bad === 0 ? `${items.length}/${items.length} exactly once` : `${missing.length} missing, ${duplicated.length} duplicated, ${misplaced.length} in the wrong company (of ${items.length})${sample([...missing, ...duplicated, ...misplaced])}`;
  return { found, pass: bad === 0 && items.length > 0, value };
}

/**
 * The WooCommerce shop's references (`wc:<site host>:<order id>[:r<refund id>]`, the store id as
 * woocommerce-records.adapter.ts wooCommerceStoreIdOf takes it: the host of the connection's site URL).
 */
const wooRefs = (siteUrl) => {
  const host = new URL(siteUrl).host;
  return { order: (id) => wooCommerceExternalReference(host, String(id)), refund: (orderId, refundId) => wooCommerceExternalReference(host, String(orderId), String(refundId)) };
};
/** The WooCommerce flow's routing: Swedish addresses to the Swedish company, Norwegian to the Norwegian (the run's are all Norwegian). */
const companyOfWooOrder = (o) => (o.billing?.country === 'SE' ? 'SE' : 'NO');

/**
 * The Adobe Commerce store's references (`ac:<store view code>:<order id>[:m<credit memo id>]`, the store id as
 * adobe-commerce-records.adapter.ts adobeCommerceStoreIdOf takes it: the connection's store view code).
 */
const adobeRefs = {
  order: (id) => adobeCommerceExternalReference(ADOBE_COMMERCE_DEMO.storeCode, String(id)),
  creditMemo: (orderId, memoId) => adobeCommerceExternalReference(ADOBE_COMMERCE_DEMO.storeCode, String(orderId), { kind: 'credit-memo', id: String(memoId) }),
};

/**
 * The shops' halves of one row (BigCommerce first, then the others given): each must pass on its own (a shop without
 * items in the run is not judged).
 */
function shops(bc, ...others) {
  const halves = [['BigCommerce', bc], ...others.filter(([, half]) => half)];
  if (halves.length === 1) return { value: bc.value, pass: bc.pass };
  return { value: halves.map(([name, half]) => `${name} ${half.value}`).join('; '), pass: halves.every(([, half]) => half.pass) };
}

/**
 * Checks (1)–(4) and (8) over what the sandboxes' APIs answer now. `woo` (optional): the WooCommerce shop's orders
 * and refunds of the run ({ orders, refunds, siteUrl }), judged in the same rows next to BigCommerce's.
 */
function verdicts({ store, visma, lostReplies, woo, adobe, ct }) {
  const results = [];
  const orderById = new Map(store.orders.map((o) => [o.id, o]));
  const docs = (kind) => Object.fromEntries(Object.entries(visma).map(([c, v]) => [c, v[kind]]));
  const wc = woo ? wooRefs(woo.siteUrl) : undefined;
  const wooOrderById = new Map((woo?.orders ?? []).map((o) => [o.id, o]));

  const bcInvoices = exactlyOnce(store.orders, (o) => orderRef(o.id), companyOfOrder, docs('invoices'));
  const wcInvoices = woo ? exactlyOnce(woo.orders, (o) => wc.order(o.id), companyOfWooOrder, docs('invoices')) : undefined;
  // Adobe Commerce: the flow posts into the Norwegian company (no routing), every order of the run was invoiced.
  const acInvoices = adobe ? exactlyOnce(adobe.orders, (o) => adobeRefs.order(o.entity_id), () => 'NO', docs('invoices')) : undefined;
  // commercetools: every charged order, in the company of its store (else its country); none for one never charged.
  const ctExpected = ct ? commercetoolsExpectations(ct) : undefined;
  const ctHalves = ctExpected ? documentHalves(ctExpected, visma) : undefined;
  results.push({ check: '(1) one customer invoice per order, in the right company', target: 'every order: 1 invoice (by externalReference)', ...shops(bcInvoices, ['WooCommerce', wcInvoices], ['Adobe Commerce', acInvoices], ['commercetools', ctHalves?.invoices]) });
  const refundCompany = (r) => companyOfOrder(orderById.get(r.order_id) ?? {});
  const notes = exactlyOnce(store.refunds, (r) => refundRef(r.order_id, r.id), refundCompany, docs('creditNotes'));
  const wcNotes = woo ? exactlyOnce(woo.refunds, (r) => wc.refund(r.order_id, r.id), (r) => companyOfWooOrder(wooOrderById.get(r.order_id) ?? {}), docs('creditNotes')) : undefined;
  const acNotes = adobe ? exactlyOnce(adobe.creditMemos, (m) => adobeRefs.creditMemo(m.order_id, m.entity_id), () => 'NO', docs('creditNotes')) : undefined;
  results.push({ check: '(2) one credit note per refund', target: 'every refund: 1 credit note', ...shops(notes, ['WooCommerce', wcNotes], ['Adobe Commerce', acNotes], ['commercetools', ctHalves?.notes]) });
  const invoices = bcInvoices;

  const wrongTotals = [];
  for (const o of store.orders) {
    const doc = invoices.found.get(orderRef(o.id));
    if (doc && (cents(doc.amountInCurrency) !== cents(o.total_inc_tax) || doc.currencyId !== o.currency_code)) wrongTotals.push(`order ${o.id} ${o.total_inc_tax} ${o.currency_code} → ${doc.amountInCurrency} ${doc.currencyId}`);
  }
  for (const r of store.refunds) {
    const doc = notes.found.get(refundRef(r.order_id, r.id));
    if (doc && cents(doc.amountInCurrency) !== cents(r.total_amount)) wrongTotals.push(`refund ${r.id} ${r.total_amount} → ${doc.amountInCurrency}`);
  }
  const compared = invoices.found.size + notes.found.size;
  const totalsRow = (wrong, n) => ({ value: wrong.length ? `${wrong.length} of ${n} differ${sample(wrong)}` : `${n}/${n} equal`, pass: wrong.length === 0 && n > 0 });
  let wcTotals;
  if (woo) {
    // WooCommerce: invoice = the order's `total` (tax included) in its currency, credit note = the refund's `amount`.
    const wrong = [];
    for (const o of woo.orders) {
      const doc = wcInvoices.found.get(wc.order(o.id));
      if (doc && (cents(doc.amountInCurrency) !== cents(o.total) || doc.currencyId !== o.currency)) wrong.push(`wc order ${o.id} ${o.total} ${o.currency} → ${doc.amountInCurrency} ${doc.currencyId}`);
    }
    for (const r of woo.refunds) {
      const doc = wcNotes.found.get(wc.refund(r.order_id, r.id));
      if (doc && cents(doc.amountInCurrency) !== cents(r.amount)) wrong.push(`wc refund ${r.order_id}/${r.id} ${r.amount} → ${doc.amountInCurrency}`);
    }
    wcTotals = totalsRow(wrong, wcInvoices.found.size + wcNotes.found.size);
  }
  let acTotals;
  if (adobe) {
    // Adobe Commerce: invoice = the order's `grand_total` in its `order_currency_code`, credit note = the memo's `grand_total`.
    const wrong = [];
    for (const o of adobe.orders) {
      const doc = acInvoices.found.get(adobeRefs.order(o.entity_id));
      if (doc && (cents(doc.amountInCurrency) !== cents(o.grand_total) || doc.currencyId !== o.order_currency_code)) wrong.push(`ac order ${o.entity_id} ${o.grand_total} ${o.order_currency_code} → ${doc.amountInCurrency} ${doc.currencyId}`);
    }
    for (const m of adobe.creditMemos) {
      const doc = acNotes.found.get(adobeRefs.creditMemo(m.order_id, m.entity_id));
      if (doc && cents(doc.amountInCurrency) !== cents(m.grand_total)) wrong.push(`ac credit memo ${m.order_id}/${m.entity_id} ${m.grand_total} → ${doc.amountInCurrency}`);
    }
    acTotals = totalsRow(wrong, acInvoices.found.size + acNotes.found.size);
  }
  results.push({
    check: '(3) totals to the cent (invoice = order total inc. tax, credit note = refund)',
    target: 'all equal',
    ...shops(totalsRow(wrongTotals, compared), ['WooCommerce', wcTotals], ['Adobe Commerce', acTotals], ['commercetools', ctHalves?.totals]),
  });

  // (4) One Visma customer per e-mail in its company; registered customers carry the name of their last update.
  const expected = new Map();
  for (const o of store.orders) expected.set(`${companyOfOrder(o)}|${String(o.billing_address.email).toLowerCase()}`, undefined);
  // WooCommerce buyers (guests, e-mails of their own): one customer per e-mail in the company their order went to.
  const wooEmails = new Set();
  for (const o of woo?.orders ?? []) {
    const key = `${companyOfWooOrder(o)}|${String(o.billing.email).toLowerCase()}`;
    wooEmails.add(key);
    expected.set(key, undefined);
  }
  // Adobe Commerce buyers (guests and registered, e-mails of their own), all in the Norwegian company; registered
  // customers carry the name of their last PUT /V1/customers/{id}.
  const adobeEmails = new Set();
  for (const o of adobe?.orders ?? []) {
    const key = `NO|${String(o.customer_email).toLowerCase()}`;
    adobeEmails.add(key);
    if (!expected.has(key)) expected.set(key, undefined);
  }
  for (const c of adobe?.customers ?? []) {
    const key = `NO|${c.email.toLowerCase()}`;
    adobeEmails.add(key);
    expected.set(key, `${c.firstname} ${c.lastname}`.trim());
  }
  // commercetools buyers of charged orders, in the company their invoice went to.
  const ctEmails = new Set(ctExpected?.emails ?? []);
  for (const key of ctEmails) if (!expected.has(key)) expected.set(key, undefined);
  for (const c of store.customers) {
    const country = c.addresses?.[0]?.country_code === 'SE' ? 'SE' : 'NO';
    expected.set(`${country}|${c.email.toLowerCase()}`, `${c.first_name} ${c.last_name}`.trim());
  }
  const byEmail = Object.fromEntries(Object.entries(visma).map(([c, v]) => [c, byKey(v.customers, (x) => x.mainContact?.email?.toLowerCase())]));
  const missing = [];
  const duplicated = [];
  const stale = [];
  for (const [key, name] of expected) {
    const [company, email] = key.split('|');
    const found = byEmail[company].get(email) ?? [];
    if (found.length === 0) missing.push(email);
    else if (found.length > 1) duplicated.push(`${email} ×${found.length}`);
    else if (name !== undefined && found[0].name !== name) stale.push(`${email} "${found[0].name}" ≠ "${name}"`);
  }
  const bad = missing.length + duplicated.length + stale.length;
  results.push({
    check: '(4) one Visma customer per e-mail, with the latest update',
    value: bad ? `${missing.length} missing, ${duplicated.length} duplicated, ${stale.length} stale name (of ${expected.size} e-mails)${sample([...duplicated, ...stale, ...missing])}` : `${expected.size}/${expected.size} e-mails${woo ? ` (${wooEmails.size} WooCommerce buyers)` : ''}${adobe ? ` (${adobeEmails.size} Adobe Commerce buyers)` : ''}${ct ? ` (${ctEmails.size} commercetools buyers)` : ''}: 1 customer each, ${store.customers.length + (adobe?.customers.length ?? 0)} registered with their last name`,
    target: '1 per e-mail; name after the last PUT',
    pass: bad === 0 && expected.size > 0,
  });

  if (adobe) results.push(paymentVerdict(adobe, visma.NO, acInvoices.found));
  if (ctExpected) results.push(commercetoolsPaymentVerdict(ctExpected, visma, ctHalves.invoiceDocs));
  results.push(lostReplyVerdict(lostReplies, visma));
  return results;
}

/**
 * (9) Every paid Adobe Commerce invoice (state 2, captured at once or later) left exactly one Visma customer payment in
 * the Norwegian company: `paymentRef` = the Commerce invoice's `increment_id`, the invoice's `grand_total` applied to
 * the order's Visma customer invoice; an open Commerce invoice (state 1) left none.
 */
function paymentVerdict(adobe, norway, vismaInvoices) {
  const byRef = byKey(norway.payments, (p) => p.paymentRef);
  const problems = [];
  let paid = 0;
  let open = 0;
  for (const invoice of adobe.invoices) {
    const payments = byRef.get(invoice.increment_id) ?? [];
    if (invoice.state !== 2) {
      open += 1;
      if (payments.length) problems.push(`open invoice ${invoice.increment_id} has ${payments.length} payment(s)`);
      continue;
    }
    paid += 1;
    if (payments.length !== 1) {
      problems.push(`invoice ${invoice.increment_id}: ${payments.length} payments`);
      continue;
    }
    const payment = payments[0];
    const target = vismaInvoices.get(adobeRefs.order(invoice.order_id));
    const line = payment.paymentLines?.find((l) => l.refNbr === target?.referenceNumber);
    if (!line) problems.push(`payment ${payment.refNbr} of ${invoice.increment_id} not applied to ${target?.referenceNumber ?? 'the order’s invoice'}`);
    else if (cents(payment.paymentAmount) !== cents(invoice.grand_total) || cents(line.amountPaid) !== cents(invoice.grand_total)) problems.push(`payment ${payment.refNbr} ${payment.paymentAmount} ≠ invoice ${invoice.increment_id} ${invoice.grand_total}`);
  }
  return {
    check: '(9) one customer payment per paid Adobe Commerce invoice',
    value: problems.length ? `${problems.length} of ${adobe.invoices.length} wrong${sample(problems)}` : `${paid}/${paid} paid invoices: 1 payment each, applied in full; ${open} open invoices: none`,
    target: 'paid: 1 applied payment = grand_total; open: none',
    pass: problems.length === 0 && paid > 0,
  };
}

/**
 * (8) Every Visma POST whose reply was cut off (request log: fault lose-reply) created its document or customer, and the
 * product adopted it: the one created at that moment in that company (nearest createdDateTime) has no twin with the
 * same externalReference (documents) or e-mail (customers).
 */
function lostReplyVerdict(lostReplies, visma) {
  const companyKey = (id) => Object.entries(COMPANIES).find(([, c]) => c.companyId === id || c.tenantId === id)?.[0];
  const checked = { invoice: 0, creditNote: 0, customer: 0 };
  const problems = [];
  for (const lost of lostReplies) {
    const path = lost.path.toLowerCase();
    // Creations only: a release (`/v1/customerinvoice/{n}/action/release`) or a customer payment creates no document.
    const kind = /\/customerinvoice\/?$/.test(path) ? 'invoice' : /\/customercreditnote\/?$/.test(path) ? 'creditNote' : /\/customer\/?$/.test(path) ? 'customer' : undefined;
    if (!kind) continue; // a token request, a release, a payment: nothing to adopt here
    const companies = companyKey(lost.company) ? [companyKey(lost.company)] : Object.keys(COMPANIES);
    const list = companies.flatMap((c) => (kind === 'invoice' ? visma[c].invoices : kind === 'creditNote' ? visma[c].creditNotes : visma[c].customers).map((item) => ({ c, item })));
    const near = list
      .map((x) => ({ ...x, d: Math.abs(Date.parse(x.item.createdDateTime) - lost.at) }))
      .filter((x) => x.d <= 2000)
      .sort((a, b) => a.d - b.d)[0];
    checked[kind] += 1;
    if (!near) {
      problems.push(`${kind} POST at ${new Date(lost.at).toISOString()}: nothing created`);
      continue;
    }
    const key = kind === 'customer' ? (x) => x.mainContact?.email?.toLowerCase() : (x) => x.externalReference;
    const twins = list.filter((x) => x.c === near.c && key(x.item) === key(near.item)).length;
    if (twins !== 1) problems.push(`${kind} ${key(near.item)} exists ${twins}×`);
  }
  const total = checked.invoice + checked.creditNote + checked.customer;
  return {
    check: '(8) every lost reply adopted (Visma POST committed, reply cut)',
    value: total === 0 ? 'no lost reply to check (none injected)' : problems.length ? `${problems.length} of ${total} not adopted once${sample(problems)}` : `${total}/${total} adopted once (${checked.invoice} invoices, ${checked.creditNote} credit notes, ${checked.customer} customers)`,
    target: 'each lost POST → its document exactly once',
    pass: total > 0 && problems.length === 0,
  };
}

module.exports = { readVisma, readStore, verdicts, cents, orderRef, refundRef, wooRefs, adobeRefs };
