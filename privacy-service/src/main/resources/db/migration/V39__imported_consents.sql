-- Consents granted by a contacts import (docs/adr/0036): the ledger keeps the import and the file line of each change,
-- so a row applied once is never applied again (a redelivered event), and an officer can trace a grant to its row.
alter table consent_change
    add column import_id  uuid,
    add column import_row bigint,
    add check ((import_id is null) = (import_row is null));
create unique index consent_change_imported_row on consent_change (tenant_id, import_id, import_row, channel, purpose)
    where import_id is not null;
