-- Runs as the database owner role; ${app_role} is the role the service connects as.
-- Missing export chunks are requested again (issue 17 item 1, docs/adr/0050): a bundle that waits for chunks
-- that do not come (lost, or dead-lettered) is re-requested from its owners after a timeout, with back-off, a
-- bounded number of times, then marked FAILED with a reason code instead of staying ASSEMBLING for ever.
alter table export_bundle
    -- Since when the bundle waits for chunks: every owner answered, or the last chunk or re-request came.
    add column waiting_since  timestamptz,
    -- How many times the owners were asked again for their chunks.
    add column chunk_requests integer not null default 0,
    -- Given up on the chunks after the last re-request; a code, never free text.
    add column failed_at      timestamptz,
    add column failure_reason varchar(40);

-- Bundles already waiting start their clock now. The owner is subject to row-level security too.
alter table export_bundle no force row level security;
update export_bundle set waiting_since = now() where parts_known and assembled_at is null and destroyed_at is null;
alter table export_bundle force row level security;

-- An owner asked again seals its part again: each sealing (its sealed_at) is a set of its own, and the bundle takes
-- one complete set per owner, never chunks of two sealings mixed (the parts may differ between them).
alter table export_chunk drop constraint export_chunk_pkey,
    add primary key (tenant_id, request_id, owner, sealed_at, chunk_index);

create index export_bundle_waiting on export_bundle (waiting_since)
    where parts_known and assembled_at is null and destroyed_at is null and failed_at is null;
