/** Prepared later: a migrated template SQLite database for integration tests. */
export default function setup(): void {}
