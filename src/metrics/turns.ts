import type { TurnContext } from 'botbuilder';
import { secondsSince, STORAGE_UNAVAILABLE_TURN, type TurnMetrics } from '../ports/metrics';

type Logic = (context: TurnContext) => Promise<void>;

/**
 * The turn logic a channel runs, reporting each turn's outcome and latency under that channel's name. The channel
 * is the one the logic is handed to (the Emulator speaks through the Teams endpoint, so it counts as teams).
 */
export function meteredTurns(metrics: TurnMetrics, channel: 'teams' | 'slack' | 'playground', logic: Logic): Logic {
  return async (context) => {
    const start = performance.now();
    try {
      await logic(context);
    } catch (err) {
      metrics.turnFinished(channel, 'error', secondsSince(start));
      throw err;
    }
    metrics.turnFinished(channel, context.turnState?.get(STORAGE_UNAVAILABLE_TURN) ? 'storage-unavailable' : 'ok', secondsSince(start));
  };
}
