-- Runs as the database owner role. A PARTIALLY_COMPLETED erasure is certified too, stating per owner what was done and
-- what failed; an officer may then retry a failed owner's task, and the request, settled again, gets a new certificate
-- (docs/adr/0041). A request may so hold several certificates, numbered in the order they were issued; the newest one
-- is the request's current certificate. Each stays as it was signed.
alter table erasure_certificate add column seq int not null default 1;
alter table erasure_certificate drop constraint erasure_certificate_pkey;
alter table erasure_certificate add primary key (tenant_id, request_id, seq);
