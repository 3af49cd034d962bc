/** A command line the CLI cannot run: exit code 2, with the usage text. */
export class UsageError extends Error {}

/** A problem in the configuration file: the message names the file and the key; no usage text needed. */
export class ConfigError extends UsageError {}
