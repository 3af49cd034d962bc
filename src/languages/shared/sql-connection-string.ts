/**
 * A SQL connection string's Entra ID password sign-in: SqlClient's and mssql's
 * `Authentication=Active Directory Password`, ODBC's and Prisma's `ActiveDirectoryPassword`, in any
 * casing, spacing or quoting. Parts built at run time must not be `;`, so they end no key.
 */
const ENTRA_PASSWORD_KEY = /(?:^|;)\s*authentication\s*=\s*(["']?)\s*active\s*directory\s*password\s*\1\s*(?:;|$)/i;

/** `Authentication=` followed by a part the written string does not show (`\u0000` in both languages' string shapes). */
const METHOD_FROM_ELSEWHERE = /(?:^|;)\s*authentication\s*=\s*["']?\u0000/i;

export function signsInWithEntraPassword(connectionString: string): boolean {
  return ENTRA_PASSWORD_KEY.test(connectionString);
}

/** Whether a string as written leaves the method to a variable (`…;Authentication=${method};…`): its value must be read. */
export function leavesMethodToRunTime(written: string): boolean {
  return METHOD_FROM_ELSEWHERE.test(written);
}

/** The words that any such sign-in (a connection string, tedious's type, SqlClient's enum member) contains. */
export const ENTRA_PASSWORD_TRIGGERS = ['active directory password', 'activedirectorypassword'];
