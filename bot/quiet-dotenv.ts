// `natural` pulls in dotenv, which prints a banner on import; keep the logs clean.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
