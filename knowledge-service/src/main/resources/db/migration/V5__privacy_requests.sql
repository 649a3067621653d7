-- knowledge-service's part of privacy requests: the tenant's choice for mentions on erasure, and the requests
-- already handled (per request id, whatever the attempt), with the counts their receipt carried. No personal data.
create table erasure_policy (
    tenant_id uuid       not null primary key,
    mentions  varchar(6) not null check (mentions in ('MASK', 'DELETE'))
);

create table privacy_request_handled (
    tenant_id    uuid        not null,
    request_id   uuid        not null,
    request_type varchar(20) not null,
    counts       jsonb       not null,
    handled_at   timestamptz not null,
    primary key (tenant_id, request_id)
);

do $$
declare t text;
begin
    foreach t in array array['erasure_policy', 'privacy_request_handled'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format($p$create policy tenant_isolation on %I
            using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
            with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)$p$, t);
    end loop;
end $$;

grant select, insert, update, delete on erasure_policy, privacy_request_handled to ${app_role};
