import { randomBytes, randomInt } from 'node:crypto';

/** An unguessable id safe in document names and URLs. */
export function newId(prefix = ''): string {
  return prefix + randomBytes(12).toString('base64url');
}

// No 0/O, 1/I/L: a code read out loud must survive a noisy room and a bad line.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A short join code for people to type: 6 characters from an unambiguous alphabet. */
export function newJoinCode(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** Normalises what a person typed as a join code (case, spaces, dashes). */
export function normaliseJoinCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}
