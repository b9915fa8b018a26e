/**
 * Verge's password policy, applied wherever a password is chosen (API, CLI, VERGE_ADMIN_PASSWORD bootstrap, seed).
 * NIST SP 800-63B §3.1.1.2 in spirit: a length floor, no composition rules, and a block list of passwords that
 * attackers try first. The list is small and bundled (no network access): the most common passwords of the
 * public breach corpora, plus patterns that stretch them to any length (one repeated character, counting runs,
 * keyboard rows).
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const COMMON = new Set([
  "password", "passw0rd", "p@ssw0rd", "p@ssword", "passwort", "motdepasse", "contraseña", "qwerty", "qwertyuiop",
  "qwertz", "azerty", "asdfgh", "asdfghjkl", "zxcvbnm", "iloveyou", "letmein", "welcome", "admin", "administrator",
  "monkey", "dragon", "football", "baseball", "sunshine", "princess", "shadow", "master", "superman", "batman",
  "trustno1", "abc123", "changeme", "secret", "whatever", "starwars", "freedom", "mustang", "michael", "jennifer",
  "hunter", "hunter2", "computer", "internet", "login", "verge", "default", "test", "guest", "root", "user",
  "changeit", "pass", "qazwsx", "1q2w3e4r", "1q2w3e4r5t", "zaq12wsx", "q1w2e3r4", "aa123456", "password1",
]);
const RUNS = ["0123456789", "9876543210", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv"];

/** Reduces a password to the part attackers vary: lower case, without digits/symbols appended or prepended. */
function stem(pw: string): string {
  return pw.toLowerCase().replace(/^[^a-z]+|[^a-z]+$/g, "");
}

function isRunOf(pw: string): boolean {
  const p = pw.toLowerCase();
  // "1234567890123…" or "abcabcabc…": the password is a run (or a repeated run) taken from one sequence.
  return RUNS.some((run) => {
    const start = run.indexOf(p[0] ?? "");
    if (start < 0) return false;
    for (let i = 0; i < p.length; i++) if (p[i] !== run[(start + i) % run.length]) return false;
    return true;
  });
}

/**
 * Why a password is refused, or null when it is acceptable. Reasons are safe to show (they never echo the password).
 */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim() === "") return "must not be only whitespace";
  if (/^(.)\1*$/su.test(password)) return "must not repeat a single character";
  // A short unit repeated to reach the length adds no strength ("abcabcabcabc", "passwordpassword").
  if (new RegExp(`^(.{1,${MIN_PASSWORD_LENGTH - 1}})\\1+$`, "su").test(password)) return "must not repeat a short pattern";
  const s = stem(password);
  if (COMMON.has(password.toLowerCase()) || (s.length > 0 && COMMON.has(s) && s.length >= password.length / 2) || isRunOf(password)) {
    return "is too common: attackers try it first";
  }
  return null;
}
