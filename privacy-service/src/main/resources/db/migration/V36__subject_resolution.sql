-- Runs as the database owner role. A request naming emails or phone numbers first asks the resolving owner for the
-- contact ids they belong to (docs/adr/0034); while it waits, the watchdog re-publishes the resolution, not the request.
alter table privacy_request add column awaiting_resolution boolean not null default false;
