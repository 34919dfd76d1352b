// The host page's side: listen to the widget's events (here: list them on the page). A real
// product would send them to its analytics. "Contact support" opens the widget's own form, which
// posts to the answer service (`kotae-escalated` once it acknowledged the message); a product with
// its own contact flow calls event.preventDefault() on `kotae-request-escalate` instead.
const help = document.querySelector('kotae-help');
const list = document.getElementById('events');
const names = [
  'kotae-open',
  'kotae-close',
  'kotae-search',
  'kotae-article',
  'kotae-ask',
  'kotae-answer',
  'kotae-feedback',
  'kotae-request-escalate',
  'kotae-escalated',
  'kotae-error',
];
for (const name of names) {
  help.addEventListener(name, (event) => {
    const { isTrusted: _, ...detail } = { ...event };
    if (event.error) detail.error = `${event.error.name}: ${event.error.message}`;
    const item = document.createElement('li');
    item.textContent = `${name} ${JSON.stringify(detail)}`;
    list.prepend(item);
  });
}
