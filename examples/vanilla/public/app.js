// The host page's side: listen to the widget's events (here: list them on the page). A real
// product would send them to its analytics, or open its own contact form on
// `kotae-request-escalate` (call event.preventDefault() to stop the widget opening escalate-url).
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
