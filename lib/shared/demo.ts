/** The demo admin's password (scripts/seed-demo.ts), shown on the login page while that demo admin exists. */
export const DEMO_PASSWORD = "verge-demo-password";
