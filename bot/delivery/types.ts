import type { Activity } from 'botbuilder';
import type { OutboxPayload } from '../../store/index.js';

export interface RenderContext {
  conversationId: string;
  now: Date;
}

/** Returns the activity to send/update, or null when there is nothing to send any more (e.g. finding gone). */
export type Renderer = (payload: OutboxPayload, ctx: RenderContext) => Promise<Partial<Activity> | null>;
