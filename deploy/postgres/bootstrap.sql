-- Roles and databases of the local platform, run by ./dev as the cluster superuser; idempotent.
-- Per service: an owner role that owns the database and runs Flyway, and an app role the service
-- connects as, which owns nothing and has no BYPASSRLS (row-level security applies to it).
-- Passwords are local-development values; production provisions its own roles and secrets.
select format('create role %I login password %L nosuperuser nocreatedb nocreaterole nobypassrls', role, 'local-dev-only')
from unnest(array['oubli_contacts_owner', 'oubli_contacts_app',
                  'oubli_knowledge_owner', 'oubli_knowledge_app',
                  'oubli_privacy_owner', 'oubli_privacy_app',
                  'oubli_outbox_owner', 'oubli_outbox_app']) as role
where not exists (select 1 from pg_roles where rolname = role)
\gexec

select format('create database %I owner %I', db, owner)
from (values ('oubli_contacts', 'oubli_contacts_owner'), ('oubli_contacts_test', 'oubli_contacts_owner'),
             ('oubli_knowledge', 'oubli_knowledge_owner'), ('oubli_knowledge_test', 'oubli_knowledge_owner'),
             ('oubli_privacy', 'oubli_privacy_owner'), ('oubli_privacy_test', 'oubli_privacy_owner'),
             ('oubli_outbox_test', 'oubli_outbox_owner')) as d(db, owner)
where not exists (select 1 from pg_database where datname = db)
\gexec

-- A service reaches its own database only.
select format('revoke connect on database %I from public', datname)
from pg_database where datname like 'oubli\_%'
\gexec
select format('grant connect on database %I to %I', datname, app)
from (select datname, regexp_replace(datname, '_test$', '') || '_app' as app from pg_database where datname like 'oubli\_%') d
where exists (select 1 from pg_roles where rolname = app)
\gexec

-- No statement and no transaction of a service holds the database indefinitely (a runaway query, a connection left
-- in a transaction): app roles stop a statement after 30 s, owner roles (Flyway migrations) after 10 min, and
-- either role's session ends after 60 s idle inside a transaction. Role defaults apply to new sessions.
select format('alter role %I set statement_timeout = %L', rolname, case when rolname like '%\_owner' then '10min' else '30s' end)
from pg_roles where rolname ~ '^oubli_[a-z]+_(app|owner)$'
\gexec
select format('alter role %I set idle_in_transaction_session_timeout = %L', rolname, '60s')
from pg_roles where rolname ~ '^oubli_[a-z]+_(app|owner)$'
\gexec
