export class UsageError extends Error {
  override name = 'UsageError';
}

export function usage(): string {
  return `Usage: ritm <command> [options]

Commands:
  serve [--demo]                 migrate, then serve the API at /api and the admin at /
                                 (--demo loads demo data into an empty database)
  migrate                        bring the database to the latest schema
  demo [--force]                 load the demo (Russian organisations, plans, items) into the
                                 database; --force adds it beside existing organisations
  user create --email E --password P [--name N] [--admin]
                                 create a user (--admin: a system administrator)
  token create --email E --name N [--expires-days D]
                                 print a personal API token for scripts (shown once)
  import --org ID FILE [--dry-run] [--as EMAIL] [--lang ru|en]
                                 import a media plan from .xlsx or .csv: all rows or none;
                                 --dry-run previews; exit code 1 on any problem
  report compliance --org ID --from D --to D --format xlsx|pdf FILE [--lang ru|en]
                                 the compliance report of the organisation and its subtree
                                 (at most a year; PDF up to 100 organisations)
  report annual-review --org ID --year Y --format xlsx|pdf FILE [--lang ru|en]
                                 the union's annual review of information work
  evidence fetch --org ID [--subtree] [--lang ru|en]
                                 read the organisation's feed, VK and Telegram bot sources now
                                 (--subtree: those below it too) and print what each read did
  jobs [--lang ru|en]            the schedules (last and next run), the queues (waiting,
                                 failed in 24 h, the last failure) and what does not move;
                                 through the running server on the embedded database
  digest --org ID [--dry-run] [--force] [--lang ru|en]
                                 send the weekly digests of the organisation's editors and
                                 directors (and those below) now, once a week unless --force;
                                 --dry-run prints them and writes nothing
  counts rebuild|check [--lang ru|en]
                                 rebuild: bring every organisation's counting selectors in
                                 step, set items' attachment counts to their files, count
                                 again from the items what compliance reads, and set again
                                 the organisations' revision rows and items' kept JSON that
                                 drifted; check: compare all of those (exit 1: any differs)
  check FILE|- [--strict] [--preset ID]…
                                 evaluate a JSON compliance scenario and print the results

Environment: DATABASE_URL (a PostgreSQL server; absent: the embedded database in RITM_DATA_DIR,
default ./data), PORT (3000), HOST (127.0.0.1), LOG_LEVEL (info), RITM_LOG_FORMAT (pretty|json).
`;
}
