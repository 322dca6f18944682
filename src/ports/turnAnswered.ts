import type { StampableTurn } from './turnFacts';

const TURN_ANSWERED = Symbol('reservation-desk.turnAnswered');

/**
 * A channel that can answer its caller before the turn has finished (Teams: the HTTP 200 of a message activity,
 * which carries nothing) registers what to do once the turn has answered the agent and saved its state. What the
 * turn does after that (the answered card's update) then runs off the caller's critical path.
 */
export function onTurnAnswered(context: StampableTurn, answer: () => void): void {
  context.turnState.set(TURN_ANSWERED, answer);
}

/** Called by the bot once its reply is sent and its state saved; does nothing where no channel asked for it. */
export function turnAnswered(context: StampableTurn): void {
  const answer = context.turnState.get(TURN_ANSWERED);
  if (typeof answer === 'function') answer();
}
