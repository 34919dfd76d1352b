import { z } from 'zod';

/**
 * One entry of the product's context list: a place in the product where users may ask for
 * help — a route (`/settings/billing`, or a pattern such as `/orders/:id`), a feature key
 * (`billing.invoices`) or an error code (`ERR_CARD_DECLINED`). A bare string is the same as
 * `{ "key": "…" }`.
 *
 * @example
 * ```json
 * { "key": "/orders/:id", "description": "An order's detail page" }
 * ```
 */
export const ContextEntrySchema = z.union([
  z.string().trim().min(1),
  z
    .object({
      /** The route, feature key or error code, as the widget's `context` attribute sends it. */
      key: z.string().trim().min(1),
      /** What the place is, for people reading the list. */
      description: z.string().optional(),
    })
    .strict(),
]);

/** One entry of the product's context list. */
export type ContextEntry = z.infer<typeof ContextEntrySchema>;

/**
 * The product's context list (`contexts.json`, named by `guidance.contexts` in
 * `kotae.config.json`): every place in the product that should have guidance. Either an array
 * of entries or an object with a `contexts` array (room for a `$schema` or comments field).
 *
 * @example
 * ```json
 * { "contexts": ["/settings/security", { "key": "ERR_CARD_DECLINED", "description": "Card payment declined" }] }
 * ```
 */
export const ContextListSchema = z.union([z.array(ContextEntrySchema), z.object({ contexts: z.array(ContextEntrySchema) }).loose()]);

/** The product's context list, as written in `contexts.json`. */
export type ContextList = z.infer<typeof ContextListSchema>;
