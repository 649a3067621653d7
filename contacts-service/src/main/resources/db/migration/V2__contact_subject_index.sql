-- Blind indexes of each contact's email and phone (libs/subject-index): privacy requests name a subject
-- by these, never by the raw identifier, and the contact is found without reading personal data.
alter table contact add column email_index varchar(43);
alter table contact add column phone_index varchar(43);
create index contact_by_email_index on contact (tenant_id, email_index) where email_index is not null;
create index contact_by_phone_index on contact (tenant_id, phone_index) where phone_index is not null;
