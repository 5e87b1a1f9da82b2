// Password limits, one source for Better Auth's sign-up, the account service and the pages' checks.
export const MIN_PASSWORD_LENGTH = 8;
/** Every password field's cap (a hash of a megabyte is work for nothing). */
export const MAX_PASSWORD_LENGTH = 256;
