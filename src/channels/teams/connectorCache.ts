import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import { lightenConnector } from './lightConnector';
import type { AuthenticateRequestResult, ClaimsIdentity, ConnectorClient, ConnectorFactory, UserTokenClient } from 'botframework-connector';

/** More distinct service URLs than a bot meets (Teams has a handful of regional ones); past it the cache restarts. */
const MAX_CACHED_CLIENTS = 64;

/**
 * Bot Framework authentication whose connector clients (and user-token clients) are made once per app id, service
 * URL and audience, then reused, as botbuilder's older BotFrameworkAdapter did. CloudAdapter makes a new
 * ConnectorClient on every turn: a new HTTP pipeline, its policies and credentials object each time, about 3% of
 * the bot's CPU in a profile, for clients that differ in nothing. The credentials refresh their tokens themselves.
 * Each client's sends are made lighter (lightConnector.ts).
 */
export class CachingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    if (result.connectorFactory) result.connectorFactory = this.cachingFactory(result.claimsIdentity, result.connectorFactory);
    return result;
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.cachingFactory(claimsIdentity, super.createConnectorFactory(claimsIdentity));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return cached(this.tokenClients, appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }

  private cachingFactory(claimsIdentity: ClaimsIdentity, factory: ConnectorFactory): ConnectorFactory {
    const appId = appIdOf(claimsIdentity);
    return {
      create: (serviceUrl: string, audience?: string) =>
        cached(this.connectors, `${appId} ${audience ?? ''} ${serviceUrl}`, async () => lightenConnector(await factory.create(serviceUrl, audience))),
    };
  }
}

/** The bot's own app id in the claims (audience `aud`, else `appid`/`azp`): a client is only reused for it. */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  const claim = (type: string) => claimsIdentity.claims.find((c) => c.type === type)?.value;
  return claim('aud') ?? claim('appid') ?? claim('azp') ?? '';
}

/** A promise per key; a rejected one is forgotten, so the next turn tries again. */
function cached<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const found = cache.get(key);
  if (found) return found;
  if (cache.size >= MAX_CACHED_CLIENTS) cache.clear();
  const made = make();
  cache.set(key, made);
  made.catch(() => cache.delete(key));
  return made;
}
