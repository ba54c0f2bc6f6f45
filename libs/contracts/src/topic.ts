/**
 * One definition per topic: its name, partition count, partition key and codec. Every message
 * carries the contract version `v`; a reader refuses versions it does not know instead of
 * misreading them.
 */
export const CONTRACT_VERSION = 1;

export interface TopicSpec<T> {
  readonly name: string;
  readonly partitions: number;
  /** The partition key: what must stay in order (an account's commands, a market's events). */
  readonly keyOf: (message: T) => string;
  readonly encode: (message: T) => string;
  readonly decode: (text: string) => T;
}

export class ContractError extends Error {}

export function defineTopic<T extends object>(
  name: string,
  partitions: number,
  keyOf: (message: T) => string,
  isValid: (value: Record<string, unknown>) => boolean,
): TopicSpec<T> {
  return {
    name,
    partitions,
    keyOf,
    encode: (message) => JSON.stringify({ v: CONTRACT_VERSION, ...message }),
    decode: (text) => {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null) throw new ContractError(`${name}: not an object`);
      const record = parsed as Record<string, unknown>;
      if (record.v !== CONTRACT_VERSION) throw new ContractError(`${name}: unknown version ${String(record.v)}`);
      if (!isValid(record)) throw new ContractError(`${name}: malformed message`);
      delete record.v;
      return record as T;
    },
  };
}

export const hasString = (record: Record<string, unknown>, ...keys: string[]): boolean =>
  keys.every((key) => typeof record[key] === 'string');

export const hasNumber = (record: Record<string, unknown>, ...keys: string[]): boolean =>
  keys.every((key) => typeof record[key] === 'number');
