import type pg from 'pg'

/**
 * A tally of rows inserted and deleted in the given tables, kept by statement-level triggers in the writing
 * transaction itself: a request that wrote and rolled back leaves it as it was, one that committed a row moves it.
 * Reading it costs one tiny query, where exact counts of every table cost ~10 ms a request on the seeded street
 * (the fuzz sends thousands). The triggers exist only while the fuzz runs: `remove` drops them.
 */
export async function installRowChangeTally(client: pg.Client, tables: readonly string[]) {
  await client.query(`
    create table fuzz_row_changes (n bigint not null);
    insert into fuzz_row_changes values (0);
    create function fuzz_rows_inserted() returns trigger language plpgsql as $$
      begin update fuzz_row_changes set n = n + (select count(*) from new_rows); return null; end $$;
    create function fuzz_rows_deleted() returns trigger language plpgsql as $$
      begin update fuzz_row_changes set n = n + (select count(*) from old_rows); return null; end $$;`)
  for (const table of tables) {
    const t = client.escapeIdentifier(table)
    await client.query(`
      create trigger fuzz_rows_inserted after insert on public.${t} referencing new table as new_rows for each statement execute function fuzz_rows_inserted();
      create trigger fuzz_rows_deleted after delete on public.${t} referencing old table as old_rows for each statement execute function fuzz_rows_deleted();`)
  }
  return {
    /** Rows inserted or deleted, committed, since the tally was installed. */
    read: async () => Number((await client.query<{ n: string }>('select n from fuzz_row_changes')).rows[0]!.n),
    remove: async () => {
      for (const table of tables) {
        const t = client.escapeIdentifier(table)
        await client.query(
          `drop trigger if exists fuzz_rows_inserted on public.${t}; drop trigger if exists fuzz_rows_deleted on public.${t};`,
        )
      }
      await client.query(
        'drop function if exists fuzz_rows_inserted(), fuzz_rows_deleted(); drop table if exists fuzz_row_changes',
      )
    },
  }
}
