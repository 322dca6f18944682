import { z } from 'zod';
import { AzureOperationFailedError, AzureUnavailableError } from '../errors';
import type { ApiCall, ApiResponse, AzureHttpClient } from './client';
import { retryAfterMs } from './retryPolicy';

/**
 * Azure's long-running operations: the first answer is 201/202 with an `Azure-AsyncOperation` (status
 * monitor) and/or `Location` header. We poll the monitor until it reports a terminal status, pausing as
 * Retry-After asks (else `pollIntervalMs`), then return the final answer:
 * - `finalGet` given (a PUT): the resource itself, read back with a GET;
 * - otherwise the monitor's body when it carries `properties` (calculateExchange puts its result there),
 *   else what `Location` answers.
 */
export interface PollingOptions {
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  pollIntervalMs: number;
  maxPolls: number;
  /** For PUT: read the resource back once the operation has succeeded. */
  finalGet?: URL;
}

const operationStatusSchema = z.object({
  status: z.string(),
  error: z.object({ code: z.string().optional(), message: z.string().optional() }).nullish(),
  properties: z.unknown().optional(),
});

const TERMINAL_FAILURES = new Set(['failed', 'canceled', 'cancelled']);

export async function awaitOperation(http: AzureHttpClient, initialCall: ApiCall, initial: ApiResponse, options: PollingOptions): Promise<ApiResponse> {
  const monitor = initial.headers.get('azure-asyncoperation') ?? initial.headers.get('operation-location');
  const location = initial.headers.get('location');
  const accepted = initial.status === 201 || initial.status === 202;
  if (!accepted || (!monitor && !location)) return initial;

  const pollCall = (url: string): ApiCall => ({
    service: initialCall.service,
    method: 'GET',
    url: new URL(url, initialCall.url),
    tenantId: initialCall.tenantId,
    scope: initialCall.scope,
    intent: initialCall.intent,
    subject: 'the operation it started',
  });
  const finish = async (fallback: ApiResponse): Promise<ApiResponse> => {
    if (options.finalGet) return http.send({ ...pollCall(options.finalGet.href), subject: initialCall.subject });
    return fallback;
  };

  let last = initial;
  for (let poll = 1; poll <= options.maxPolls; poll += 1) {
    await options.sleep(retryAfterMs(last.headers, options.now()) ?? options.pollIntervalMs);
    if (monitor) {
      const call = pollCall(monitor);
      last = await http.send(call);
      const state = http.parse(call, last, operationStatusSchema);
      const status = state.status.toLowerCase();
      if (status === 'succeeded') {
        if (state.properties !== undefined || options.finalGet || !location) return finish(last);
        return finish(await http.send(pollCall(location)));
      }
      if (TERMINAL_FAILURES.has(status)) {
        throw new AzureOperationFailedError({ ...http.contextOf(initialCall), azureCode: state.error?.code }, state.error?.message ?? state.status);
      }
    } else if (location) {
      last = await http.send(pollCall(location));
      if (last.status !== 202) return finish(last);
    }
  }
  throw new AzureUnavailableError({ ...http.contextOf(initialCall) }, `the operation did not finish after ${options.maxPolls} polls`);
}
