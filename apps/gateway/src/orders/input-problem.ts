/** Why a request was refused after DTO validation: a stable code, a message and structured details. */
export interface InputProblem {
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** A value read from a request, or the first problem found with it. */
export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: InputProblem };

export const accept = <T>(value: T): Checked<T> => ({ ok: true, value });

export const refuse = (code: string, message: string, details: Record<string, unknown>): Checked<never> => ({
  ok: false,
  problem: { code, message, details },
});
