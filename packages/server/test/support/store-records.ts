import type { EscalationRecord, FeedbackRecord, InteractionRecord } from '@kotae/knowledge';

/** A complete interaction record with every optional field, for store tests. */
export function interactionRecord(id: string, overrides: Partial<InteractionRecord> = {}): InteractionRecord {
  return {
    kind: 'interaction',
    id,
    at: '2026-03-04T05:06:07.000Z',
    query: 'パスワードを忘れました (reset password)',
    locale: 'ja',
    context: '/settings/account',
    conversationId: 'c-1',
    userHash: 'u-5f2c',
    sourceIds: ['reset-password#steps', 'account#security'],
    topScore: 12.5,
    mode: 'extractive',
    answer: 'Open **Settings → Account** and choose "Reset password".',
    citations: ['reset-password#steps'],
    latency: { firstEventMs: 12, totalMs: 340 },
    ...overrides,
  };
}

/** A feedback record, for store tests. */
export function feedbackRecord(interactionId: string, overrides: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return {
    kind: 'feedback',
    interactionId,
    at: '2026-03-04T05:07:00.000Z',
    helpful: false,
    resolved: false,
    reason: 'still locked out',
    ...overrides,
  };
}

/** An escalation record, for store tests. */
export function escalationRecord(interactionId: string, overrides: Partial<EscalationRecord> = {}): EscalationRecord {
  return { kind: 'escalation', interactionId, at: '2026-03-04T05:08:00.000Z', delivered: true, status: 201, ticket: 'T-42', ...overrides };
}
