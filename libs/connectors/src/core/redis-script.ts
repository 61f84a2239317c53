import type { Redis } from 'ioredis';

type ScriptCommand = (...keysThenArgs: (string | number)[]) => Promise<unknown>;

/**
 * A Lua script run through ioredis `defineCommand`: EVALSHA with the script's SHA-1, falling back to EVAL (which
 * loads it) when the server answers NOSCRIPT. Budget and pacer scripts run on every outbound call, so sending the
 * whole script text with each EVAL cost Redis a SHA-1 of the body and the client its bytes every time.
 */
export class RedisScript {
  /**
   * @param name a command name unique to this script text (ioredis adds it to the connection as a method)
   * @param lua the script; `KEYS[1..numberOfKeys]`, then `ARGV`
   */
  constructor(
    readonly name: string,
    readonly lua: string,
    readonly numberOfKeys: number,
  ) {}

  /** Runs the script on `redis` with `keys` then `args`; rejects with Redis' error (e.g. a script error). */
  run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    const commands = redis as unknown as Record<string, ScriptCommand | undefined>;
    if (!commands[this.name]) redis.defineCommand(this.name, { lua: this.lua, numberOfKeys: this.numberOfKeys });
    const command = commands[this.name] as ScriptCommand;
    return command.call(redis, ...keys, ...args);
  }
}
