-- Runs as the database owner role; ${app_role} is the role the service connects as.
-- The head of a tenant's audit chain, read once the chain's lock is held, in one round trip instead of two
-- (docs/adr/0053): every unit of work of the tenant waits for the holder's commit, so each round trip made under the lock
-- is paid once per unit of work, in series. Two statements of a VOLATILE function: in READ COMMITTED each takes its own
-- snapshot, so the read, made after the lock was granted, sees the entries of the transaction that held it before, as
-- the two statements sent one after the other did. Security invoker: row-level security applies as before.
create function audit_locked_head(p_tenant uuid) returns table (seq bigint, hash varchar) language plpgsql volatile as $$
begin
    perform pg_advisory_xact_lock(hashtextextended('audit:' || p_tenant::text, 0));
    return query select a.seq, a.hash from audit_event a where a.tenant_id = p_tenant order by a.seq desc limit 1;
end $$;
revoke all on function audit_locked_head(uuid) from public;
grant execute on function audit_locked_head(uuid) to ${app_role};
