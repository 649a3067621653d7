-- Who recorded each consent change (docs/adr/0021), as an opaque id and never personal data: a client id for a
-- client-credentials token (CLIENT), the token's subject for a person (USER), or privacy-service itself for the
-- unsubscribe link and privacy requests (SYSTEM). Null for the changes recorded before this column.
alter table consent_change
    add column recorded_by_kind varchar(6) check (recorded_by_kind in ('USER', 'CLIENT', 'SYSTEM')),
    add column recorded_by      varchar(100),
    add check ((recorded_by_kind is null) = (recorded_by is null));
