/**
 * Chat platforms from the environment: each one whose settings are present is built
 * and started; one that fails is reported and left out, and the others run on.
 */
import type { Logger } from 'pino';
import type { ChannelDeps, ChannelModule } from '../adapters/module';

/**
 * A channel's adapter is imported only when the channel is configured: telegraf and
 * wechaty (with its puppets) cost tens of megabytes of memory that a web-only district
 * should not pay (issue 20, memory).
 */
type Factory = (deps: ChannelDeps) => Promise<ChannelModule>;

/** The platforms configured in `env`, by name. */
export function configuredChannels(env: NodeJS.ProcessEnv): Record<string, Factory> {
  const out: Record<string, Factory> = {};
  if (env.TELEGRAM_BOT_TOKEN) {
    out.telegram = async (deps) =>
      (await import('../adapters/telegram')).telegramModule(
        {
          token: env.TELEGRAM_BOT_TOKEN!,
          ...(env.TELEGRAM_API_ROOT ? { apiRoot: env.TELEGRAM_API_ROOT } : {}),
          ...(env.TELEGRAM_WEBHOOK_URL ? { webhookUrl: env.TELEGRAM_WEBHOOK_URL } : {}),
          ...(env.TELEGRAM_WEBHOOK_SECRET ? { webhookSecret: env.TELEGRAM_WEBHOOK_SECRET } : {}),
        },
        deps,
      );
  }
  if (env.WECHATY_PUPPET) {
    out.wechat = async (deps) => {
      const { wechatModule, wechatOptionsFromEnv } = await import('../adapters/wechat');
      return wechatModule(wechatOptionsFromEnv(env), deps);
    };
  }
  const wecom = ['WECOM_CORP_ID', 'WECOM_CORP_SECRET', 'WECOM_AGENT_ID', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'] as const;
  if (wecom.some((k) => env[k])) {
    out.wecom = async (deps) => {
      const missing = wecom.filter((k) => !env[k]);
      if (missing.length) throw new Error(`missing ${missing.join(', ')}`);
      return (await import('../adapters/wecom')).wecomModule(
        {
          corpId: env.WECOM_CORP_ID!,
          corpSecret: env.WECOM_CORP_SECRET!,
          agentId: env.WECOM_AGENT_ID!,
          token: env.WECOM_TOKEN!,
          encodingAesKey: env.WECOM_ENCODING_AES_KEY!,
          ...(env.WECOM_API_ROOT ? { apiRoot: env.WECOM_API_ROOT } : {}),
          ...(env.WECOM_CALLBACK_PATH ? { path: env.WECOM_CALLBACK_PATH } : {}),
        },
        deps,
      );
    };
  }
  return out;
}

const START_TIMEOUT_MS = 30_000;

/** Builds and starts every configured channel; returns the ones that run. */
export async function startChannels(factories: Record<string, Factory>, deps: ChannelDeps, log: Logger): Promise<ChannelModule[]> {
  const running: ChannelModule[] = [];
  for (const [name, factory] of Object.entries(factories)) {
    try {
      const module = await factory(deps);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      });
      await Promise.race([module.start(), timeout]).finally(() => clearTimeout(timer));
      running.push(module);
      log.info({ channel: name }, `channel ${name} running`);
    } catch (e) {
      log.error({ channel: name, err: (e as Error).message }, `channel ${name} failed to start; the other channels run on`);
    }
  }
  return running;
}
