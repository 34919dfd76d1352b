import type { EscalationReason, EscalationRecord, InteractionRecord } from '@kotae/knowledge';
import type { EscalationRequest } from '@kotae/knowledge/answer';
import type { EscalationDesk } from '../escalation/escalation-desk.js';
import type { InteractionStore } from '../store/interaction-store.js';

/** What `POST /v1/escalations` answers: a status and a JSON body. */
export type EscalationReply =
  | { readonly status: 202; readonly body: { readonly id: string; readonly recorded: true; readonly destinations: string[] } }
  | { readonly status: 404; readonly body: { readonly error: { readonly code: string; readonly message: string } } };

/** What the route needs from the service. */
export interface EscalationRoute {
  readonly store: InteractionStore;
  readonly desk: EscalationDesk;
  readonly redact: (text: string) => string;
  readonly now: () => number;
}

/**
 * `POST /v1/escalations` after its body is checked: records the escalation durably (redacted),
 * then lets the desk forward it in the background. Answers 202 with the escalation's id once the
 * record is written: never before, and never waiting for a destination.
 */
export async function fileEscalation(route: EscalationRoute, body: EscalationRequest): Promise<EscalationReply> {
  let interaction: InteractionRecord | undefined;
  if (body.interactionId !== undefined) {
    interaction = await route.store.interaction(body.interactionId);
    if (!interaction)
      return {
        status: 404,
        body: { error: { code: 'unknown_interaction', message: `interactionId: no interaction "${body.interactionId}"` } },
      };
  }
  const id = crypto.randomUUID();
  const question = interaction?.query ?? (body.question === undefined ? undefined : route.redact(body.question.normalize('NFKC').trim()));
  const message = body.message === undefined ? undefined : route.redact(body.message.normalize('NFKC').trim());
  const contact =
    body.contact && (body.contact.name || body.contact.email)
      ? {
          ...(body.contact.name ? { name: body.contact.name.trim() } : {}),
          ...(body.contact.email ? { email: body.contact.email.trim() } : {}),
        }
      : undefined;
  const destinations = route.desk.destinations.map((d) => d.name);
  const record: EscalationRecord = {
    kind: 'escalation',
    id,
    // Without an answer, the escalation names itself: erasing it by this id removes it.
    interactionId: interaction?.id ?? id,
    at: new Date(route.now()).toISOString(),
    stage: 'filed',
    reason: reasonOf(interaction, body.reason),
    ...(question ? { question } : {}),
    ...(message ? { message } : {}),
    ...(contact ? { contact } : {}),
    attachConversation: body.attachConversation === true && interaction !== undefined,
    ...(body.articles?.length ? { articles: [...new Set(body.articles)] } : {}),
    ...((interaction?.locale ?? body.locale) ? { locale: interaction?.locale ?? body.locale } : {}),
    ...((interaction?.context ?? body.context) ? { context: route.redact(interaction?.context ?? body.context ?? '') } : {}),
    destinations,
    delivered: false,
  };
  await route.desk.file(record);
  return { status: 202, body: { id, recorded: true, destinations } };
}

/** Why the user asked for a person: what the answer was, else what the page said. */
function reasonOf(interaction: InteractionRecord | undefined, said: EscalationReason | undefined): EscalationReason {
  if (interaction?.act === 'handoff') return 'asked-for-person';
  if (interaction?.act === 'not-resolved') return 'not-resolved';
  if (interaction?.mode === 'refusal') return 'no-answer';
  return said ?? 'other';
}
