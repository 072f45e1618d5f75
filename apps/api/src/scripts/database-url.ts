/** Scripts act on the configured database only: a real PostGIS at DATABASE_URL. */
export function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL
  if (!url) {
    console.error(
      'DATABASE_URL 未设置 / DATABASE_URL is not set (the embedded database is migrated and seeded by `pnpm start`)',
    )
    process.exit(2)
  }
  return url
}
