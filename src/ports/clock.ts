/** The only way anything outside the domain learns the time; the sandbox can set it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
