-- Runs as the database owner role; ${app_role} is the role the service connects as.
-- The private status link of a verified self-service request: a random token given once to the subject, kept here
-- only as its keyed hash (docs/adr/0031).
alter table identity_verification add column status_token_hash varchar(64);
create unique index identity_verification_by_status_token on identity_verification (tenant_id, status_token_hash)
    where status_token_hash is not null;
