// The app's own page script: it lists the orders from the app's API, as before kotae, and
// logs the help widget's events (a real product sends them to its analytics).
const rows = document.getElementById('orders');
const { orders } = await (await window.fetch('/api/orders')).json();
for (const order of orders) {
  const row = rows.insertRow();
  for (const value of [order.id, order.placed, order.status, `$${order.total.toFixed(2)}`]) row.insertCell().textContent = value;
}

const help = document.querySelector('kotae-help');
const list = document.getElementById('events');
for (const name of ['kotae-ask', 'kotae-answer', 'kotae-feedback', 'kotae-request-escalate', 'kotae-escalated', 'kotae-error']) {
  help.addEventListener(name, (event) => {
    const { isTrusted: _, ...detail } = { ...event };
    if (event.error) detail.error = `${event.error.name}: ${event.error.message}`;
    const item = document.createElement('li');
    item.textContent = `${name} ${JSON.stringify(detail)}`;
    list.prepend(item);
  });
}
